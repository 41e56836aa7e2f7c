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
  DELETED
}
