package io.helmwatch.core;

/**
 * Counters of one delivery lane (or of a synchronous sink, whose {@code coalesced}, {@code dropped} and
 * {@code queued} stay 0).
 *
 * @param delivered calls the sink returned from normally (after retries, if any)
 * @param coalesced entries replaced by a newer one for the same component (or the same notice kind, or a
 *     newer snapshot) because the lane was full
 * @param failed calls that threw, or still threw a {@link RetryableSinkException} after the last retry
 * @param retried retries made
 * @param dropped entries abandoned because closing timed out, and log lines refused because the lane was full or closing
 * @param queued entries waiting now
 * @since 0.1
 */
public record LaneStats(long delivered, long coalesced, long failed, long retried, long dropped, long queued) {

  /** All zero. */
  public static final LaneStats EMPTY = new LaneStats(0, 0, 0, 0, 0, 0);
}
