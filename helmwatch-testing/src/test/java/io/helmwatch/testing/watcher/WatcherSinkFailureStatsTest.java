package io.helmwatch.testing.watcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.helmwatch.core.ComponentEvent;
import io.helmwatch.core.EventSink;
import io.helmwatch.core.Subscription;
import io.helmwatch.core.Watcher;
import io.helmwatch.testing.FakeReleaseSource;
import io.helmwatch.testing.HelmReleases;
import io.helmwatch.testing.ManualTime;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link Watcher#stats()}'s sink failures only grow, also while and after a failing subscriber closes. */
class WatcherSinkFailureStatsTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final int FAILURES = 5;

  @Test
  void sinkFailuresNeverDecreaseWhileAndAfterAFailingSubscriptionCloses() throws Exception {
    FakeReleaseSource source = FakeReleaseSource.create();
    ManualTime time = ManualTime.create();
    AlwaysFailingSink sink = new AlwaysFailingSink();
    try (Watcher watcher = Watcher.builder(source).continuous().clock(time.clock()).scheduler(time).build()) {
      Subscription subscription = watcher.subscribe(sink);
      watcher.start();
      for (int i = 0; i < FAILURES; i++) {
        source.apply(HelmReleases.named("app-" + i));
      }
      assertThat(subscription.flush(WAIT)).isTrue();
      assertThat(watcher.stats().sinkFailures()).isEqualTo(FAILURES);

      Thread closer = new Thread(subscription::close);
      closer.start();
      try {
        assertThat(sink.closing.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        assertThat(watcher.stats().sinkFailures()).as("while the lane closes").isEqualTo(FAILURES);
      } finally {
        sink.release.countDown();
      }
      closer.join(WAIT.toMillis());
      assertThat(subscription.isActive()).isFalse();
      assertThat(watcher.stats().sinkFailures()).as("after the lane closed").isEqualTo(FAILURES);
    }
  }

  /** Throws on every event; its close waits for the test, holding the lane in the middle of closing. */
  private static final class AlwaysFailingSink implements EventSink {
    final CountDownLatch closing = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    @Override
    public void onEvent(ComponentEvent event) {
      throw new IllegalStateException("sink down");
    }

    @Override
    public void close() {
      closing.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
