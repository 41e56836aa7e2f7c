package io.helmwatch.integration.watcher;

import static io.helmwatch.core.ComponentState.DEGRADED;
import static io.helmwatch.core.ComponentState.INSTALLING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.helmwatch.core.ComponentId;
import io.helmwatch.core.ComponentSnapshot;
import io.helmwatch.core.EventLevel;
import io.helmwatch.core.WatchNotice;
import io.helmwatch.core.Watcher;
import io.helmwatch.testing.FakeReleaseSource;
import io.helmwatch.testing.HelmRelease;
import io.helmwatch.testing.HelmReleases;
import io.helmwatch.testing.ManualTime;
import io.helmwatch.testing.RecordingSink;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Stuck detection: one {@code STUCK} notice per stay in installing or degraded past its threshold. */
class WatcherStuckTest {
  private final FakeReleaseSource source = FakeReleaseSource.create();
  private final ManualTime time = ManualTime.create();
  private final RecordingSink sink = new RecordingSink();
  private Watcher watcher;

  private Watcher.Builder builder() {
    return Watcher.builder(source).sink(sink).continuous().clock(time.clock()).scheduler(time);
  }

  private Watcher start(Watcher.Builder b) {
    watcher = b.build();
    watcher.start();
    return watcher;
  }

  private List<WatchNotice> stuckNotices() {
    return sink.notices().stream().filter(n -> n.kind() == WatchNotice.Kind.STUCK).toList();
  }

  @AfterEach
  void close() {
    if (watcher != null) {
      watcher.close();
    }
  }

  @Test
  void aDeployedReleaseWhoseReadyWasNeverClearedIsReportedOnceWithHelmsRecordAsEvidence() {
    source.apply(HelmReleases.deployedButReadyNeverCleared("podinfo"));
    start(builder());
    assertThat(sink.lastState("podinfo")).contains(INSTALLING);

    time.advance(Duration.ofMinutes(9).plusSeconds(59));
    assertThat(stuckNotices()).as("before the default threshold of 10 minutes").isEmpty();

    time.advance(Duration.ofSeconds(1));
    assertThat(stuckNotices()).singleElement().satisfies(n -> {
      assertThat(n.component()).isEqualTo(ComponentId.of("podinfo"));
      assertThat(n.cluster()).isEqualTo("primary");
      assertThat(n.level()).isEqualTo(EventLevel.WARN);
      assertThat(n.time()).isEqualTo(HelmReleases.DEFAULT_TIME.plus(Duration.ofMinutes(10)));
      assertThat(n.message())
          .startsWith("podinfo (flux-system/podinfo) has been installing for 10m (stuck after 10m): ")
          .contains("history[0].status=deployed for the current generation 1 while Ready is not True")
          .contains("Ready=Unknown/Progressing \"Running 'install' action with timeout of 5m0s\"")
          .contains("observedGeneration=-1, generation=1 (the current spec is not reconciled yet)")
          .contains("lastAttemptedGeneration=1");
    });

    source.churn("podinfo", 5);
    time.advance(Duration.ofHours(3));
    assertThat(stuckNotices()).as("one notice per stay, however long it lasts").hasSize(1);
  }

  @Test
  void aTransitionEndsTheStayAndASecondStayGetsASecondNotice() {
    source.apply(HelmReleases.named("app").remediationRetries(3).runningAction());
    start(builder());
    time.advance(Duration.ofMinutes(10));
    assertThat(stuckNotices()).hasSize(1);

    source.patch("app", HelmRelease::installFailed);
    assertThat(sink.lastState("app")).contains(DEGRADED);
    time.advance(Duration.ofMinutes(9));
    assertThat(stuckNotices()).as("the degraded stay started 9 minutes ago").hasSize(1);

    time.advance(Duration.ofMinutes(1));
    assertThat(stuckNotices()).hasSize(2);
    assertThat(stuckNotices().get(1).message())
        .startsWith("app (flux-system/app) has been degraded for 10m (stuck after 10m): ")
        .contains("Ready=False/InstallFailed");

    time.advance(Duration.ofHours(1));
    assertThat(stuckNotices()).hasSize(2);
  }

