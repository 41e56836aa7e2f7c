package io.helmwatch.core;

import org.jspecify.annotations.Nullable;

/**
 * The port through which a {@link Watcher} learns about objects: an informer over a Kubernetes API (see
 * {@code helmwatch-fabric8}), or a fake in tests ({@code helmwatch-testing}).
 *
 * <p>A source is started once by one watcher and reports to its {@link Listener} from its own thread(s).
 * It must deliver the initial list, then call {@link Listener#synced()} once, then deliver changes. A
 * listener never throws back into the source.
 */
public interface ReleaseSource extends AutoCloseable {

  /** The cluster this source watches; the {@link ReleaseKey#cluster()} of everything it reports. */
  String cluster();

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

    /** Something went wrong that the source recovers from, or not; {@code message} holds no credentials. */
    void error(String message, @Nullable Throwable cause);

    /** The source stopped for good (not after {@link ReleaseSource#close()}). */
    default void stopped(String reason) {
      error(reason, null);
    }
  }
}
