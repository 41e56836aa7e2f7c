package io.helmwatch.core.internal.lane;

import static io.helmwatch.core.internal.lane.GatedSink.WAIT;
import static io.helmwatch.core.internal.lane.GatedSink.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.helmwatch.core.ComponentEvent;
import io.helmwatch.core.EventSink;
import io.helmwatch.core.LaneOptions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Errors a sink throws are failed calls; only an {@link OutOfMemoryError} ends the lane, which then says so. */
class DeliveryLaneSinkErrorTest {
  /** Longer than any test may take: a wait that returns proves it was woken, not timed out. */
  private static final Duration FOREVER = Duration.ofDays(1);

  /** Records events after the first, on which it throws {@code error}. */
  private static final class ThrowingFirst implements EventSink {
    final List<ComponentEvent> received = new CopyOnWriteArrayList<>();
    final AtomicBoolean closed = new AtomicBoolean();
    /** {@code close()} waits for this. */
    final CountDownLatch closeGate;
    private final Error error;
    private boolean thrown;

    ThrowingFirst(Error error) {
      this(error, 0);
    }

    ThrowingFirst(Error error, int closeGates) {
      this.error = error;
      this.closeGate = new CountDownLatch(closeGates);
    }

    @Override
    public void onEvent(ComponentEvent event) {
      if (!thrown) {
        thrown = true;
        throw error;
      }
      received.add(event);
    }

    @Override
    public void close() {
      try {
        closeGate.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      closed.set(true);
    }

    @Override
    public String name() {
      return "throwing-first";
    }
  }

  /** Makes the lane's thread and catches what kills it. */
  private static final class DeathWatch {
    final AtomicReference<Throwable> killedBy = new AtomicReference<>();
    final CountDownLatch died = new CountDownLatch(1);

    LaneOptions options() {
      return LaneOptions.defaults().withThreadFactory(task -> {
        Thread t = new Thread(task, "lane-under-test");
        t.setDaemon(true);
        t.setUncaughtExceptionHandler((thread, e) -> {
          killedBy.set(e);
          died.countDown();
        });
        return t;
      });
    }

    void awaitDeath() throws InterruptedException {
      assertThat(died.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).as("the lane thread died").isTrue();
    }
  }

  @Test
  void aSinkThrowingStackOverflowErrorFailsThatCallAndTheLaneDeliversTheNextEvents() {
    ThrowingFirst sink = new ThrowingFirst(new StackOverflowError("too deep"));
    DeliveryLane lane = DeliveryLane.start(sink, LaneOptions.defaults());
    lane.onEvent(event(0));
    lane.onEvent(event(1));
    lane.onEvent(event(2));

    assertThat(lane.flush(WAIT)).isTrue();
    assertThat(sink.received).containsExactly(event(1), event(2));
    assertThat(lane.stats().failed()).isEqualTo(1);
    assertThat(lane.stats().delivered()).isEqualTo(2);
    assertThat(lane.isTerminated()).isFalse();
    lane.close();
    assertThat(sink.closed).isTrue();
  }

  @Test
  void aSinkWhoseCloseThrowsAnErrorIsCountedAsFailed() {
    EventSink sink = new EventSink() {
      @Override
      public void onEvent(ComponentEvent event) {}

      @Override
      public void close() {
        throw new StackOverflowError("too deep");
      }
    };
    DeliveryLane lane = DeliveryLane.start(sink, LaneOptions.defaults());

    assertThat(lane.awaitClosed(WAIT)).isTrue();
    assertThat(lane.stats().failed()).isEqualTo(1);
  }

  @Test
  void aSinkWhoseNameThrowsAnErrorIsNamedByItsClass() {
    EventSink sink = new EventSink() {
      @Override
      public void onEvent(ComponentEvent event) {}

      @Override
      public String name() {
        throw new StackOverflowError("too deep");
      }
    };
    DeliveryLane lane = DeliveryLane.start(sink, LaneOptions.defaults());

    assertThat(lane.name()).isEqualTo(sink.getClass().getName());
    lane.close();
  }

