package io.helmwatch.core;

import java.util.Locale;

/**
 * The install state of one component.
 *
 * @since 0.1
 */
public enum ComponentState {
  /** Not started: no Ready condition yet, or waiting for dependencies. */
  PENDING,
  /** The controller is installing or upgrading it. */
  INSTALLING,
  /** Installed and Ready for the current generation. Terminal. */
  INSTALLED,
  /** Not ready for a reason the controller retries. Not terminal. */
  DEGRADED,
  /** The controller gave up, or the install/upgrade failed. Terminal. */
  FAILED,
  /** {@code spec.suspend: true}: the controller does nothing until resumed. Not terminal. */
  SUSPENDED,
  /** Deleted, or its deletion is pending. Leaves the set a watch waits for. */
  REMOVED;

  /** Computed once: the wire name is read for every event written and every event id. */
  private final String wire = name().toLowerCase(Locale.ROOT);

  /** {@code true} for {@link #INSTALLED} and {@link #FAILED}: states a watch can end on. */
  public boolean isTerminal() {
    return this == INSTALLED || this == FAILED;
  }

  /** The lower-case name used on the wire and in logs ({@code installed}). */
  public String wireName() {
    return wire;
  }
}
