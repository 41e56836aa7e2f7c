package io.helmwatch.integration.lanes;

import static org.assertj.core.api.Assertions.assertThat;

import io.helmwatch.core.ComponentEvent;
import io.helmwatch.core.ComponentState;
import io.helmwatch.core.EventSink;
import io.helmwatch.core.Subscription;
import io.helmwatch.core.WatchOutcome;
import io.helmwatch.core.Watcher;
import io.helmwatch.core.flux.FluxReasons;
import io.helmwatch.core.internal.lane.DeliveryLane;
import io.helmwatch.core.LaneOptions;
import io.helmwatch.core.LaneStats;
import io.helmwatch.core.RetryPolicy;
import io.helmwatch.core.sink.RetryableSinkException;
import io.helmwatch.testing.FakeReleaseSource;
import io.helmwatch.testing.HelmRelease;
import io.helmwatch.testing.HelmReleases;
import io.helmwatch.testing.RecordingSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The guarantees of a subscriber's delivery lane, observed through a watcher. */
class DeliveryLaneTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final List<String> NAMES = List.of("bp-a", "bp-b", "bp-c");

  private final FakeReleaseSource source = FakeReleaseSource.create();
  private final List<AutoCloseable> toClose = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : toClose) {
      c.close();
    }
  }

  private Watcher continuousWatcher(RecordingSink primary) {
    Watcher watcher = Watcher.builder(source).sink(primary).continuous().build();
    toClose.add(watcher);
    return watcher;
  }

  /** Walks every release through installing, degraded and installed, {@code rounds} times. */
  private void churnStates(int rounds) {
    for (int i = 0; i < rounds; i++) {
      for (String name : NAMES) {
        source.patch(name, HelmRelease::progressing);
        source.patch(name, hr -> hr.notReady("HealthCheckFailed", "round " + hr.generation()));
        source.patch(name, hr -> hr.bumpGeneration().installed());
      }
    }
  }

  private void applyPending() {
    for (String name : NAMES) {
      source.apply(HelmReleases.named(name));
    }
  }

  @Test
  void subscriberSeesTheSameSequenceAsThePrimarySinkWhenNotFull() {
    RecordingSink primary = new RecordingSink("primary");
    RecordingSink subscriber = new RecordingSink("subscriber");
    Watcher watcher = Watcher.builder(source).sink(primary).expectAtLeast(3).build();
    toClose.add(watcher);
    Subscription sub = watcher.subscribe(subscriber);
    applyPending();
    watcher.start();
    source.fail("watch dropped");
    for (String name : NAMES) {
      source.patch(name, HelmRelease::progressing);
      source.patch(name, HelmRelease::installed);
    }
    subscriber.awaitOutcome(WAIT);
    assertThat(sub.flush(WAIT)).isTrue();
    assertThat(subscriber.received()).isEqualTo(primary.received());
    assertThat(sub.stats().delivered()).isEqualTo(primary.received().size());
    assertThat(sub.stats().coalesced()).isZero();
  }

  @Test
  void throwingSinkIsCountedAndItsLaneGoesOnWhileOtherLanesGetEverything() {
    RecordingSink primary = new RecordingSink("primary");
    RecordingSink behindThrower = new RecordingSink("behind-thrower");
    RecordingSink other = new RecordingSink("other");
    Watcher watcher = continuousWatcher(primary);
    EventSink thrower = new EventSink() {
      @Override
      public void onEvent(ComponentEvent event) {
        if (event.component().value().equals("bp-b")) {
          throw new IllegalStateException("cannot take " + event.component());
        }
        behindThrower.onEvent(event);
      }

      @Override
      public String name() {
        return "thrower";
      }
    };
    Subscription throwing = watcher.subscribe(thrower);
    watcher.subscribe(other);
    watcher.start();
    applyPending();
    source.patch("bp-c", HelmRelease::installed);

    behindThrower.awaitState("bp-c", ComponentState.INSTALLED, WAIT);
    other.awaitState("bp-c", ComponentState.INSTALLED, WAIT);
    assertThat(other.events()).isEqualTo(primary.events());
    assertThat(throwing.flush(WAIT)).isTrue();
    assertThat(behindThrower.statesOf("bp-b")).isEmpty();
    assertThat(throwing.stats().failed()).isEqualTo(1);
    assertThat(throwing.stats().delivered()).isEqualTo(3);
    assertThat(watcher.stats().sinkFailures()).isEqualTo(1);
  }

  @Test
  void blockedSinkDoesNotDelayOtherLanesStaysBoundedAndGetsTheLastStateAfterUnblocking() {
    RecordingSink primary = new RecordingSink("primary");
    RecordingSink prompt = new RecordingSink("prompt");
    RecordingSink slow = new RecordingSink("slow");
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch entered = new CountDownLatch(1);
    EventSink blocked = new EventSink() {
      @Override
      public void onEvent(ComponentEvent event) {
        entered.countDown();
        await(release);
        slow.onEvent(event);
      }

      @Override
      public String name() {
        return "blocked";
      }
    };
    int capacity = 4;
    Watcher watcher = continuousWatcher(primary);
    Subscription blockedSub = watcher.subscribe(blocked, LaneOptions.defaults().withCapacity(capacity));
    watcher.subscribe(prompt);
    watcher.start();
    applyPending();
    await(entered);
    churnStates(50);

    // The source thread was never held up, and the prompt lane has everything while the other is blocked.
    prompt.awaitEvents(primary.events().size(), WAIT);
    assertThat(prompt.events()).isEqualTo(primary.events());
    LaneStats whileBlocked = blockedSub.stats();
    assertThat(whileBlocked.queued()).isLessThanOrEqualTo(capacity + NAMES.size() + 1L);
    assertThat(whileBlocked.coalesced()).isPositive();
    assertThat(slow.events()).isEmpty();

    release.countDown();
    for (String name : NAMES) {
      slow.awaitState(name, ComponentState.INSTALLED, WAIT);
      assertThat(isInOrder(slow.eventsFor(name), primary.eventsFor(name))).as("%s in order", name).isTrue();
    }
    assertThat(blockedSub.flush(WAIT)).isTrue();
    LaneStats after = blockedSub.stats();
    assertThat(after.delivered() + after.coalesced()).isEqualTo(primary.events().size());
  }

  @Test
  void sixteenSubscribersWokenInARelayEachGetEveryEventInOrderWhileTheFirstIsBlocked() {
    // With several lanes the watcher wakes only the first parked one; each woken lane wakes the next.
    RecordingSink primary = new RecordingSink("primary");
    CountDownLatch release = new CountDownLatch(1);
    Watcher watcher = continuousWatcher(primary);
    watcher.subscribe(new EventSink() {
      @Override
      public void onEvent(ComponentEvent event) {
        await(release);
      }
    });
    List<RecordingSink> prompt = new ArrayList<>();
    for (int i = 0; i < 15; i++) {
      RecordingSink sink = new RecordingSink("prompt-" + i);
      prompt.add(sink);
      watcher.subscribe(sink);
    }
    watcher.start();
    applyPending();
    churnStates(20);

    for (RecordingSink sink : prompt) {
      sink.awaitEvents(primary.events().size(), WAIT);
      assertThat(sink.events()).as(sink.name()).isEqualTo(primary.events());
    }
    release.countDown();
  }

  /** Each received event's message and time appear in the same order among what was emitted. */
  private static boolean isInOrder(List<ComponentEvent> received, List<ComponentEvent> emitted) {
    int at = 0;
    for (ComponentEvent r : received) {
      while (at < emitted.size()
          && !(emitted.get(at).state() == r.state() && emitted.get(at).message().equals(r.message()))) {
        at++;
      }
      if (at == emitted.size()) {
        return false;
      }
      at++;
    }
    return true;
  }

  @Test
  void retryableFailureIsRetriedWithBackoffAndThenDelivered() {
    RecordingSink received = new RecordingSink("flaky");
    AtomicInteger calls = new AtomicInteger();
    EventSink flaky = event -> {
      if (calls.incrementAndGet() <= 2) {
        throw new RetryableSinkException("503 from receiver");
      }
      received.onEvent(event);
    };
    Watcher watcher = continuousWatcher(new RecordingSink());
    Subscription sub = watcher.subscribe(flaky,
        LaneOptions.defaults().withRetry(RetryPolicy.exponential(3, Duration.ofMillis(1), Duration.ofMillis(4))));
    watcher.start();
    source.apply(HelmReleases.named("bp-a"));

    received.awaitEvents(1, WAIT);
    assertThat(sub.flush(WAIT)).isTrue();
    assertThat(sub.stats()).extracting(LaneStats::retried, LaneStats::delivered, LaneStats::failed)
        .containsExactly(2L, 1L, 0L);
  }

  @Test
  void retryableFailureCountsAsFailedAfterTheLastRetryAndTheLaneGoesOn() {
    RecordingSink received = new RecordingSink("after");
    EventSink down = event -> {
      if (event.component().value().equals("bp-a")) {
        throw new RetryableSinkException("connection refused");
      }
      received.onEvent(event);
    };
    Watcher watcher = continuousWatcher(new RecordingSink());
    Subscription sub = watcher.subscribe(down,
        LaneOptions.defaults().withRetry(RetryPolicy.exponential(2, Duration.ofMillis(1), Duration.ofMillis(2))));
    watcher.start();
    source.apply(HelmReleases.named("bp-a"));
    source.apply(HelmReleases.named("bp-b"));

    received.awaitEvents(1, WAIT);
    assertThat(sub.flush(WAIT)).isTrue();
    assertThat(sub.stats()).extracting(LaneStats::retried, LaneStats::failed, LaneStats::delivered)
        .containsExactly(2L, 1L, 1L);
  }

  @Test
  void subscriptionCloseDeliversEverythingAcceptedBeforeClosingTheSink() {
    CountDownLatch release = new CountDownLatch(1);
    List<String> calls = new ArrayList<>();
    EventSink sink = new EventSink() {
      @Override
      public void onEvent(ComponentEvent event) {
        await(release);
        synchronized (calls) {
          calls.add(event.component().value());
        }
      }

      @Override
      public void close() {
        synchronized (calls) {
          calls.add("close");
        }
      }
    };
    Watcher watcher = continuousWatcher(new RecordingSink());
    Subscription sub = watcher.subscribe(sink);
    watcher.start();
    applyPending();

    CompletableFuture<Void> closing = CompletableFuture.runAsync(sub::close);
    release.countDown();
    closing.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
    assertThat(calls).containsExactly("bp-a", "bp-b", "bp-c", "close");
    assertThat(sub.stats().delivered()).isEqualTo(3);
  }

  @Test
  void watcherCloseFlushesEveryLaneIncludingTheCancelledOutcomeBeforeClosingSinks() {
    RecordingSink first = new RecordingSink("first");
    RecordingSink second = new RecordingSink("second");
    Watcher watcher = Watcher.builder(source).continuous().build();
    watcher.subscribe(first);
    watcher.subscribe(second);
    watcher.start();
    applyPending();
    churnStates(5);
    watcher.close();

    for (RecordingSink sink : List.of(first, second)) {
      assertThat(sink.isClosed()).isTrue();
      assertThat(sink.outcome()).hasValueSatisfying(r -> assertThat(r.outcome()).isEqualTo(WatchOutcome.CANCELLED));
      assertThat(sink.received().get(sink.received().size() - 1)).isInstanceOf(RecordingSink.Outcome.class);
      assertThat(sink.events()).hasSize(3 + 5 * 3 * 3);
    }
  }

  @Test
  void closeGivesUpOnAStuckSinkAfterTheTimeoutDropsTheRestAndClosesItLater() {
    RecordingSink closedLater = new RecordingSink("stuck");
    CountDownLatch never = new CountDownLatch(1);
    CountDownLatch entered = new CountDownLatch(1);
    EventSink stuck = new EventSink() {
      @Override
      public void onEvent(ComponentEvent event) {
        entered.countDown();
        try {
          never.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while stuck", e);
        }
      }

      @Override
      public void close() {
        closedLater.close();
      }
    };
    DeliveryLane lane = DeliveryLane.start(stuck, LaneOptions.defaults().withCloseTimeout(Duration.ofMillis(100)));
    Watcher watcher = Watcher.builder(source).sink(lane).continuous().build();
    toClose.add(watcher);
    watcher.start();
    applyPending();
    // The first event must be in the sink before the close timeout starts, or all three read as dropped.
    await(entered);

    lane.close();
    closedLater.awaitClosed(WAIT);
    assertThat(lane.awaitClosed(WAIT)).isTrue();
    assertThat(lane.stats().dropped()).isEqualTo(2);
    assertThat(lane.stats().failed()).isEqualTo(1);
  }

  @Test
  void aSinkMayCloseItsOwnSubscriptionFromACallback() {
    RecordingSink after = new RecordingSink("closes-itself");
    Subscription[] self = new Subscription[1];
    EventSink sink = new EventSink() {
      @Override
      public void onEvent(ComponentEvent event) {
        after.onEvent(event);
        self[0].close();
      }

      @Override
      public void close() {
        after.close();
      }
    };
    Watcher watcher = continuousWatcher(new RecordingSink());
    self[0] = watcher.subscribe(sink);
    watcher.start();
    applyPending();
    after.awaitClosed(WAIT);
    // What the lane had accepted before the close is still delivered; nothing deadlocks.
    assertThat(after.events()).isNotEmpty().hasSizeLessThanOrEqualTo(3);
    assertThat(self[0].isActive()).isFalse();
  }

  @Test
  void primarySinkOnALaneDoesNotHoldUpTheSource() {
    CountDownLatch release = new CountDownLatch(1);
    RecordingSink slowPrimary = new RecordingSink("slow-primary");
    EventSink primary = event -> {
      await(release);
      slowPrimary.onEvent(event);
    };
    RecordingSink subscriber = new RecordingSink("subscriber");
    Watcher watcher = Watcher.builder(source).sink(primary, LaneOptions.defaults()).continuous().build();
    toClose.add(watcher);
    watcher.subscribe(subscriber);
    watcher.start();
    applyPending();

    subscriber.awaitEvents(3, WAIT);
    assertThat(slowPrimary.events()).isEmpty();
    release.countDown();
    slowPrimary.awaitEvents(3, WAIT);
  }

  @Test
  void subscribeRejectsAClosedWatcherAndBadOptions() {
    Watcher watcher = Watcher.builder(source).build();
    watcher.close();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> watcher.subscribe(new RecordingSink()))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> LaneOptions.defaults().withCapacity(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("capacity must be >= 1");
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("test latch not released");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
