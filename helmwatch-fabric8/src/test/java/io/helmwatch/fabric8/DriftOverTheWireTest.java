package io.helmwatch.fabric8;

import static io.helmwatch.core.ComponentState.INSTALLED;
import static org.assertj.core.api.Assertions.assertThat;

import io.helmwatch.core.ComponentEvent;
import io.helmwatch.core.EmissionCause;
import io.helmwatch.core.ReleaseDetails;
import io.helmwatch.core.Watcher;
import io.helmwatch.testing.HelmReleases;
import io.helmwatch.testing.RecordingSink;
import io.helmwatch.testing.fabric8.FakeCluster;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * helm-controller v1.6's warn-mode drift (HELMRELEASE-STATUS.md (f)) written into a {@link FakeCluster} and
 * read over HTTP through the view and the lean cache: the release stays installed, the drift and its
 * correction reach the sink, and the details of today's status come along.
 */
class DriftOverTheWireTest {
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final String SUMMARY = "Deployment/podinfo/podinfo changed (0 additions, 1 changes, 0 removals)";

  @Test
  void aWarnModeDriftAndItsCorrectionReachTheSinkWithTheReleasesDetails() {
    RecordingSink sink = new RecordingSink();
    try (FakeCluster cluster = FakeCluster.start();
        Watcher watcher = Watcher.builder(Fabric8ReleaseSource.builder().client(cluster.client()).leanCache(true)
            .build()).sink(sink).continuous().build()) {
      cluster.create(HelmReleases.named("podinfo").driftDetection("warn").runningAction().actionSucceeded()
          .lastAttemptedReleaseActionDuration("12.5s").lastAttemptedRevisionDigest("sha256:0a1b2c3d4e5f"));
      watcher.start();
      ComponentEvent installed = sink.awaitState("podinfo", INSTALLED, WAIT);
      ReleaseDetails details = installed.details();
      assertThat(details.historyAction()).isEqualTo("install");
      assertThat(details.releaseVersion()).isEqualTo(1);
      assertThat(details.attemptDuration()).isEqualTo(Duration.ofMillis(12_500));
      assertThat(details.ociDigest()).isEqualTo("sha256:0a1b2c3d4e5f");
      assertThat(details.drifted()).isFalse();

      cluster.patchStatus("podinfo", r -> r.at(Instant.parse("2026-01-01T01:00:00Z")).drifted(SUMMARY));
      ComponentEvent drifted = sink.awaitEvent(e -> e.cause() == EmissionCause.DRIFT_DETECTED, "drift detected",
          WAIT);
      assertThat(drifted.state()).isEqualTo(INSTALLED);
      assertThat(drifted.details().driftSummary()).endsWith("\n" + SUMMARY);
      assertThat(drifted.id()).isNotEqualTo(installed.id());

      cluster.patchStatus("podinfo", r -> r.at(Instant.parse("2026-01-01T02:00:00Z")).driftCorrected());
      ComponentEvent corrected = sink.awaitEvent(e -> e.cause() == EmissionCause.DRIFT_CORRECTED,
          "drift corrected", WAIT);
      assertThat(corrected.state()).isEqualTo(INSTALLED);
      assertThat(corrected.details().drifted()).isFalse();
    }
  }
}
