package io.helmwatch.benchmarks;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.helmwatch.core.ReleaseSource;
import io.helmwatch.fabric8.internal.HelmReleaseView;

/**
 * What {@code Fabric8ReleaseSource} does with each informer notification on the handler thread: re-point its
 * one {@link HelmReleaseView} at the resource, note a malformed shape, hand the view to the watcher's
 * listener, clear the view. Not thread-safe, like the handler thread it stands for.
 */
final class InformerHandoff {
  private final ReleaseSource.Listener listener;
  private final HelmReleaseView view = new HelmReleaseView("primary");
  private long malformed;

  InformerHandoff(ReleaseSource.Listener listener) {
    this.listener = listener;
  }

  void deliver(GenericKubernetesResource resource) {
    HelmReleaseView v = view.read(resource);
    if (v == null) {
      return;
    }
    if (v.malformation() != null) {
      malformed++;
    }
    try {
      listener.upsert(v);
    } finally {
      view.clear();
    }
  }

  /** Fails when any delivered resource read as malformed: a benchmark's workload must be well-formed. */
  void checkWellFormed() {
    if (malformed != 0) {
      throw new IllegalStateException(malformed + " updates read as malformed: the workload is wrong");
    }
  }
}
