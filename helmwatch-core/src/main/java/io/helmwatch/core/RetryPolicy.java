package io.helmwatch.core;

import io.helmwatch.core.internal.Checks;
import java.time.Duration;

/**
 * How a delivery lane retries a call that threw {@link io.helmwatch.core.sink.RetryableSinkException}: up to {@code
 * maxRetries} more attempts, waiting {@code initialBackoff}, then twice as long each time, at most {@code
 * maxBackoff}. Other exceptions are never retried.
 *
 * @param maxRetries attempts after the first; {@code 0} disables retries
 * @param initialBackoff wait before the first retry
 * @param maxBackoff cap on the wait between retries
 * @since 0.1
 */
public record RetryPolicy(int maxRetries, Duration initialBackoff, Duration maxBackoff) {

  /** No retries: a retryable failure counts as failed at once. */
  public static final RetryPolicy NONE = new RetryPolicy(0, Duration.ofMillis(1), Duration.ofMillis(1));

  /** 3 retries after 200 ms, 400 ms, 800 ms. */
  public static final RetryPolicy DEFAULT = new RetryPolicy(3, Duration.ofMillis(200), Duration.ofSeconds(5));

  public RetryPolicy {
    if (maxRetries < 0) {
      throw new IllegalArgumentException("maxRetries must be >= 0, was " + maxRetries);
    }
    Checks.positive(initialBackoff, "initialBackoff");
    Checks.positive(maxBackoff, "maxBackoff");
    if (maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException(
          "maxBackoff (" + maxBackoff + ") must not be shorter than initialBackoff (" + initialBackoff + ")");
    }
  }

  /** Exponential backoff from {@code initialBackoff}, capped at {@code maxBackoff}. */
  public static RetryPolicy exponential(int maxRetries, Duration initialBackoff, Duration maxBackoff) {
    return new RetryPolicy(maxRetries, initialBackoff, maxBackoff);
  }

  /** The wait before retry number {@code retry} (0-based). */
  public Duration backoff(int retry) {
    Duration d = initialBackoff;
    for (int i = 0; i < retry && d.compareTo(maxBackoff) < 0; i++) {
      d = d.multipliedBy(2);
    }
    return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
  }
}
