package io.helmwatch.integration.watcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.helmwatch.core.Subscription;
import io.helmwatch.core.WatchOutcome;
import io.helmwatch.core.Watcher;
import io.helmwatch.testing.FakeReleaseSource;
import io.helmwatch.testing.ManualTime;
import io.helmwatch.testing.RecordingSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.Test;

/** {@link Watcher#subscribe} racing {@link Watcher#close()}: a subscriber is either refused or closed. */
class WatcherSubscribeCloseRaceTest {
  private static final int ROUNDS = 200;
  private static final int SUBSCRIBERS = 4;
  private static final String LANE_PREFIX = "helmwatch-lane-race-";
  private static final Duration WAIT = Duration.ofSeconds(10);

  @Test
  void aSubscribeThatRacesCloseIsRefusedOrClosedAndNoLaneThreadOutlivesClose() throws Exception {
    for (int round = 0; round < ROUNDS; round++) {
      ManualTime time = ManualTime.create();
      Watcher watcher = Watcher.builder(FakeReleaseSource.create()).continuous()
          .clock(time.clock()).scheduler(time).build();
      CyclicBarrier barrier = new CyclicBarrier(SUBSCRIBERS + 1);
      Map<RecordingSink, Subscription> accepted = new ConcurrentHashMap<>();
      Map<RecordingSink, Throwable> refused = new ConcurrentHashMap<>();
      List<Thread> threads = new ArrayList<>();
      for (int i = 0; i < SUBSCRIBERS; i++) {
        RecordingSink sink = new RecordingSink("race-" + round + "-" + i);
        threads.add(racer(() -> {
          barrier.await();
          try {
            accepted.put(sink, watcher.subscribe(sink));
          } catch (IllegalStateException e) {
            refused.put(sink, e);
          }
        }));
      }
      threads.add(racer(() -> {
        barrier.await();
        watcher.close();
      }));
      for (Thread t : threads) {
        t.join(WAIT.toMillis());
        assertThat(t.isAlive()).as("racer %s finished", t.getName()).isFalse();
      }

      int r = round;
      assertThat(accepted.size() + refused.size()).isEqualTo(SUBSCRIBERS);
      accepted.forEach((sink, subscription) -> {
        assertThat(subscription.isActive()).as("round %d: %s's subscription is closed", r, sink.name())
            .isFalse();
        assertThat(sink.isClosed()).as("round %d: %s was closed by close()", r, sink.name()).isTrue();
        assertThat(sink.outcome()).as("round %d: %s received the outcome", r, sink.name())
            .hasValueSatisfying(o -> assertThat(o.outcome()).isEqualTo(WatchOutcome.CANCELLED));
      });
      refused.forEach((sink, e) -> {
        assertThat(e).hasMessage("Watcher is closed");
        assertThat(sink.received()).as("round %d: refused %s received nothing", r, sink.name()).isEmpty();
        assertThat(sink.isClosed()).as("round %d: refused %s was never taken over", r, sink.name()).isFalse();
      });
    }
    assertNoLaneThreadSurvives();
  }

  private interface Racer {
    void run() throws Exception;
  }

  private static Thread racer(Racer body) {
    Thread t = new Thread(() -> {
      try {
        body.run();
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    });
    t.start();
    return t;
  }

  private static void assertNoLaneThreadSurvives() throws InterruptedException {
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().startsWith(LANE_PREFIX)) {
        t.join(WAIT.toMillis()); // a closed lane's thread is past its last call and only exiting
        assertThat(t.isAlive()).as("lane thread %s outlived close()", t.getName()).isFalse();
      }
    }
  }
}
