package io.helmwatch.fabric8.internal;

/** One run of the container whose log is read: a new uid (a replaced pod) or restart count is another. */
record ContainerInstance(String pod, String uid, String container, int restartCount) {}
