package io.helmwatch.integration.watcher;

import static io.helmwatch.core.ComponentState.FAILED;
import static io.helmwatch.core.ComponentState.INSTALLED;
import static io.helmwatch.core.ComponentState.INSTALLING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.helmwatch.core.ComponentId;
import io.helmwatch.core.WatchNotice;
import io.helmwatch.core.WatchOutcome;
import io.helmwatch.core.WatchResult;
import io.helmwatch.core.Watcher;
import io.helmwatch.testing.FakeReleaseSource;
import io.helmwatch.testing.HelmRelease;
import io.helmwatch.testing.HelmReleases;
import io.helmwatch.testing.ManualTime;
import io.helmwatch.testing.RecordingSink;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Termination and outcome section of the original behaviour. */
class WatcherTerminationTest {
  private final FakeReleaseSource source = FakeReleaseSource.create();
  private final ManualTime time = ManualTime.create();
  private final RecordingSink sink = new RecordingSink();
  private Watcher watcher;

  private Watcher.Builder builder() {
    return Watcher.builder(source).sink(sink).clock(time.clock()).scheduler(time);
  }

  private CompletableFuture<WatchResult> start(Watcher.Builder b) {
    watcher = b.build();
    return watcher.start();
  }

  @AfterEach
  void close() {
    if (watcher != null) {
      watcher.close();
    }
  }

  @Test
  void endsReadyWhenEveryObservedComponentIsInstalled() {
    source.apply(HelmReleases.named("a").installed()).apply(HelmReleases.named("b").progressing());
    CompletableFuture<WatchResult> result = start(builder().expectAtLeast(2));
    assertThat(result).isNotDone();

    source.patch("b", HelmRelease::installed);

    assertThat(result).isCompletedWithValueMatching(r -> r.outcome() == WatchOutcome.READY);
    assertThat(result.join().states()).containsEntry(ComponentId.of("a"), INSTALLED)
        .containsEntry(ComponentId.of("b"), INSTALLED);
    assertThat(source.isStarted()).as("the source is closed when the watch ends").isFalse();
  }

  @Test
  void endsFailedWhenAllAreTerminalAndOneFailed() {
    source.apply(HelmReleases.named("a").installed())
        .apply(HelmReleases.named("b").runningAction().installFailed("chart not found"));
    CompletableFuture<WatchResult> result = start(builder().expectAtLeast(2));
    assertThat(result.join().outcome()).isEqualTo(WatchOutcome.FAILED);
    assertThat(result.join().states()).containsEntry(ComponentId.of("b"), FAILED);
  }

  @Test
  void componentsWaitingOnAFailedDependencyDoNotHoldTheWatchOpen() {
    source.apply(HelmReleases.named("a").runningAction().installFailed("boom"))
        .apply(HelmReleases.named("b").dependsOn("a").waitingForDependency())
        .apply(HelmReleases.named("c").dependsOn("b").waitingForDependency());
    assertThat(start(builder()).join().outcome()).isEqualTo(WatchOutcome.FAILED);
  }

  @Test
  void aPendingComponentThatWaitsOnNothingFailedKeepsTheWatchOpen() {
    source.apply(HelmReleases.named("a").runningAction().installFailed("boom"))
        .apply(HelmReleases.named("b").dependsOn("a").waitingForDependency())
        .apply(HelmReleases.named("c"));
    assertThat(start(builder())).isNotDone();
  }

  @Test
  void anEmptyCacheNeverReadsAsDone() {
    CompletableFuture<WatchResult> result = start(builder().expectAtLeast(0));
    assertThat(result).isNotDone();
  }

  @Test
  void aPartialCacheBelowExpectAtLeastIsNotDone() {
    source.apply(HelmReleases.named("a").installed()).apply(HelmReleases.named("b").installed());
    CompletableFuture<WatchResult> result = start(builder().expectAtLeast(11));
    assertThat(result).isNotDone();
    for (int i = 0; i < 9; i++) {
      source.apply(HelmReleases.named("c" + i).installed());
    }
    assertThat(result.join().outcome()).isEqualTo(WatchOutcome.READY);
    assertThat(result.join().states()).hasSize(11);
  }

  @Test
  void theWatchDoesNotEndBeforeTheInitialListHasSynced() {
    source.apply(HelmReleases.named("a").installed()).apply(HelmReleases.named("b").progressing());
    source.holdInitialList();
    CompletableFuture<WatchResult> result = start(builder());
    assertThat(result).as("only part of the list may have arrived").isNotDone();
    source.patch("b", HelmRelease::installed);
    assertThat(result).isNotDone();
    source.finishInitialList();
    assertThat(result.join().outcome()).isEqualTo(WatchOutcome.READY);
  }

  @Test
  void timeoutEndsTheWatchWithAWarningAndTheStatesReachedSoFar() {
    source.apply(HelmReleases.named("a").installed()).apply(HelmReleases.named("b").progressing());
    CompletableFuture<WatchResult> result = start(builder().timeout(Duration.ofMinutes(60)));
    time.advance(Duration.ofMinutes(59));
    assertThat(result).isNotDone();
    time.advance(Duration.ofMinutes(1));

    assertThat(result.join().outcome()).isEqualTo(WatchOutcome.TIMEOUT);
    assertThat(result.join().states()).containsEntry(ComponentId.of("b"), INSTALLING);
    assertThat(sink.notices()).as("b was reported stuck after 10 minutes, then the watch timed out")
        .extracting(WatchNotice::kind).containsExactly(WatchNotice.Kind.STUCK, WatchNotice.Kind.TIMEOUT);
    assertThat(sink.notices().get(1).level()).isEqualTo(io.helmwatch.core.EventLevel.WARN);
    assertThat(sink.outcome()).contains(result.join());
  }

