package io.helmwatch.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One install attempt of a {@link Job}. Its log lines are read with {@link JobStore#lines}.
 *
 * @param job the job's name
 * @param number 1 for the job's first attempt, then 2, 3, ...
 * @param status running until the attempt ends
 * @param startedAt when it was opened
 * @param finishedAt when it ended; {@code null} while running
 * @since 0.1
 */
public record Execution(
    String job, int number, ExecutionStatus status, Instant startedAt, @Nullable Instant finishedAt) {

  public Execution {
    Objects.requireNonNull(job, "job");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(startedAt, "startedAt");
    if (number < 1) {
      throw new IllegalArgumentException("execution number must be >= 1, was " + number);
    }
    if ((status == ExecutionStatus.RUNNING) != (finishedAt == null)) {
      throw new IllegalArgumentException(
          "execution " + job + "#" + number + " must have finishedAt exactly when not running");
    }
  }

  /** A running attempt. */
  public static Execution open(String job, int number, Instant startedAt) {
    return new Execution(job, number, ExecutionStatus.RUNNING, startedAt, null);
  }

  public boolean isRunning() {
    return status == ExecutionStatus.RUNNING;
  }

  /** This attempt ended with {@code status} at {@code at}. */
  public Execution finish(ExecutionStatus status, Instant at) {
    if (status == ExecutionStatus.RUNNING) {
      throw new IllegalArgumentException("finish needs a final status, not running");
    }
    return new Execution(job, number, status, startedAt, at);
  }

  /** How long the attempt took; {@code null} while running. */
  public @Nullable Duration duration() {
    return finishedAt == null ? null : Duration.between(startedAt, finishedAt);
  }
}
