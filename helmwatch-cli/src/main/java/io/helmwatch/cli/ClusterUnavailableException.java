package io.helmwatch.cli;

/**
 * The cluster cannot be watched: unreachable, credentials refused, not allowed, or Flux not installed. Its
 * message is one line that names the problem and the fix, and never holds credentials.
 */
final class ClusterUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  ClusterUnavailableException(String message) {
    super(message);
  }
}
