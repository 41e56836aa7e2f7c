package io.helmwatch.testing;

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
  void unknownNamesAreRejectedWithTheKnownOnes() {
    assertThatThrownBy(() -> HelmControllerSimulator.builder(HelmReleases.bootstrapKit()).fail("bp-nope"))
        .hasMessageStartingWith("'bp-nope' is not in the kit; known: [bp-cilium,");
  }
}
