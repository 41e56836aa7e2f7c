package io.helmwatch.integration.watcher;

import static io.helmwatch.core.ComponentState.DEGRADED;
import static io.helmwatch.core.ComponentState.FAILED;
import static io.helmwatch.core.ComponentState.INSTALLED;
import static io.helmwatch.core.ComponentState.INSTALLING;
import static org.assertj.core.api.Assertions.assertThat;

import io.helmwatch.core.ComponentEvent;
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

/** {@link ComponentEvent#recovered()}: the installed event that ends a degraded or failed episode says how long it lasted. */
class WatcherRecoveryTest {
  private final FakeReleaseSource source = FakeReleaseSource.create();
  private final ManualTime time = ManualTime.create();
  private final RecordingSink sink = new RecordingSink();
  private Watcher watcher;

  private void start() {
    watcher = Watcher.builder(source).sink(sink).continuous().clock(time.clock()).scheduler(time).build();
    watcher.start();
  }

  @AfterEach
  void close() {
    if (watcher != null) {
      watcher.close();
    }
  }

  private List<Duration> recoveries(String component) {
    return sink.eventsFor(component).stream().map(ComponentEvent::recovered).toList();
  }

  @Test
  void aRetriedFailureThatInstallsCarriesTheTimeSinceItFirstDegraded() {
    source.apply(HelmReleases.named("gitea").remediationRetries(3).runningAction());
    start();
    time.advance(Duration.ofMinutes(1));
    source.patch("gitea", HelmRelease::installFailed);
    time.advance(Duration.ofMinutes(2));
    source.patch("gitea", HelmRelease::remediated);
    source.patch("gitea", HelmRelease::runningAction);
    time.advance(Duration.ofMinutes(3));
    source.patch("gitea", HelmRelease::installFailed);
    time.advance(Duration.ofSeconds(90));
    source.patch("gitea", HelmRelease::remediated);
    source.patch("gitea", HelmRelease::runningAction);
    time.advance(Duration.ofMillis(500));
    source.patch("gitea", HelmRelease::actionSucceeded);

    assertThat(sink.statesOf("gitea"))
        .containsExactly(INSTALLING, DEGRADED, INSTALLING, DEGRADED, INSTALLING, INSTALLED);
    assertThat(recoveries("gitea")).containsExactly(null, null, null, null, null,
        Duration.ofMinutes(5).plusSeconds(90).plusMillis(500));
  }

  @Test
  void aFailedReleaseFixedByANewGenerationRecoversFromTheFailure() {
    source.apply(HelmReleases.named("gitea").runningAction());
    start();
    source.patch("gitea", r -> r.stalled("RetriesExceeded", "Failed to install after 1 attempt(s)"));
    time.advance(Duration.ofMinutes(20));
    source.bumpGeneration("gitea");
    source.patch("gitea", HelmRelease::runningAction);
    time.advance(Duration.ofMinutes(4));
    source.patch("gitea", HelmRelease::actionSucceeded);

    assertThat(sink.statesOf("gitea")).containsExactly(INSTALLING, FAILED, INSTALLING, INSTALLED);
    assertThat(recoveries("gitea").get(3)).isEqualTo(Duration.ofMinutes(24));
  }

  @Test
  void anInstallWithoutTroubleAndAReleaseFirstSeenInstalledReportNoRecovery() {
    source.apply(HelmReleases.named("cilium").installed());
    source.apply(HelmReleases.named("gitea").runningAction());
    start();
    time.advance(Duration.ofMinutes(1));
    source.patch("gitea", HelmRelease::actionSucceeded);

    assertThat(recoveries("cilium")).containsExactly((Duration) null);
    assertThat(recoveries("gitea")).containsExactly(null, null);
  }

  @Test
  void eachEpisodeIsTimedFromItsOwnStart() {
    source.apply(HelmReleases.named("gitea").remediationRetries(3).runningAction());
    start();
    source.patch("gitea", HelmRelease::installFailed);
    time.advance(Duration.ofMinutes(2));
    source.patch("gitea", HelmRelease::runningAction);
    source.patch("gitea", HelmRelease::actionSucceeded);
    time.advance(Duration.ofHours(1));
    source.bumpGeneration("gitea");
    source.patch("gitea", HelmRelease::runningAction);
    source.patch("gitea", r -> r.upgradeFailed("boom"));
    time.advance(Duration.ofSeconds(30));
    source.patch("gitea", HelmRelease::runningAction);
    source.patch("gitea", HelmRelease::actionSucceeded);

    assertThat(sink.statesOf("gitea"))
        .containsExactly(INSTALLING, DEGRADED, INSTALLING, INSTALLED, INSTALLING, DEGRADED, INSTALLING, INSTALLED);
    assertThat(recoveries("gitea").get(3)).isEqualTo(Duration.ofMinutes(2));
    assertThat(recoveries("gitea").get(7)).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void aReleaseDeletedWhileTroubledAndCreatedAgainStartsWithoutAnEpisode() {
    source.apply(HelmReleases.named("gitea").remediationRetries(3).runningAction());
    start();
    source.patch("gitea", HelmRelease::installFailed);
    source.delete("gitea");
    time.advance(Duration.ofMinutes(5));
    source.apply(HelmReleases.named("gitea").runningAction());
    source.patch("gitea", HelmRelease::actionSucceeded);

    List<ComponentEvent> events = sink.eventsFor("gitea");
    assertThat(events.get(events.size() - 1).state()).isEqualTo(INSTALLED);
    assertThat(events.get(events.size() - 1).recovered()).isNull();
  }
}
