package io.helmwatch.core;

/**
 * Turns an observation into a state. Must be a pure function of the observation and must not throw on
 * malformed input (map it to a defined state instead); the {@link Watcher} still guards against a deriver
 * that throws.
 *
 * <p>The watcher calls {@link #state} on every update and {@link #derive} only when it emits, so an
 * implementation that can compute the state without allocating should override {@link #state}.
 *
 * @since 0.1
 */
public interface StateDeriver {

  Derivation derive(ReleaseObservation observation);

  /** The state alone; called on every update. */
  default ComponentState state(ReleaseObservation observation) {
    return derive(observation).state();
  }

  /**
   * Whether the cluster has drifted from the release, as {@link ReleaseDetails#drifted()} of {@link #derive}
   * says; called on every update beside {@link #state}, so it must be cheap and must not allocate. The
   * watcher emits {@link EmissionCause#DRIFT_DETECTED} and {@link EmissionCause#DRIFT_CORRECTED} when it
   * changes. The default: never drifted.
   */
  default boolean drifted(ReleaseObservation observation) {
    return false;
  }
}
