package io.helmwatch.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.helmwatch.core.ComponentEvent;
import io.helmwatch.core.EventSink;
import io.helmwatch.core.Subscription;
import io.helmwatch.core.Watcher;
import io.helmwatch.core.LaneStats;
import io.helmwatch.testing.FakeReleaseSource;
import io.helmwatch.testing.HelmRelease;
import io.helmwatch.testing.HelmReleases;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import io.helmwatch.support.UsedHeap;

/**
 * 10,000 releases changing state round after round while a subscribed sink never returns: the sink's lane
 * coalesces to the newest state per component, so the heap stays flat however long the sink is stuck.
 */
@Tag("faults")
class HeapBoundTest {
  private static final int RELEASES = 10_000;
  private static final int ROUNDS = 20;

  /** Blocks its lane on the first event until the test ends. */
  private static final class StuckSink implements EventSink {
    final CountDownLatch release = new CountDownLatch(1);
    final CountDownLatch entered = new CountDownLatch(1);

    @Override
    public void onEvent(ComponentEvent event) {
      entered.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }


  private static void round(FakeReleaseSource source, int round) {
    for (int i = 0; i < RELEASES; i++) {
      source.patch(Kits.name(i), round % 2 == 0
          ? HelmRelease::progressing
          : r -> r.notReady("HealthCheckFailed", "health check failed after 5m: timed out waiting (round " + round + ")"));
    }
  }

  @Test
  void heapStaysFlatWhileASubscribedSinkNeverReturns() throws Exception {
    FakeReleaseSource source = FakeReleaseSource.create();
    for (int i = 0; i < RELEASES; i++) {
      source.apply(HelmReleases.named(Kits.name(i)));
    }
    StuckSink stuck = new StuckSink();
    try (Watcher watcher = Watcher.builder(source).continuous().build()) {
      Subscription sub = watcher.subscribe(stuck);
      watcher.start();
      assertThat(stuck.entered.await(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      round(source, 0);
      long baseline = UsedHeap.afterGc();
      long peak = baseline;
      for (int r = 1; r <= ROUNDS; r++) {
        round(source, r);
        if (r % 5 == 0) {
          peak = Math.max(peak, UsedHeap.afterGc());
        }
      }
      long after = UsedHeap.afterGc();
      LaneStats stats = sub.stats();
      long events = (long) RELEASES * (ROUNDS + 2);
      System.out.printf("[reliability] heap bound: %,d releases, %,d events to a sink that never returns; "
              + "used heap after GC %.1f MB at baseline, %.1f MB peak, %.1f MB after %d rounds "
              + "(growth %+.1f MB); lane queued %,d, coalesced %,d%n",
          RELEASES, events, mb(baseline), mb(peak), mb(after), ROUNDS, mb(after - baseline), stats.queued(),
          stats.coalesced());
      assertThat(stats.queued()).as("lane entries").isLessThanOrEqualTo(1024 + 3L * RELEASES);
      assertThat(peak - baseline).as("heap growth in bytes over %d rounds", ROUNDS).isLessThan(16L << 20);
      stuck.release.countDown();
      assertThat(sub.flush(Duration.ofSeconds(60))).isTrue();
    }
  }

  private static double mb(long bytes) {
    return bytes / (1024.0 * 1024.0);
  }
}
