package io.helmwatch.integration.watcher;

import static io.helmwatch.core.ComponentState.DEGRADED;
import static io.helmwatch.core.ComponentState.FAILED;
import static io.helmwatch.core.ComponentState.INSTALLED;
import static io.helmwatch.core.ComponentState.INSTALLING;
import static io.helmwatch.core.ComponentState.PENDING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.helmwatch.core.ComponentId;
import io.helmwatch.core.ComponentState;
import io.helmwatch.core.Derivation;
import io.helmwatch.core.EventLevel;
import io.helmwatch.core.WatchOutcome;
import io.helmwatch.core.WatchResult;
import io.helmwatch.core.Watcher;
import io.helmwatch.testing.FakeReleaseSource;
import io.helmwatch.testing.HelmControllerSimulator;
import io.helmwatch.testing.HelmRelease;
import io.helmwatch.testing.HelmReleases;
import io.helmwatch.testing.ManualTime;
import io.helmwatch.testing.RecordingSink;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The watch outcome follows helm-controller: a retried failure is not the end of a kit. */
class WatcherFluxSemanticsTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
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
  void aFailedAttemptThatHelmControllerRetriesAndInstallsEndsReady() {
    source.apply(HelmReleases.named("a").runningAction().actionSucceeded())
        .apply(HelmReleases.named("b").remediationRetries(3).runningAction());
    CompletableFuture<WatchResult> result = start(builder().expectAtLeast(2));
    source.patch("b", HelmRelease::installFailed);
    source.patch("b", HelmRelease::remediated);
    assertThat(result).isNotDone();
    source.patch("b", HelmRelease::runningAction);
    source.patch("b", HelmRelease::actionSucceeded);

    assertThat(result.join().outcome()).isEqualTo(WatchOutcome.READY);
    assertThat(sink.statesOf("b")).containsExactly(INSTALLING, DEGRADED, INSTALLING, INSTALLED);
  }

  @Test
  void failFastEndsOnTheFirstFailedAttempt() {
    source.apply(HelmReleases.named("b").remediationRetries(3).runningAction());
    CompletableFuture<WatchResult> result = start(builder().failFast(true));
    source.patch("b", HelmRelease::installFailed);

    assertThat(result.join().outcome()).isEqualTo(WatchOutcome.FAILED);
    assertThat(sink.statesOf("b")).containsExactly(INSTALLING, FAILED);
  }

  @Test
  void failFastCannotBeCombinedWithACustomDeriver() {
    Watcher.Builder b = Watcher.builder(source)
        .deriver(o -> new Derivation(ComponentState.INSTALLED, EventLevel.INFO, "ok"))
        .failFast(true);
    assertThatThrownBy(b::build).isInstanceOf(IllegalStateException.class).hasMessageContaining("custom deriver");
  }

  @Test
  void aReleaseBehindARetryingDependencyKeepsTheWatchOpen() {
    source.apply(HelmReleases.named("a").remediationRetries(3).runningAction().installFailed())
        .apply(HelmReleases.named("b").dependsOn("a").waitingFor("a"));
    CompletableFuture<WatchResult> result = start(builder().expectAtLeast(2));
    sink.awaitEvents(2, WAIT);
    assertThat(result).isNotDone();
    assertThat(sink.lastState("a")).contains(DEGRADED);
    assertThat(sink.lastState("b")).contains(PENDING);
  }

  @Test
  void aReleaseBehindAStalledDependencyEndsTheWatchFailed() {
    source.apply(HelmReleases.named("a").runningAction().installFailed())
        .apply(HelmReleases.named("b").dependsOn("a").waitingFor("a"));
    assertThat(start(builder().expectAtLeast(2)).join().outcome()).isEqualTo(WatchOutcome.FAILED);
  }

  @Test
  void theSimulatorsFailingReleaseIsRetriedThenFailed() throws InterruptedException {
    HelmControllerSimulator sim = HelmControllerSimulator.builder(HelmReleases.bootstrapKit())
        .fail("bp-gitea").churn(1).build();
    CompletableFuture<WatchResult> result = start(builder().namePrefix("bp-").expectAtLeast(11));
    sim.run(source::apply, d -> {});
    WatchResult r = result.join();
    assertThat(r.outcome()).isEqualTo(WatchOutcome.FAILED);
    List<ComponentState> gitea = sink.statesOf("gitea");
    assertThat(gitea).startsWith(PENDING).endsWith(FAILED).contains(DEGRADED);
    assertThat(gitea.indexOf(DEGRADED)).isLessThan(gitea.indexOf(FAILED));
    assertThat(r.states()).containsEntry(ComponentId.of("catalyst-platform"), PENDING);
  }

  @Test
  void theSimulatorsFlakyReleaseEndsTheKitReady() throws InterruptedException {
    HelmControllerSimulator sim = HelmControllerSimulator.builder(HelmReleases.bootstrapKit())
        .failOnce("bp-gitea").churn(1).build();
    CompletableFuture<WatchResult> result = start(builder().namePrefix("bp-").expectAtLeast(11));
    sim.run(source::apply, d -> {});
    assertThat(result.join().outcome()).isEqualTo(WatchOutcome.READY);
    assertThat(sink.statesOf("gitea")).contains(DEGRADED).endsWith(INSTALLED);
    assertThat(sim.finalTruth()).containsEntry("bp-gitea", INSTALLED);
  }

  @Test
  void releasesWithTheSameNameInTwoNamespacesNeverMerge() {
    source.apply(HelmReleases.named("podinfo").inNamespace("dev").runningAction().actionSucceeded())
        .apply(HelmReleases.named("podinfo").inNamespace("staging").runningAction());
    start(builder().continuous());
    sink.awaitEvents(2, WAIT);
    assertThat(watcher.snapshot()).extracting(s -> s.component().value() + "=" + s.state())
        .containsExactly("podinfo=INSTALLED", "staging/podinfo=INSTALLING");
  }

  @Test
  void aSourceOverManyNamespacesGivesNamespaceQualifiedIds() {
    source.spanningNamespaces()
        .apply(HelmReleases.named("bp-podinfo").inNamespace("dev").runningAction().actionSucceeded())
        .apply(HelmReleases.named("bp-podinfo").inNamespace("staging").runningAction());
    start(builder().namePrefix("bp-").continuous());
    sink.awaitEvents(2, WAIT);
    assertThat(watcher.snapshot()).extracting(s -> s.component().value())
        .containsExactly("dev/podinfo", "staging/podinfo");
  }

  @Test
  void theSimulatorsLastWritesReadAsItsFinalTruth() {
    HelmControllerSimulator sim = HelmControllerSimulator.builder(HelmReleases.bootstrapKit())
        .fail("bp-gitea").upgrade("bp-cilium").churn(0).build();
    HelmControllerSimulator.Rollout rollout = sim.start(r -> { });
    while (rollout.round()) {
      // drive to the end
    }
    assertThat(rollout.expectedStates()).isEqualTo(sim.finalTruth());
  }
}
