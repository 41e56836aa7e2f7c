package io.helmwatch.core;

/**
 * Why a {@link ComponentEvent} was emitted.
 *
 * @since 0.1
 */
public enum EmissionCause {
  /** The first observation of the component by this watcher, whatever its state. */
  FIRST_OBSERVATION,
  /** The derived state differs from the previous one. */
  TRANSITION,
  /** Same state as before; emitted because the policy emits every observation. */
  REPEATED,
  /** The object was deleted or its deletion is pending. */
  DELETED,
  /**
   * The cluster drifted from the release ({@link ReleaseDetails#drifted()} became {@code true}); the state
   * is the one before, which drift alone does not change. Emitted whatever the emission policy.
   */
  DRIFT_DETECTED,
  /**
   * The drift is gone ({@link ReleaseDetails#drifted()} became {@code false}): helm-controller corrected it
   * or found none, or drift detection was switched off. Emitted whatever the emission policy.
   */
  DRIFT_CORRECTED;

  /** Whether this cause reports a change of drift rather than of state. */
  public boolean isDrift() {
    return this == DRIFT_DETECTED || this == DRIFT_CORRECTED;
  }
}
