package io.helmwatch.core.internal.engine;

import io.helmwatch.core.ComponentId;
import io.helmwatch.core.ComponentState;
import io.helmwatch.core.Derivation;
import io.helmwatch.core.ReleaseKey;
import io.helmwatch.core.ReleaseObservation;
import org.jspecify.annotations.Nullable;

/** One component's state in a watch. Written under the engine's gate; read without it on the churn path. */
final class Track {
  final ReleaseKey key;
  final ComponentId id;
  /** The state known from before this watcher, if any: the previous state of the first event. */
  final @Nullable ComponentState prior;
  volatile @Nullable ComponentState state;
  /** Set after {@link #state} so that a reader who sees it also sees the state. */
  volatile boolean observed;
  /** The observation at the last state change or emission, and what was derived from it. */
  @Nullable ReleaseObservation last;
  @Nullable Derivation derivation;
  /** Whether the termination gate's counters include this track. */
  boolean counted;
  boolean failureReported;

  Track(ReleaseKey key, ComponentId id, @Nullable ComponentState prior) {
    this.key = key;
    this.id = id;
    this.prior = prior;
  }
}
