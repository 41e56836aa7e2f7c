package io.helmwatch.cli;

/**
 * The cluster cannot be watched: unreachable, credentials refused, not allowed, Flux not installed, or the
 * {@code --api-version} asked for not served. Its
 * message is one line that names the problem and the fix, and never holds credentials.
 */
final class ClusterUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final boolean versionNotServed;

  ClusterUnavailableException(String message) {
    this(message, false);
  }

  ClusterUnavailableException(String message, boolean versionNotServed) {
    super(message);
    this.versionNotServed = versionNotServed;
  }

  /** Whether the cluster answered but does not serve the {@code --api-version} asked for: no retry helps. */
  boolean versionNotServed() {
    return versionNotServed;
  }
}
