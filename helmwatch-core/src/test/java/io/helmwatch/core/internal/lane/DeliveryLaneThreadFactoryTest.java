package io.helmwatch.core.internal.lane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import io.helmwatch.core.ComponentEvent;
import io.helmwatch.core.ComponentId;
import io.helmwatch.core.ComponentState;
import io.helmwatch.core.EmissionCause;
import io.helmwatch.core.EventLevel;
import io.helmwatch.core.EventSink;
import io.helmwatch.core.LaneOptions;
import io.helmwatch.core.ReleaseDetails;
import io.helmwatch.core.ReleaseKey;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DeliveryLaneThreadFactoryTest {
  private static final ComponentEvent EVENT = new ComponentEvent(ComponentId.of("cilium"),
      new ReleaseKey("primary", "flux-system", "cilium"), ComponentState.INSTALLED, null,
      EmissionCause.FIRST_OBSERVATION, EventLevel.INFO, "ok", Instant.EPOCH, List.of(), ReleaseDetails.NONE);

  @Test
  void aLaneRunsItsSinkOnTheThreadTheFactoryMade() {
    List<String> threads = new CopyOnWriteArrayList<>();
    AtomicInteger made = new AtomicInteger();
    EventSink sink = event -> threads.add(Thread.currentThread().getName());
    LaneOptions options = LaneOptions.defaults().withThreadFactory(task -> {
      made.incrementAndGet();
      Thread t = new Thread(task, "app-lane");
      t.setDaemon(true);
      return t;
    });

    DeliveryLane lane = DeliveryLane.start(sink, options);
    lane.onEvent(EVENT);
    lane.close(); // flushes

    assertThat(made).hasValue(1);
    assertThat(threads).containsExactly("app-lane");
  }

  @Test
  void withoutAFactoryTheLaneNamesItsOwnDaemonThread() {
    List<Thread> threads = new CopyOnWriteArrayList<>();
    DeliveryLane lane = DeliveryLane.start(event -> threads.add(Thread.currentThread()), LaneOptions.defaults());
    lane.onEvent(EVENT);
    lane.close();

    assertThat(threads).singleElement().satisfies(t -> {
      assertThat(t.getName()).startsWith("helmwatch-lane-");
      assertThat(t.isDaemon()).isTrue();
    });
  }

  @Test
  void aFactoryThatReturnsNoThreadIsAClearError() {
    LaneOptions options = LaneOptions.defaults().withThreadFactory(task -> null);
    assertThatNullPointerException().isThrownBy(() -> DeliveryLane.start(event -> { }, options))
        .withMessageContaining("thread factory returned null");
  }
}
