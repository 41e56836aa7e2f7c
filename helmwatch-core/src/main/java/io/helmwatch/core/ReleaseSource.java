package io.helmwatch.core;

import org.jspecify.annotations.Nullable;

/**
 * The port through which a {@link Watcher} learns about objects: an informer over a Kubernetes API (see
 * {@code helmwatch-fabric8}), or a fake in tests ({@code helmwatch-testing}).
 *
 * <p>A source is started once by one watcher and reports to its {@link Listener} from its own thread(s).
 * It must deliver the initial list, then call {@link Listener#synced()} once, then deliver changes. A
 * listener never throws back into the source.
 *
 * @since 0.1
 */
public interface ReleaseSource extends AutoCloseable {

  /** The cluster this source watches; the {@link ReleaseKey#cluster()} of everything it reports. */
  String cluster();

  /**
   * Whether this source reports objects of more than one namespace (for example an informer over all
   * namespaces). A watcher then gives components {@linkplain ComponentNamer#namespaced() namespace-qualified
   * ids} by default, so that {@code podinfo} in {@code dev} and in {@code staging} stay two components.
   * Default {@code false}.
   */
  default boolean spansNamespaces() {
    return false;
  }

  /** Starts delivering to {@code listener}. Called at most once. */
  void start(Listener listener);

  /** Stops delivering. Idempotent; may be called from a listener callback. */
  @Override
  void close();

  /** What a source reports. */
  interface Listener {

    /** An object was added or changed (or re-delivered by a relist or resync). */
    void upsert(ReleaseObservation observation);

    /** An object is gone. */
    void delete(ReleaseKey key);

    /** The initial list has been delivered. */
    void synced();

    /**
     * Something went wrong in {@code cluster}'s source that it may recover from (a dropped watch, a refused
     * request). {@code message} and {@code cause} must hold no credentials.
     */
    void error(String cluster, String message, @Nullable Throwable cause);

    /**
     * {@code cluster}'s source, after an {@linkplain #error error}, delivers again: its watch is back. Reported
     * once per recovery, not after every error. Default: nothing.
     */
    default void recovered(String cluster, String message) {}

    /** {@code cluster}'s source stopped for good, not because it was {@linkplain ReleaseSource#close() closed}. */
    void stopped(String cluster, String reason);
  }
}