  @Test
  void timeoutWithNothingEverSeenIsNotReconciling() {
    CompletableFuture<WatchResult> result = start(builder().timeout(Duration.ofMinutes(5)));
    time.advance(Duration.ofMinutes(5));
    assertThat(result.join().outcome()).isEqualTo(WatchOutcome.NOT_RECONCILING);
    assertThat(WatchOutcome.NOT_RECONCILING.wireName()).isEqualTo("flux-not-reconciling");
  }

  @Test
  void firstSeenTimeoutEmitsOneWatchLevelWarningAndTheWatchGoesOn() {
    CompletableFuture<WatchResult> result = start(builder().firstSeenTimeout(Duration.ofMinutes(15)));
    time.advance(Duration.ofMinutes(30));

    assertThat(sink.notices()).singleElement().satisfies(n -> {
      assertThat(n.kind()).isEqualTo(WatchNotice.Kind.FIRST_SEEN_TIMEOUT);
      assertThat(n.cluster()).isNull();
    });
    assertThat(sink.events()).isEmpty();
    assertThat(result).isNotDone();
    source.apply(HelmReleases.named("a").installed());
    assertThat(result.join().outcome()).isEqualTo(WatchOutcome.READY);
  }

  @Test
  void firstSeenTimeoutIsSilentWhenAReleaseWasSeen() {
    source.apply(HelmReleases.named("a").progressing());
    start(builder());
    time.advance(Duration.ofMinutes(20));
    assertThat(sink.notices()).extracting(WatchNotice::kind).doesNotContain(WatchNotice.Kind.FIRST_SEEN_TIMEOUT);
  }

  @Test
  void continuousModeNeverEndsOnItsOwn() {
    source.apply(HelmReleases.named("a").installed());
    CompletableFuture<WatchResult> result = start(builder().continuous());
    time.advance(Duration.ofDays(2));
    assertThat(result).isNotDone();
    watcher.close();
    assertThat(result.join().outcome()).isEqualTo(WatchOutcome.CANCELLED);
  }

  @Test
  void aRemovedComponentLeavesTheSetTheWatchWaitsFor() {
    source.apply(HelmReleases.named("a").installed()).apply(HelmReleases.named("stuck").progressing());
    CompletableFuture<WatchResult> result = start(builder());
    source.delete("stuck");
    assertThat(result.join().outcome()).isEqualTo(WatchOutcome.READY);
    assertThat(result.join().states()).containsOnlyKeys(ComponentId.of("a"));
  }

  @Test
  void closeCancelsDeliversTheOutcomeAndClosesEverySink() {
    source.apply(HelmReleases.named("a").progressing());
    CompletableFuture<WatchResult> result = start(builder());
    RecordingSink subscriber = new RecordingSink();
    watcher.subscribe(subscriber);
    watcher.close();

    assertThat(result.join().outcome()).isEqualTo(WatchOutcome.CANCELLED);
    assertThat(sink.outcome()).map(WatchResult::outcome).contains(WatchOutcome.CANCELLED);
    assertThat(sink.isClosed()).isTrue();
    assertThat(subscriber.isClosed()).isTrue();
    assertThat(source.isStarted()).isFalse();
  }

  @Test
  void theOutcomeArrivesAfterTheLastEventAndNothingAfterIt() {
    source.apply(HelmReleases.named("a").progressing());
    start(builder());
    source.patch("a", HelmRelease::installed);
    source.apply(HelmReleases.named("late").progressing());

    assertThat(sink.received()).last().isInstanceOf(RecordingSink.Outcome.class);
    assertThat(sink.events()).extracting(e -> e.component().value()).containsExactly("a", "a");
  }

  @Test
  void builderRejectsBadInputWithClearMessages() {
    assertThatThrownBy(() -> Watcher.builder(null)).hasMessage("source must not be null");
    assertThatThrownBy(() -> builder().timeout(Duration.ofSeconds(-1)))
        .hasMessage("timeout must be positive, was PT-1S");
    assertThatThrownBy(() -> builder().firstSeenTimeout(Duration.ZERO))
        .hasMessage("firstSeenTimeout must be positive, was PT0S");
    assertThatThrownBy(() -> builder().expectAtLeast(-1)).hasMessage("expectAtLeast must be >= 0, was -1");
    assertThatThrownBy(() -> builder().namePrefix("")).hasMessage("prefix must not be blank");
  }

  @Test
  void startTwiceOrAfterCloseIsAnError() {
    start(builder());
    assertThatThrownBy(() -> watcher.start()).isInstanceOf(IllegalStateException.class)
        .hasMessage("Watcher already started");
    watcher.close();
    Watcher closed = builder().build();
    closed.close();
    assertThatThrownBy(closed::start).hasMessage("Watcher is closed");
  }
}
