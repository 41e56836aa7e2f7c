package io.helmwatch.core;

import org.jspecify.annotations.Nullable;

/**
 * Decides, for each observation, whether the watcher emits an event.
 *
 * <p>Called on every update, so implementations must be cheap and must not allocate. {@code first} is
 * tracked explicitly per watcher instance: it is {@code true} exactly once per component (again after the
 * component was deleted and reappears), whether or not a prior state was supplied.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface EmissionPolicy {

  /**
   * @param first this is the component's first observation by this watcher
   * @param previous the state derived last time, or the prior state supplied for resume, or {@code null}
   * @param current the state derived now
   */
  boolean shouldEmit(boolean first, @Nullable ComponentState previous, ComponentState current);

  /**
   * The default: emit on a component's first observation whatever its state, and on every real transition;
   * suppress updates that do not change the derived state. A restarted watcher reports every component
   * once, even when it already was installed.
   */
  static EmissionPolicy firstObservationOrTransition() {
    return Policies.FIRST_OR_TRANSITION;
  }

  /**
   * Emit only when the state differs from the previous one. With a prior state supplied, an already
   * installed component is never reported: kept to document the bug the default policy fixes.
   */
  static EmissionPolicy transitionsOnly() {
    return Policies.TRANSITIONS_ONLY;
  }

  /** Emit on every observation, churn included. */
  static EmissionPolicy everyObservation() {
    return Policies.EVERY;
  }
}

enum Policies implements EmissionPolicy {
  FIRST_OR_TRANSITION {
    @Override
    public boolean shouldEmit(boolean first, @Nullable ComponentState previous, ComponentState current) {
      return first || previous != current;
    }
  },
  TRANSITIONS_ONLY {
    @Override
    public boolean shouldEmit(boolean first, @Nullable ComponentState previous, ComponentState current) {
      return previous != current;
    }
  },
  EVERY {
    @Override
    public boolean shouldEmit(boolean first, @Nullable ComponentState previous, ComponentState current) {
      return true;
    }
  }
}
