package io.helmwatch.jobs;

import io.helmwatch.core.EventLevel;
import java.time.Instant;
import java.util.Objects;

/**
 * One line of an {@link Execution}'s log: a state line written by the bridge ({@code [installing] ...}) or a
 * raw line routed from the controller's log.
 *
 * @param time when it happened
 * @param level severity
 * @param message the text
 * @since 0.1
 */
public record LogLine(Instant time, EventLevel level, String message) {

  public LogLine {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(message, "message");
  }
}
