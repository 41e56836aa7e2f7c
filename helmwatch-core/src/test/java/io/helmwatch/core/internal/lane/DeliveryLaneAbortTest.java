package io.helmwatch.core.internal.lane;

import static io.helmwatch.core.internal.lane.GatedSink.WAIT;
import static io.helmwatch.core.internal.lane.GatedSink.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.helmwatch.core.ComponentEvent;
import io.helmwatch.core.EventSink;
import io.helmwatch.core.LaneOptions;
import io.helmwatch.core.LaneStats;
import io.helmwatch.core.RetryPolicy;
import io.helmwatch.core.sink.RetryableSinkException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DeliveryLaneAbortTest {

  /** A lane whose sink is inside its first call, with {@code 19} more events queued behind it. */
  private static DeliveryLane blockedWithNineteenQueued(GatedSink sink) throws InterruptedException {
    DeliveryLane lane = DeliveryLane.start(sink, LaneOptions.defaults());
    for (int i = 0; i < 20; i++) {
      lane.onEvent(event(i));
    }
    sink.awaitEntered();
    return lane;
  }

  @Test
  void abortDropsTheQueuedEntriesLetsTheCallInFlightFinishAndThenClosesTheSink() throws Exception {
    GatedSink sink = new GatedSink();
    DeliveryLane lane = blockedWithNineteenQueued(sink);

    lane.abort();
    assertThat(lane.stats().dropped()).as("dropped as abort returns").isEqualTo(19);
    assertThat(lane.stats().queued()).as("only the call in flight is left").isEqualTo(1);
    lane.onEvent(event(20));
    sink.release();

    assertThat(lane.awaitClosed(WAIT)).isTrue();
    assertThat(sink.received).containsExactly(event(0));
    assertThat(sink.interruptedInCall).as("the call in flight was interrupted").isTrue();
    assertThat(sink.isClosed()).isTrue();
    assertThat(sink.interruptedInClose).as("close runs on a thread no longer interrupted").isFalse();
    LaneStats stats = lane.stats();
    assertThat(stats.delivered()).isEqualTo(1);
    assertThat(stats.dropped()).as("19 queued and 1 offered after the abort").isEqualTo(20);
    assertThat(stats.queued()).isZero();
    assertThat(lane.isTerminated()).isTrue();
  }

  @Test
  void abortDuringACloseTurnsTheDrainIntoTheAbort() throws Exception {
    GatedSink sink = new GatedSink();
    DeliveryLane lane = blockedWithNineteenQueued(sink);

    lane.beginClose();
    lane.abort();
    sink.release();

    assertThat(lane.awaitClosed(WAIT)).isTrue();
    assertThat(sink.received).containsExactly(event(0));
    assertThat(lane.stats().dropped()).isEqualTo(19);
    assertThat(sink.isClosed()).isTrue();
  }

  @Test
  void abortIsIdempotent() throws Exception {
    GatedSink sink = new GatedSink();
    DeliveryLane lane = blockedWithNineteenQueued(sink);

    lane.abort();
    lane.abort();
    sink.release();
    assertThat(lane.awaitClosed(WAIT)).isTrue();
    lane.abort();

    assertThat(lane.stats().dropped()).isEqualTo(19);
    assertThat(lane.stats().delivered()).isEqualTo(1);
  }

  @Test
  void abortingAnIdleLaneClosesItsSinkWithoutInterruptingTheClose() {
    GatedSink sink = new GatedSink();
    DeliveryLane lane = DeliveryLane.start(sink, LaneOptions.defaults());

    lane.abort();

    assertThat(lane.awaitClosed(WAIT)).isTrue();
    assertThat(sink.isClosed()).isTrue();
    assertThat(sink.interruptedInClose).isFalse();
    assertThat(lane.stats()).isEqualTo(LaneStats.EMPTY);
  }

  @Test
  void abortEndsARetryBackoffWithoutAnotherAttempt() throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    CountDownLatch firstAttempt = new CountDownLatch(1);
    EventSink refusing = new EventSink() {
      @Override
      public void onEvent(ComponentEvent event) {
        attempts.incrementAndGet();
        firstAttempt.countDown();
        throw new RetryableSinkException("busy");
      }
    };
    LaneOptions options = LaneOptions.defaults()
        .withRetry(RetryPolicy.exponential(5, Duration.ofHours(1), Duration.ofHours(1)))
        .withCloseTimeout(Duration.ofHours(1));
    DeliveryLane lane = DeliveryLane.start(refusing, options);
    lane.onEvent(event(0));
    assertThat(firstAttempt.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();

    lane.abort();

    assertThat(lane.awaitClosed(WAIT)).isTrue();
    assertThat(attempts).hasValue(1);
    assertThat(lane.stats().delivered()).isZero();
  }
}
