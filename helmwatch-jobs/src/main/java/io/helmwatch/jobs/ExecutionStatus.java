package io.helmwatch.jobs;

import java.util.Locale;

/**
 * The status of an {@link Execution}: running until the attempt ends.
 *
 * @since 0.1
 */
public enum ExecutionStatus {
  RUNNING,
  SUCCEEDED,
  FAILED,
  /** The component was removed while the attempt was running. */
  CANCELLED;

  /** The lower-case name used on disk and in UIs. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The status written as {@code wire}. */
  public static ExecutionStatus ofWire(String wire) {
    return valueOf(wire.toUpperCase(Locale.ROOT));
  }
}
