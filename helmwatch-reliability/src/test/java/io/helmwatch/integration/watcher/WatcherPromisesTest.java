package io.helmwatch.integration.watcher;

import static io.helmwatch.core.ComponentState.FAILED;
import static io.helmwatch.core.ComponentState.INSTALLED;
import static io.helmwatch.core.ComponentState.INSTALLING;
import static org.assertj.core.api.Assertions.assertThat;

import io.helmwatch.core.ComponentEvent;
import io.helmwatch.core.ComponentId;
import io.helmwatch.core.ComponentSnapshot;
import io.helmwatch.core.EmissionPolicy;
import io.helmwatch.core.EventSink;
import io.helmwatch.core.Scheduler;
import io.helmwatch.core.WatchOutcome;
import io.helmwatch.core.WatchResult;
import io.helmwatch.core.Watcher;
import io.helmwatch.testing.FakeReleaseSource;
import io.helmwatch.testing.HelmRelease;
import io.helmwatch.testing.HelmReleases;
import io.helmwatch.testing.ManualTime;
import io.helmwatch.testing.RecordingSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a watcher promises whatever its sinks, policies and callers do: a suppressed event never freezes a
 * state, a close ends everything however it races a start or another close, and a sink's {@code Error} is a
 * failed call, never a hung watch.
 */
class WatcherPromisesTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  private final FakeReleaseSource source = FakeReleaseSource.create();
  private final ManualTime time = ManualTime.create();
  private final List<Watcher> watchers = new ArrayList<>();

  private Watcher.Builder builder() {
    return Watcher.builder(source).clock(time.clock()).scheduler(time).timeout(Duration.ofMinutes(5));
  }

  private Watcher track(Watcher w) {
    watchers.add(w);
    return w;
  }

  @AfterEach
  void closeAll() {
    watchers.forEach(Watcher::close);
  }

  // ---------------------------------------------------------------- a suppressed event keeps its state

  @Test
  void aPolicyThatSuppressesATransitionStillMovesTheStateAndEndsTheWatch() {
    EmissionPolicy failuresOnly = (first, previous, current) -> first || current == FAILED;
    RecordingSink sink = new RecordingSink();
    source.apply(HelmReleases.named("cilium").runningAction());
    Watcher watcher = track(builder().sink(sink).policy(failuresOnly).build());
    CompletableFuture<WatchResult> result = watcher.start();
    assertThat(watcher.snapshot()).extracting(ComponentSnapshot::state).containsExactly(INSTALLING);

    source.patch("cilium", HelmRelease::installed);

    assertThat(watcher.snapshot()).extracting(ComponentSnapshot::state)
        .as("the suppressed transition is recorded").containsExactly(INSTALLED);
    assertThat(result).as("the gate counted the suppressed transition").isCompleted();
    assertThat(result.join().outcome()).isEqualTo(WatchOutcome.READY);
    assertThat(sink.events()).extracting(ComponentEvent::state).containsExactly(INSTALLING);
  }

  @Test
  void aSuppressedUpdateThatChangesOnlyDependsOnIsSeenByTheGate() {
    RecordingSink sink = new RecordingSink();
    source.apply(HelmReleases.named("db").installFailed().stalled("RetriesExceeded", "Failed to install after 1 attempt(s)"));
    source.apply(HelmReleases.named("cache").runningAction());
    source.apply(HelmReleases.named("app").dependsOn("cache").waitingForDependency());
    Watcher watcher = track(builder().sink(sink).build());
    CompletableFuture<WatchResult> result = watcher.start();
    source.patch("cache", HelmRelease::installed);
    assertThat(result).as("app waits on cache, which is installed: not blocked").isNotDone();

    // app's spec now waits on the failed db: still pending, same state, so no event; helm-controller never
    // installs it, and the watch can end at once
    source.patch("app", r -> r.dependsOn("db").bumpGeneration().waitingForDependency());

    assertThat(watcher.snapshot()).filteredOn(s -> s.component().value().equals("app"))
        .flatExtracting(ComponentSnapshot::dependsOn).containsExactly(ComponentId.of("db"));
    assertThat(result).as("every pending component is blocked by a failed one").isCompleted();
    assertThat(result.join().outcome()).isEqualTo(WatchOutcome.FAILED);
  }

  // ---------------------------------------------------------------- the termination gate on a long chain

  @Test
  void aVeryLongDependencyChainBehindAFailureEndsTheWatchWithoutRecursion() throws Exception {
    int chain = 20_000;
    source.apply(HelmReleases.named("r0").installFailed().stalled("RetriesExceeded", "Failed to install"));
    for (int i = 1; i < chain; i++) {
      source.apply(HelmReleases.named("r" + i).dependsOn("r" + (i - 1)).waitingForDependency());
    }
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    AtomicReference<CompletableFuture<WatchResult>> result = new AtomicReference<>();
    Watcher watcher = track(builder().build());
    // a small stack, as an informer thread may have: the gate's walk must not grow with the chain
    Thread starter = new Thread(null, () -> {
      try {
        result.set(watcher.start());
      } catch (Throwable e) {
        thrown.set(e);
      }
    }, "small-stack", 256 * 1024);
    starter.start();
    starter.join(WAIT.toMillis());

    assertThat(thrown.get()).isNull();
    assertThat(result.get()).isCompleted();
    assertThat(result.get().join().outcome()).isEqualTo(WatchOutcome.FAILED);
  }

  // ---------------------------------------------------------------- a sink's Error

  @Test
  void anErrorFromTheSynchronousPrimarySinkIsAFailedCallAndTheWatchEnds() {
    EventSink throwing = new EventSink() {
      @Override
      public void onEvent(ComponentEvent event) {
        throw new StackOverflowError("sink recursed");
      }

      @Override
      public void onOutcome(WatchResult result) {
        throw new AssertionError("sink's own assertion");
      }
    };
    RecordingSink subscriber = new RecordingSink("subscriber");
    source.apply(HelmReleases.named("cilium").installed());
    Watcher watcher = track(builder().sink(throwing).build());
    watcher.subscribe(subscriber);

    CompletableFuture<WatchResult> result = watcher.start();

    assertThat(result).isCompleted();
    assertThat(result.join().outcome()).isEqualTo(WatchOutcome.READY);
    assertThat(subscriber.awaitOutcome(WAIT).outcome()).isEqualTo(WatchOutcome.READY);
    assertThat(source.isStarted()).as("the source is closed once the watch ended").isFalse();
    assertThat(watcher.stats().sinkFailures()).isEqualTo(2);
  }

  // ---------------------------------------------------------------- close racing start, and close racing close

  @Test
  void aCloseWhileStartSchedulesItsTimersLeavesTheSourceClosed() throws Exception {
    AtomicReference<Watcher> self = new AtomicReference<>();
    CountDownLatch closed = new CountDownLatch(1);
    Scheduler closingOnFirstSchedule = new Scheduler() {
      private boolean first = true;

      @Override
      public synchronized Cancellable schedule(Runnable task, Duration delay) {
        if (first) {
          first = false;
          Thread closer = new Thread(() -> {
            self.get().close();
            closed.countDown();
          }, "closer");
          closer.start();
          // close() runs until it waits for the gate this start holds, or has finished
          awaitBlockedOrDone(closer);
        }
        return time.schedule(task, delay);
      }
    };
    source.apply(HelmReleases.named("cilium").runningAction());
    Watcher watcher = track(Watcher.builder(source).clock(time.clock()).scheduler(closingOnFirstSchedule).build());
    self.set(watcher);

    CompletableFuture<WatchResult> result;
    try {
      result = watcher.start();
    } catch (IllegalStateException refused) {
      result = null; // a start that lost to the close may refuse: then it must not have started the source
    }
    assertThat(closed.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();

    assertThat(source.isStarted()).as("the source after close() and start() both returned").isFalse();
    if (result != null) {
      assertThat(result.join().outcome()).isEqualTo(WatchOutcome.CANCELLED);
    }
  }

  @Test
  void aSecondCloseReturnsOnlyOnceTheFirstHasClosedEverySink() throws Exception {
    CountDownLatch inClose = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    RecordingSink recorder = new RecordingSink("slow");
    EventSink slowToClose = new EventSink() {
      @Override
      public void onEvent(ComponentEvent event) {
        recorder.onEvent(event);
      }

      @Override
      public void close() {
        inClose.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        recorder.close();
      }
    };
    source.apply(HelmReleases.named("cilium").runningAction());
    Watcher watcher = track(builder().build());
    watcher.subscribe(slowToClose);
    watcher.start();

    Thread first = new Thread(watcher::close, "first-close");
    first.start();
    assertThat(inClose.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
    Thread second = new Thread(watcher::close, "second-close");
    second.start();
    // the second close must still be waiting while the first waits for the sink's close
    awaitBlockedOrDone(second);
    assertThat(second.isAlive()).as("a second close() still running before the sinks are closed").isTrue();

    release.countDown();
    second.join(WAIT.toMillis());
    assertThat(second.isAlive()).isFalse();
    assertThat(recorder.isClosed()).as("the sink, once the second close() returned").isTrue();
    first.join(WAIT.toMillis());
  }

  /** Waits until {@code thread} waits (for a lock, a latch, a join) or ended: no sleep decides the order. */
  private static void awaitBlockedOrDone(Thread thread) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      Thread.State s = thread.getState();
      if (s == Thread.State.BLOCKED || s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING
          || s == Thread.State.TERMINATED) {
        return;
      }
      Thread.onSpinWait();
    }
    throw new AssertionError(thread.getName() + " neither waited nor ended within " + WAIT);
  }
}
