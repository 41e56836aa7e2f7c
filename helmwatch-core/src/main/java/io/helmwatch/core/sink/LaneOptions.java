package io.helmwatch.core.sink;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link DeliveryLane} buffers, retries and closes.
 *
 * <pre>{@code
 * watcher.subscribe(webhook, LaneOptions.defaults()
 *     .withCapacity(256)
 *     .withRetry(RetryPolicy.exponential(5, Duration.ofSeconds(1), Duration.ofSeconds(30))));
 * }</pre>
 *
 * @param capacity entries the lane queues before it coalesces to the newest event per component; see {@link
 *     DeliveryLane} for the exact memory bound
 * @param retry what to do with {@link RetryableSinkException}s
 * @param closeTimeout how long closing waits for accepted entries to be delivered
 */
public record LaneOptions(int capacity, RetryPolicy retry, Duration closeTimeout) {

  private static final LaneOptions DEFAULTS = new LaneOptions(1024, RetryPolicy.DEFAULT, Duration.ofSeconds(10));

  public LaneOptions {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be >= 1, was " + capacity);
    }
    Objects.requireNonNull(retry, "retry");
    RetryPolicy.positive(closeTimeout, "closeTimeout");
  }

  /** Capacity 1024, {@link RetryPolicy#DEFAULT}, close timeout 10 s. */
  public static LaneOptions defaults() {
    return DEFAULTS;
  }

  public LaneOptions withCapacity(int capacity) {
    return new LaneOptions(capacity, retry, closeTimeout);
  }

  public LaneOptions withRetry(RetryPolicy retry) {
    return new LaneOptions(capacity, retry, closeTimeout);
  }

  public LaneOptions withCloseTimeout(Duration closeTimeout) {
    return new LaneOptions(capacity, retry, closeTimeout);
  }
}
