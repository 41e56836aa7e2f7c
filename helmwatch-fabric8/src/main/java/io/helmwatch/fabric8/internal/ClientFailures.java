package io.helmwatch.fabric8.internal;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** What the source and the tailer say about a failed request: one line, HTTP status first, no credential. */
final class ClientFailures {
  private ClientFailures() {}

  /** A one-line description of a failure that holds no credentials (fabric8 messages name URLs only). */
  static String describe(Throwable t) {
    Throwable cause = unwrap(t);
    if (cause instanceof KubernetesClientException k && k.getCode() > 0) {
      String reason = k.getStatus() != null && k.getStatus().getMessage() != null
          ? k.getStatus().getMessage() : k.getClass().getSimpleName();
      return "HTTP " + k.getCode() + ": " + firstLine(reason);
    }
    String message = cause.getMessage();
    return cause.getClass().getSimpleName() + (message == null ? "" : ": " + firstLine(message));
  }

  /** Whether the API server answered 404, however the client wrapped it. */
  static boolean isNotFound(Throwable t) {
    return unwrap(t) instanceof KubernetesClientException k && k.getCode() == 404;
  }

  private static Throwable unwrap(Throwable t) {
    Throwable cause = t;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    String line = nl < 0 ? s : s.substring(0, nl);
    return line.length() > 300 ? line.substring(0, 300) + "…" : line;
  }
}
