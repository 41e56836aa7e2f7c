package io.helmwatch.fabric8;

import java.time.Instant;
import java.util.Objects;

/**
 * Where a {@link HelmControllerLogTailer} starts reading the log of a container that was already running
 * when the tailer started (its {@code startedAt} is before the tailer's start, or unknown):
 *
 * <ul>
 *   <li>{@link #now()}, the default: from the tailer's start on, so that restarting the process that runs
 *       the tailer does not replay the controller's whole log into the jobs table;
 *   <li>{@link #since(Instant)}: from a saved time on, e.g. the time of the last line kept;
 *   <li>{@link #tail(int)}: from the container's last lines on.
 * </ul>
 *
 * <p>The position only applies to the first stream of such a container. A container that started after the
 * tailer is read from its first line, and a stream that is reopened continues after the last line seen.
 * The API server takes a start time in whole seconds; the lines of that second written before the instant
 * are dropped by the tailer.
 *
 * @since 0.1
 */
public sealed interface LogStartPosition {

  /** From the tailer's start on: the time its clock tells when {@link HelmControllerLogTailer#start()} runs. */
  static LogStartPosition now() {
    return new Now();
  }

  /**
   * From {@code time} on (inclusive).
   *
   * @throws NullPointerException when {@code time} is null
   */
  static LogStartPosition since(Instant time) {
    return new Since(time);
  }

  /**
   * From the container's last {@code lines} lines on; zero reads only what is written from the attach on.
   *
   * @throws IllegalArgumentException when {@code lines} is negative
   */
  static LogStartPosition tail(int lines) {
    return new Tail(lines);
  }

  /** From the tailer's start on. */
  record Now() implements LogStartPosition {}

  /** From {@code time} on. */
  record Since(Instant time) implements LogStartPosition {
    public Since {
      Objects.requireNonNull(time, "since");
    }
  }

  /** From the last {@code lines} lines on. */
  record Tail(int lines) implements LogStartPosition {
    public Tail {
      if (lines < 0) {
        throw new IllegalArgumentException("tail lines must be zero or more, was " + lines);
      }
    }
  }
}
