package io.helmwatch.core;

/**
 * Severity of an event or notice.
 *
 * @since 0.1
 */
public enum EventLevel {
  INFO,
  WARN,
  ERROR;

  /** The level of an event in {@code state}: failed is an error, degraded and suspended are warnings. */
  public static EventLevel of(ComponentState state) {
    return switch (state) {
      case FAILED -> ERROR;
      case DEGRADED, SUSPENDED -> WARN;
      default -> INFO;
    };
  }
}
