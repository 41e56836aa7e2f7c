package io.helmwatch.integration.watcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.helmwatch.core.ComponentEvent;
import io.helmwatch.core.ComponentSnapshot;
import io.helmwatch.core.EventSink;
import io.helmwatch.core.WatchNotice;
import io.helmwatch.core.WatchOutcome;
import io.helmwatch.core.Watcher;
import io.helmwatch.testing.FakeReleaseSource;
import io.helmwatch.testing.RecordingSink;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Watchers share one timer thread ({@link io.helmwatch.core.Scheduler#shared()}): a primary sink that blocks
 * in a call a timer made must not hold back any other watcher's timers. Real time, short timers, generous
 * bounds.
 */
@Timeout(60)
class WatcherTimerIsolationTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @Test
  void aPrimarySinkBlockedInAFirstSeenNoticeDoesNotDelayAnotherWatchersTimeout() throws Exception {
    assertOtherWatcherTimesOutWhileBlocked(b -> b.firstSeenTimeout(Duration.ofMillis(1)));
  }

  @Test
  void aPrimarySinkBlockedInAPeriodicSnapshotDoesNotDelayAnotherWatchersTimeout() throws Exception {
    assertOtherWatcherTimesOutWhileBlocked(b -> b.snapshotEvery(Duration.ofMillis(1)));
  }

  /** {@code timer} makes a timer call the blocking primary sink of a continuous watcher soon after start. */
  private static void assertOtherWatcherTimesOutWhileBlocked(UnaryOperator<Watcher.Builder> timer)
      throws Exception {
    BlockingSink blocking = new BlockingSink();
    RecordingSink other = new RecordingSink("other");
    try (Watcher stalled = timer.apply(Watcher.builder(FakeReleaseSource.create()).sink(blocking).continuous())
            .build();
        Watcher watcher = Watcher.builder(FakeReleaseSource.create()).sink(other)
            .timeout(Duration.ofMillis(50)).build()) {
      // The timer may fire before start() returns; then start() waits for the watcher's lock, which the
      // blocked sink holds: start it on a thread of its own.
      CompletableFuture<?> starting = CompletableFuture.runAsync(stalled::start);
      try {
        assertThat(blocking.held.awaitHeld(WAIT)).as("a timer called the blocking sink").isTrue();
        watcher.start();
        assertThat(other.awaitOutcome(WAIT).outcome()).isEqualTo(WatchOutcome.NOT_RECONCILING);
      } finally {
        blocking.held.release(); // before the watchers close: the stalled watcher's close waits for it
      }
      starting.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }
  }

  /** Blocks in whatever call a timer makes on it until released. */
  private static final class BlockingSink implements EventSink {
    final Hold held = new Hold();

    @Override
    public void onEvent(ComponentEvent event) {}

    @Override
    public void onNotice(WatchNotice notice) {
      held.hold();
    }

    @Override
    public void onSnapshot(List<ComponentSnapshot> snapshot) {
      held.hold();
    }
  }
}
