package io.helmwatch.integration.lanes;

import static org.assertj.core.api.Assertions.assertThat;

import io.helmwatch.core.ComponentEvent;
import io.helmwatch.core.ComponentId;
import io.helmwatch.core.ComponentLog;
import io.helmwatch.core.ComponentState;
import io.helmwatch.core.EmissionCause;
import io.helmwatch.core.EventLevel;
import io.helmwatch.core.EventSink;
import io.helmwatch.core.ReleaseKey;
import io.helmwatch.core.internal.lane.DeliveryLane;
import io.helmwatch.core.LaneOptions;
import io.helmwatch.core.LaneStats;
import io.helmwatch.jobs.InMemoryJobStore;
import io.helmwatch.jobs.JobsBridge;
import io.helmwatch.jobs.LogLine;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Raw log lines ({@link EventSink#onLog}) through a {@link DeliveryLane}, as a log tailer sends them. */
class DeliveryLaneLogTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private static ComponentEvent event(String component, ComponentState state, String message) {
    return new ComponentEvent(ComponentId.of(component), ReleaseKey.of("flux-system", component), state, null,
        EmissionCause.TRANSITION, EventLevel.of(state), message, T0, List.of());
  }

  private static ComponentLog log(String component, String message) {
    return new ComponentLog(ComponentId.of(component), T0, EventLevel.INFO, message);
  }

  @Test
  void logLinesSentToALaneReachTheBridgeInOrderWithEvents() {
    InMemoryJobStore store = new InMemoryJobStore();
    JobsBridge bridge = JobsBridge.builder(store, "kit").build();
    DeliveryLane lane = DeliveryLane.start(bridge, LaneOptions.defaults());

    lane.onEvent(event("cilium", ComponentState.INSTALLING, "Fulfilling prerequisites"));
    lane.onLog(log("cilium", "running helm install"));
    lane.onLog(log("cilium", "wait for resources"));
    lane.onEvent(event("cilium", ComponentState.INSTALLED, "Helm install succeeded"));
    lane.onLog(log("cilium", "after the finish: dropped by the bridge, not by the lane"));
    lane.close();

    assertThat(store.lines("kit", "install-cilium", 1, 0, 100).lines()).extracting(LogLine::message)
        .containsExactly(
            "[installing] Fulfilling prerequisites",
            "running helm install",
            "wait for resources",
            "[installed] Helm install succeeded");
    assertThat(lane.stats().delivered()).isEqualTo(5);
    assertThat(lane.stats().dropped()).isZero();
  }

  @Test
  void aLogLineSentToAClosedLaneIsCountedAsDropped() {
    DeliveryLane lane = DeliveryLane.start(event -> {}, LaneOptions.defaults());
    lane.close();

    lane.onLog(log("cilium", "too late"));

    assertThat(lane.stats().dropped()).isEqualTo(1);
  }

  @Test
  void logLinesAcceptedWhileTheLaneIsFullAreCountedAsDroppedAndTheRestArriveInOrder() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    List<String> received = new CopyOnWriteArrayList<>();
    EventSink sink = new EventSink() {
      @Override
      public void onEvent(ComponentEvent event) {
        received.add(event.component() + " " + event.state().wireName());
        entered.countDown();
        await(release);
      }

      @Override
      public void onLog(ComponentLog line) {
        received.add(line.component() + " log " + line.message());
      }
    };
    DeliveryLane lane = DeliveryLane.start(sink, LaneOptions.defaults().withCapacity(2));

    lane.onEvent(event("a", ComponentState.INSTALLING, "m"));
    await(entered); // the lane thread holds the first event; the queue is empty
    lane.onLog(log("a", "1"));
    lane.onLog(log("a", "2"));
    lane.onLog(log("a", "3")); // the queue is at capacity: dropped and counted
    lane.onEvent(event("a", ComponentState.INSTALLED, "m"));
    lane.onLog(log("a", "4")); // still full
    LaneStats full = lane.stats();
    release.countDown();
    lane.close();

    assertThat(full.dropped()).as("log lines the full lane could not keep").isEqualTo(2);
    assertThat(received).containsExactly("a installing", "a log 1", "a log 2", "a installed");
    assertThat(lane.stats().delivered() + lane.stats().dropped()).isEqualTo(6);
  }

  private static void await(CountDownLatch latch) {
    try {
      assertThat(latch.await(30, TimeUnit.SECONDS)).as("latch released").isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

}
