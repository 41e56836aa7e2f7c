package io.helmwatch.core;

import io.helmwatch.core.LaneStats;
import java.time.Duration;

/**
 * A sink's registration with a {@link Watcher}. Closing it stops delivery and closes the sink.
 *
 * <pre>{@code
 * try (Subscription s = watcher.subscribe(sink)) {
 *   ...
 *   LaneStats stats = s.stats();
 * } // flushes what the lane accepted, then closes the sink
 * }</pre>
 *
 * @since 0.1
 */
public interface Subscription extends AutoCloseable {

  /** The subscribed sink. */
  EventSink sink();

  /** {@code false} once closed. */
  boolean isActive();

  /** The delivery counters of this sink's lane (for a synchronous sink: delivered and failed only). */
  LaneStats stats();

  /**
   * Waits up to {@code timeout} until everything accepted so far has been delivered (the sink returned).
   * Immediate for a synchronous sink.
   *
   * @return {@code true} when nothing is pending
   */
  boolean flush(Duration timeout);

  /**
   * Stops delivery, delivers what was already accepted (waiting at most the lane's close timeout), then
   * closes the sink. Idempotent.
   */
  @Override
  void close();
}
