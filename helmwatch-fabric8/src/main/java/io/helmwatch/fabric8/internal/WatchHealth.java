package io.helmwatch.fabric8.internal;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Whether a source has reported an error that no delivery has followed yet. The informer says when a list or
 * watch fails but not when it works again; the first delivery after a failure (an object, or an empty
 * relist) shows that it does, and is reported as a recovery, once.
 */
final class WatchHealth {
  private final AtomicBoolean failing = new AtomicBoolean();

  /** A list, watch or CRD check failed. */
  void failed() {
    failing.set(true);
  }

  /** {@code true} once for the first delivery after a failure; cheap on the hot path (one volatile read). */
  boolean recoveredNow() {
    return failing.get() && failing.compareAndSet(true, false);
  }
}
