package io.helmwatch.core;

import io.helmwatch.core.internal.Checks;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import org.jspecify.annotations.Nullable;

/**
 * How a delivery lane buffers, retries and closes.
 *
 * <pre>{@code
 * watcher.subscribe(webhook, LaneOptions.defaults()
 *     .withCapacity(256)
 *     .withRetry(RetryPolicy.exponential(5, Duration.ofSeconds(1), Duration.ofSeconds(30))));
 * }</pre>
 *
 * <p>A lane delivers one call at a time on its own daemon thread, in the order accepted, and accepting never
 * blocks on the sink. Past {@code capacity} queued entries it coalesces to the newest event per component,
 * so it never holds more than {@code capacity + (B + 1) * K + B} entries for {@code K} components and {@code
 * B} kinds of notices; log lines are dropped (and counted) instead of coalesced.
 *
 * @param capacity entries the lane queues before it coalesces to the newest event per component
 * @param retry what to do with {@link io.helmwatch.core.sink.RetryableSinkException}s
 * @param closeTimeout how long closing waits for accepted entries to be delivered
 * @param threadFactory makes the lane's one thread, e.g. to name it, set its priority or context class loader,
 *     or make it virtual on a newer JDK; {@code null}: a daemon thread named {@code helmwatch-lane-<sink>-<n>}.
 *     A lane interrupts its thread when closing times out, so the factory must return a new, unstarted
 *     thread that runs the given task.
 * @since 0.1
 */
public record LaneOptions(int capacity, RetryPolicy retry, Duration closeTimeout,
    @Nullable ThreadFactory threadFactory) {

  private static final LaneOptions DEFAULTS = new LaneOptions(1024, RetryPolicy.DEFAULT, Duration.ofSeconds(10));

  /** Options with the default thread. */
  public LaneOptions(int capacity, RetryPolicy retry, Duration closeTimeout) {
    this(capacity, retry, closeTimeout, null);
  }

  public LaneOptions {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be >= 1, was " + capacity);
    }
    Objects.requireNonNull(retry, "retry");
    Checks.positive(closeTimeout, "closeTimeout");
  }

  /** Capacity 1024, {@link RetryPolicy#DEFAULT}, close timeout 10 s. */
  public static LaneOptions defaults() {
    return DEFAULTS;
  }

  public LaneOptions withCapacity(int capacity) {
    return new LaneOptions(capacity, retry, closeTimeout, threadFactory);
  }

  public LaneOptions withRetry(RetryPolicy retry) {
    return new LaneOptions(capacity, retry, closeTimeout, threadFactory);
  }

  public LaneOptions withCloseTimeout(Duration closeTimeout) {
    return new LaneOptions(capacity, retry, closeTimeout, threadFactory);
  }

  /** The same options, the lane's thread made by {@code threadFactory}. */
  public LaneOptions withThreadFactory(ThreadFactory threadFactory) {
    return new LaneOptions(capacity, retry, closeTimeout, Objects.requireNonNull(threadFactory, "threadFactory"));
  }
}
