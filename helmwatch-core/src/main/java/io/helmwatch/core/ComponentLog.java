package io.helmwatch.core;

import java.time.Instant;
import java.util.Objects;

/**
 * One raw log line about a component, for example a helm-controller line that names its HelmRelease.
 *
 * @param component the component the line is about
 * @param time when the line was written (the line's own timestamp when it has one)
 * @param level severity
 * @param message the line's message
 * @since 0.1
 */
public record ComponentLog(ComponentId component, Instant time, EventLevel level, String message) {

  public ComponentLog {
    Objects.requireNonNull(component, "component");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(message, "message");
  }
}
