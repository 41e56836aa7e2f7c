package io.helmwatch.integration.watcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.helmwatch.core.ComponentEvent;
import io.helmwatch.core.EventSink;
import io.helmwatch.core.Subscription;
import io.helmwatch.core.Watcher;
import io.helmwatch.testing.FakeReleaseSource;
import io.helmwatch.testing.HelmReleases;
import io.helmwatch.testing.ManualTime;
import java.time.Duration;
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
        assertThat(sink.closing.awaitHeld(WAIT)).as("the lane is closing the sink").isTrue();
        assertThat(watcher.stats().sinkFailures()).as("while the lane closes").isEqualTo(FAILURES);
      } finally {
        sink.closing.release();
      }
      closer.join(WAIT.toMillis());
      assertThat(subscription.isActive()).isFalse();
      assertThat(watcher.stats().sinkFailures()).as("after the lane closed").isEqualTo(FAILURES);
    }
  }

  /** Throws on every event; its close waits for the test, holding the lane in the middle of closing. */
  private static final class AlwaysFailingSink implements EventSink {
    final Hold closing = new Hold();

    @Override
    public void onEvent(ComponentEvent event) {
      throw new IllegalStateException("sink down");
    }

    @Override
    public void close() {
      closing.hold();
    }
  }
}
