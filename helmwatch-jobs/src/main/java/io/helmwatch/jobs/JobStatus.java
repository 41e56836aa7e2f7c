package io.helmwatch.jobs;

import java.util.Locale;

/**
 * The status of a {@link Job}, as a jobs table shows it.
 *
 * @since 0.1
 */
public enum JobStatus {
  /** Nothing started yet: the component is pending. */
  PENDING,
  /** An install attempt is under way (the component is installing or degraded). */
  RUNNING,
  /** The component is installed. */
  SUCCEEDED,
  /** The component failed. */
  FAILED,
  /** The component was removed before its attempt finished. */
  CANCELLED;

  /** {@code true} for {@link #SUCCEEDED}, {@link #FAILED} and {@link #CANCELLED}: raw log lines are dropped. */
  public boolean isFinished() {
    return this == SUCCEEDED || this == FAILED || this == CANCELLED;
  }

  /** The lower-case name used on disk and in UIs. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The status written as {@code wire}. */
  public static JobStatus ofWire(String wire) {
    return valueOf(wire.toUpperCase(Locale.ROOT));
  }
}
