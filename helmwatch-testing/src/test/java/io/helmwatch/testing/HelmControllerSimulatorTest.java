package io.helmwatch.testing;

import static io.helmwatch.core.ComponentState.DEGRADED;
import static io.helmwatch.core.ComponentState.FAILED;
import static io.helmwatch.core.ComponentState.INSTALLED;
import static io.helmwatch.core.ComponentState.INSTALLING;
import static io.helmwatch.core.ComponentState.PENDING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.helmwatch.core.ComponentId;
import io.helmwatch.core.WatchOutcome;
import io.helmwatch.core.WatchResult;
import io.helmwatch.core.Watcher;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class HelmControllerSimulatorTest {
  private final FakeReleaseSource source = FakeReleaseSource.create();
  private final ManualTime time = ManualTime.create();
  private final RecordingSink sink = new RecordingSink();

  private CompletableFuture<WatchResult> watch(Watcher watcher) {
    return watcher.start();
  }

  @Test
  void installsTheKitInDependencyOrderWithChurnThatEmitsNothing() throws InterruptedException {
    HelmControllerSimulator sim = HelmControllerSimulator.builder(HelmReleases.bootstrapKit()).churn(3).build();
    try (Watcher watcher = Watcher.builder(source).namePrefix("bp-").expectAtLeast(11).sink(sink)
        .clock(time.clock()).scheduler(time).build()) {
      CompletableFuture<WatchResult> result = watch(watcher);
      int writes = sim.run(source::apply, pause -> {});

      assertThat(result.join().outcome()).isEqualTo(WatchOutcome.READY);
      assertThat(result.join().states()).hasSize(11).allSatisfy((id, state) -> assertThat(state).isEqualTo(INSTALLED));
      assertThat(sink.statesOf("cilium")).containsExactly(PENDING, INSTALLING, INSTALLED);
      assertThat(sink.statesOf("catalyst-platform")).containsExactly(PENDING, INSTALLING, INSTALLED);
      assertThat(writes).isGreaterThan(4 * sink.events().size());
      int ciliumInstalled = sink.events().indexOf(sink.eventsFor("cilium").get(2));
      int certManagerInstalling = sink.events().indexOf(sink.eventsFor("cert-manager").get(1));
      assertThat(ciliumInstalled).isLessThan(certManagerInstalling);
    }
  }

  @Test
  void aFailingReleaseFailsAndItsDependantsNeverInstallSoTheWatchEndsFailed() throws InterruptedException {
    HelmControllerSimulator sim = HelmControllerSimulator.builder(HelmReleases.bootstrapKit()).fail("bp-gitea").build();
    try (Watcher watcher = Watcher.builder(source).namePrefix("bp-").expectAtLeast(11).sink(sink)
        .clock(time.clock()).scheduler(time).build()) {
      CompletableFuture<WatchResult> result = watch(watcher);
      sim.run(source::apply, pause -> {});

      assertThat(result.join().outcome()).isEqualTo(WatchOutcome.FAILED);
      assertThat(result.join().states())
          .containsEntry(ComponentId.of("gitea"), FAILED)
          .containsEntry(ComponentId.of("catalyst-platform"), PENDING)
          .containsEntry(ComponentId.of("keycloak"), INSTALLED);
      assertThat(sink.statesOf("catalyst-platform")).doesNotContain(INSTALLED);
    }
    assertThat(sim.finalTruth()).containsEntry("bp-gitea", FAILED).containsEntry("bp-catalyst-platform", PENDING);
  }

  @Test
  void anUpgradeReadsInstallingWhileTheReadyConditionIsStale() throws InterruptedException {
    HelmControllerSimulator sim = HelmControllerSimulator.builder(HelmReleases.bootstrapKit().subList(0, 1))
        .upgrade("bp-cilium").churn(0).build();
    try (Watcher watcher = Watcher.builder(source).namePrefix("bp-").sink(sink).continuous()
        .clock(time.clock()).scheduler(time).build()) {
      watcher.start();
      sim.run(source::apply, pause -> {});
      assertThat(sink.statesOf("cilium")).containsExactly(PENDING, INSTALLING, INSTALLED, INSTALLING, INSTALLED);
      assertThat(sink.eventsFor("cilium").get(3).message()).isEqualTo("Upgrading to generation 2");
    }
  }

  @Test
  void aFailingReleaseBehindAnotherFailureNeverStartsAndStaysPending() throws InterruptedException {
    HelmControllerSimulator sim = HelmControllerSimulator.builder(HelmReleases.bootstrapKit())
        .fail("bp-keycloak").fail("bp-gitea").build();
    try (Watcher watcher = Watcher.builder(source).namePrefix("bp-").expectAtLeast(11).sink(sink)
        .clock(time.clock()).scheduler(time).build()) {
      CompletableFuture<WatchResult> result = watch(watcher);
      sim.run(source::apply, pause -> {});
      assertThat(result.join().states()).containsEntry(ComponentId.of("keycloak"), FAILED)
          .containsEntry(ComponentId.of("gitea"), PENDING);
    }
    assertThat(sim.finalTruth()).containsEntry("bp-keycloak", FAILED).containsEntry("bp-gitea", PENDING);
  }

  @Test
  void aFailingReleaseIsWrittenAsHelmControllerRetriesAndThenStalls() {
    HelmControllerSimulator sim = HelmControllerSimulator.builder(HelmReleases.bootstrapKit().subList(0, 1))
        .fail("bp-cilium").churn(0).build();
    java.util.List<HelmRelease> writes = new java.util.ArrayList<>();
    HelmControllerSimulator.Rollout rollout = playToTheEnd(sim, writes);
    java.util.List<String> shapes = writes.stream().map(HelmControllerSimulatorTest::shape).toList();
    assertThat(shapes).containsExactly(
        "gen=1 observed=-1 attempted=0 []",
        "gen=1 observed=-1 attempted=1 [Reconciling=True/Progressing, Ready=Unknown/Progressing]",
        "gen=1 observed=-1 attempted=1 [Reconciling=True/ProgressingWithRetry, Ready=False/InstallFailed,"
            + " Released=False/InstallFailed]",
        "gen=1 observed=-1 attempted=1 [Reconciling=True/ProgressingWithRetry, Ready=False/InstallFailed,"
            + " Released=False/InstallFailed, Remediated=True/UninstallSucceeded]",
        "gen=1 observed=-1 attempted=1 [Reconciling=True/Progressing, Ready=Unknown/Progressing,"
            + " Released=False/InstallFailed, Remediated=True/UninstallSucceeded]",
        "gen=1 observed=-1 attempted=1 [Reconciling=True/ProgressingWithRetry, Ready=False/InstallFailed,"
            + " Released=False/InstallFailed, Remediated=True/UninstallSucceeded]",
        "gen=1 observed=-1 attempted=1 [Reconciling=True/ProgressingWithRetry, Ready=False/InstallFailed,"
            + " Released=False/InstallFailed, Remediated=True/UninstallSucceeded]",
        "gen=1 observed=-1 attempted=1 [Reconciling=True/Progressing, Ready=Unknown/Progressing,"
            + " Released=False/InstallFailed, Remediated=True/UninstallSucceeded]",
        "gen=1 observed=-1 attempted=1 [Reconciling=True/ProgressingWithRetry, Ready=False/InstallFailed,"
            + " Released=False/InstallFailed, Remediated=True/UninstallSucceeded]",
        "gen=1 observed=-1 attempted=1 [Reconciling=True/ProgressingWithRetry, Ready=False/InstallFailed,"
            + " Released=False/InstallFailed, Remediated=True/UninstallSucceeded]",
        "gen=1 observed=-1 attempted=1 [Reconciling=True/Progressing, Ready=Unknown/Progressing,"
            + " Released=False/InstallFailed, Remediated=True/UninstallSucceeded]",
        "gen=1 observed=1 attempted=1 [Stalled=True/RetriesExceeded, Ready=False/InstallFailed,"
            + " Released=False/InstallFailed, Remediated=True/UninstallSucceeded]");
    HelmRelease last = writes.get(writes.size() - 1);
    assertThat(last.conditions().get(0).message()).isEqualTo("Failed to install after 4 attempt(s)");
    assertThat(last.installFailures()).isEqualTo(4);
    assertThat(rollout.expectedStates()).containsEntry("bp-cilium", FAILED);
  }

  @Test
  void aFlakyReleaseIsInstalledByTheRetry() {
    HelmControllerSimulator sim = HelmControllerSimulator.builder(HelmReleases.bootstrapKit().subList(0, 1))
        .failOnce("bp-cilium").churn(0).build();
    java.util.List<HelmRelease> writes = new java.util.ArrayList<>();
    HelmControllerSimulator.Rollout rollout = playToTheEnd(sim, writes);
    HelmRelease last = writes.get(writes.size() - 1);
    assertThat(shape(last)).isEqualTo("gen=1 observed=1 attempted=1 [Ready=True/InstallSucceeded,"
        + " Released=True/InstallSucceeded]");
    assertThat(last.history()).containsExactly("1.0.0");
    assertThat(rollout.expectedStates()).containsEntry("bp-cilium", INSTALLED);
    assertThat(sim.finalTruth()).containsEntry("bp-cilium", INSTALLED);
  }

  /** A one-release kit under RetryOnFailure, in helm-controller v1.4.3+'s shape or v1.4.0–v1.4.2's. */
  private static java.util.List<HelmRelease> retryOnFailureKit(boolean before143) {
    HelmRelease cilium = HelmReleases.bootstrapKit().get(0);
    return java.util.List.of(before143 ? cilium.retryOnFailureBefore143() : cilium.retryOnFailureStrategy());
  }

  @org.junit.jupiter.params.ParameterizedTest(name = "before v1.4.3: {0}")
  @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
  void underRetryOnFailureAReleaseThatFailsEveryAttemptIsRetriedForeverAndReadsDegraded(boolean before143) {
    HelmControllerSimulator sim = HelmControllerSimulator.builder(retryOnFailureKit(before143))
        .fail("bp-cilium").churn(0).build();
    try (Watcher watcher = Watcher.builder(source).namePrefix("bp-").sink(sink)
        .clock(time.clock()).scheduler(time).build()) {
      CompletableFuture<WatchResult> result = watch(watcher);
      java.util.List<HelmRelease> writes = new java.util.ArrayList<>();
      HelmControllerSimulator.Rollout rollout = sim.start(r -> {
        writes.add(r);
        source.apply(r);
      });
      for (int round = 0; round < 40; round++) {
        assertThat(rollout.round()).as("round %d still writes", round).isTrue();
      }
      assertThat(result).isNotDone();
      assertThat(sink.statesOf("cilium")).doesNotContain(FAILED).endsWith(DEGRADED);
      HelmRelease last = writes.get(writes.size() - 1);
      assertThat(last.installFailures() + last.upgradeFailures()).isGreaterThan(5);
      assertThat(last.conditions()).noneMatch(c -> c.type().equals("Stalled"));
    }
  }

  @org.junit.jupiter.params.ParameterizedTest(name = "before v1.4.3: {0}")
  @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
  void maxAttemptsEndsARetryOnFailureReleaseOnItsThirdFailedAttempt(boolean before143) {
    HelmControllerSimulator sim = HelmControllerSimulator.builder(retryOnFailureKit(before143))
        .fail("bp-cilium").churn(0).build();
    try (Watcher watcher = Watcher.builder(source).namePrefix("bp-").sink(sink).maxAttempts(3)
        .clock(time.clock()).scheduler(time).build()) {
      CompletableFuture<WatchResult> result = watch(watcher);
      HelmControllerSimulator.Rollout rollout = sim.start(source::apply);
      for (int round = 0; round < 40 && !result.isDone(); round++) {
        rollout.round();
      }
      assertThat(result.join().outcome()).isEqualTo(WatchOutcome.FAILED);
      assertThat(sink.statesOf("cilium")).endsWith(FAILED).containsOnlyOnce(FAILED);
      java.util.List<io.helmwatch.core.ComponentEvent> events = sink.eventsFor("cilium");
      assertThat(events.get(events.size() - 1).message())
          .startsWith("upgrade attempt 3 of 3 failed: UpgradeFailed: Helm upgrade failed for release"
              + " flux-system/bp-cilium");
    }
  }

  @org.junit.jupiter.params.ParameterizedTest(name = "before v1.4.3: {0}")
  @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
  void aRetryOnFailureReleaseThatFailsTwiceAndThenInstallsEndsReadyUnderMaxAttemptsThree(boolean before143)
      throws InterruptedException {
    HelmControllerSimulator sim = HelmControllerSimulator.builder(retryOnFailureKit(before143))
        .failAttempts("bp-cilium", 2).churn(0).build();
    try (Watcher watcher = Watcher.builder(source).namePrefix("bp-").expectAtLeast(1).sink(sink).maxAttempts(3)
        .clock(time.clock()).scheduler(time).build()) {
      CompletableFuture<WatchResult> result = watch(watcher);
      sim.run(source::apply, pause -> {});
      assertThat(result.join().outcome()).isEqualTo(WatchOutcome.READY);
      assertThat(sink.statesOf("cilium")).contains(DEGRADED).doesNotContain(FAILED).endsWith(INSTALLED);
    }
    assertThat(sim.finalTruth()).containsEntry("bp-cilium", INSTALLED);
  }

  private static HelmControllerSimulator.Rollout playToTheEnd(HelmControllerSimulator sim,
      java.util.List<HelmRelease> writes) {
    HelmControllerSimulator.Rollout rollout = sim.start(writes::add);
    while (rollout.round()) {
      // every round writes; the last one changes nothing
    }
    return rollout;
  }

  private static String shape(HelmRelease r) {
    return "gen=" + r.generation() + " observed=" + r.observedGeneration() + " attempted="
        + r.lastAttemptedGeneration() + " " + r.conditions().stream()
            .map(c -> c.type() + "=" + c.status() + "/" + c.reason()).toList();
  }

  @Test
  void unknownNamesAreRejectedWithTheKnownOnes() {
    assertThatThrownBy(() -> HelmControllerSimulator.builder(HelmReleases.bootstrapKit()).fail("bp-nope"))
        .hasMessageStartingWith("'bp-nope' is not in the kit; known: [bp-cilium,");
  }
}