  @Test
  void theDefaultThresholdIsTwiceTheReleasesSpecTimeout() {
    source.apply(HelmReleases.named("slow").timeout("2m0s").runningAction());
    start(builder());

    time.advance(Duration.ofMinutes(3).plusSeconds(55));
    assertThat(stuckNotices()).isEmpty();
    time.advance(Duration.ofSeconds(5));
    assertThat(stuckNotices()).singleElement().extracting(WatchNotice::message).asString()
        .startsWith("slow (flux-system/slow) has been installing for 4m (stuck after 4m, twice spec.timeout 2m0s)")
        .contains("Running 'install' action with timeout of 2m0s");
  }

  @Test
  void aMalformedSpecTimeoutFallsBackToTheDefaultThreshold() {
    source.apply(HelmReleases.named("odd").timeout("five minutes").runningAction());
    start(builder());

    time.advance(Duration.ofMinutes(9));
    assertThat(stuckNotices()).isEmpty();
    time.advance(Duration.ofMinutes(1));
    assertThat(stuckNotices()).singleElement().extracting(WatchNotice::message).asString()
        .contains("(stuck after 10m)");
  }

  @Test
  void theWatchersThresholdOverridesTheReleasesDefault() {
    source.apply(HelmReleases.named("slow").timeout("30m0s").runningAction());
    start(builder().stuckAfter(Duration.ofMinutes(1)));

    time.advance(Duration.ofSeconds(59));
    assertThat(stuckNotices()).isEmpty();
    time.advance(Duration.ofSeconds(1));
    assertThat(stuckNotices()).singleElement().extracting(WatchNotice::message).asString()
        .contains("has been installing for 1m (stuck after 1m)");
  }

  @Test
  void aReleaseThatIsInstalledNeverGetsOne() {
    source.apply(HelmReleases.named("done").runningAction().actionSucceeded());
    source.apply(HelmReleases.named("waiting").dependsOn("missing").waitingForDependency());
    start(builder());

    source.churn("done", 10);
    time.advance(Duration.ofHours(6));

    assertThat(stuckNotices()).isEmpty();
  }

  @Test
  void aStayThatEndsBeforeItsThresholdIsNeverReported() {
    source.apply(HelmReleases.named("app").runningAction());
    start(builder());
    time.advance(Duration.ofMinutes(9));

    source.patch("app", HelmRelease::actionSucceeded);
    time.advance(Duration.ofHours(1));

    assertThat(stuckNotices()).isEmpty();
  }

  @Test
  void aStuckNoticeReachesSubscribersAsWellAsThePrimarySink() {
    RecordingSink subscriber = new RecordingSink("subscriber");
    source.apply(HelmReleases.deployedButReadyNeverCleared("podinfo"));
    start(builder()).subscribe(subscriber);

    time.advance(Duration.ofMinutes(10));
    watcher.close();

    assertThat(subscriber.notices()).filteredOn(n -> n.kind() == WatchNotice.Kind.STUCK)
        .containsExactlyElementsOf(stuckNotices());
  }

  @Test
  void theSnapshotTellsWhenEachComponentEnteredItsState() {
    source.apply(HelmReleases.named("app").runningAction());
    start(builder());
    time.advance(Duration.ofMinutes(3));
    source.patch("app", HelmRelease::actionSucceeded);
    time.advance(Duration.ofMinutes(2));
    source.patch("app", HelmRelease::touch);

    ComponentSnapshot app = watcher.snapshot().get(0);
    assertThat(app.stateSince()).isEqualTo(HelmReleases.DEFAULT_TIME.plus(Duration.ofMinutes(3)));
    assertThat(app.timeInState(time.now())).isEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void aThresholdThatIsNotPositiveIsRefused() {
    assertThatThrownBy(() -> Watcher.builder(source).stuckAfter(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stuckAfter");
  }
}