  @Test
  @Timeout(60)
  void aLaneWhoseThreadDiesRefusesLaterOffersAndClaimsNoSuccess() throws Exception {
    ThrowingFirst sink = new ThrowingFirst(new OutOfMemoryError("simulated"), 1);
    DeathWatch watch = new DeathWatch();
    DeliveryLane lane = DeliveryLane.start(sink, watch.options());
    lane.onEvent(event(0));

    // the dying thread is held in the sink's close() until the end: the lane is dead already
    assertThat(lane.flush(FOREVER)).as("flush on a dead lane").isFalse();
    assertThat(lane.isTerminated()).isTrue();
    lane.onEvent(event(1));
    lane.onEvent(event(2));

    assertThat(lane.stats().dropped()).as("offers after the death").isEqualTo(2);
    assertThat(lane.stats().failed()).as("the call that died").isEqualTo(1);
    assertThat(lane.stats().queued()).isZero();
    assertThat(sink.received).isEmpty();
    sink.closeGate.countDown();
    assertThat(lane.awaitClosed(FOREVER)).as("awaitClosed on a dead lane").isFalse();
    watch.awaitDeath();
    assertThat(watch.killedBy.get()).isInstanceOf(OutOfMemoryError.class);
    assertThat(sink.closed).as("the sink is still closed").isTrue();
  }

  @Test
  void anErrorOutOfTheSinksCloseStillTerminatesTheLane() throws Exception {
    EventSink sink = new EventSink() {
      @Override
      public void onEvent(ComponentEvent event) {}

      @Override
      public void close() {
        throw new OutOfMemoryError("simulated");
      }
    };
    DeathWatch watch = new DeathWatch();
    DeliveryLane lane = DeliveryLane.start(sink, watch.options());
    lane.beginClose();
    watch.awaitDeath();

    assertThat(lane.isTerminated()).isTrue();
    assertThat(lane.awaitClosed(WAIT)).as("awaitClosed when the close killed the thread").isFalse();
  }

  @Test
  @Timeout(60)
  void aFactoryThreadThatDiesWithoutRunningTheLaneEndsIt() throws Exception {
    AtomicReference<Thread> made = new AtomicReference<>();
    LaneOptions options = LaneOptions.defaults().withThreadFactory(task -> {
      Thread t = new Thread(() -> {
        throw new IllegalStateException("the factory's wrapper failed before the lane ran");
      });
      t.setDaemon(true);
      t.setUncaughtExceptionHandler((thread, e) -> { });
      made.set(t);
      return t;
    });
    DeliveryLane lane = DeliveryLane.start(new GatedSink(), options);
    made.get().join();

    assertThat(lane.isTerminated()).isTrue();
    lane.onEvent(event(0));
    assertThat(lane.stats().dropped()).isEqualTo(1);
    assertThat(lane.flush(FOREVER)).isFalse();
    assertThat(lane.awaitClosed(FOREVER)).isFalse();
  }

  @Test
  @Timeout(60)
  void aFlushWaitingWhenAFactoryThreadDiesReturns() throws Exception {
    CountDownLatch flushing = new CountDownLatch(1);
    LaneOptions options = LaneOptions.defaults().withThreadFactory(task -> {
      Thread t = new Thread(() -> {
        try {
          flushing.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        throw new IllegalStateException("the factory's wrapper failed before the lane ran");
      });
      t.setDaemon(true);
      t.setUncaughtExceptionHandler((thread, e) -> { });
      return t;
    });
    DeliveryLane lane = DeliveryLane.start(new GatedSink(), options);
    lane.onEvent(event(0));
    // The thread dies once the flush below has started (or just before): either way the flush must return.
    flushing.countDown();

    assertThat(lane.flush(FOREVER)).isFalse();
    assertThat(lane.stats().dropped()).isEqualTo(1);
  }
}
