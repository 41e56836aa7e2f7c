package io.helmwatch.integration.watcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.helmwatch.core.Watcher;
import io.helmwatch.core.sink.JsonLinesSink;
import io.helmwatch.testing.FakeReleaseSource;
import io.helmwatch.testing.HelmRelease;
import io.helmwatch.testing.HelmReleases;
import io.helmwatch.testing.ManualTime;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A warn-mode drift and its correction, as the JSON lines sink writes them. */
class DriftJsonLinesTest {
  @Test
  void driftAndItsCorrectionReachTheJsonLinesSink() {
    ManualTime time = ManualTime.create();
    FakeReleaseSource source = FakeReleaseSource.create();
    StringWriter out = new StringWriter();
    HelmRelease installed = HelmReleases.named("podinfo").driftDetection("warn").runningAction().actionSucceeded()
        .lastAttemptedReleaseActionDuration("12.5s");
    source.apply(installed);
    try (Watcher watcher = Watcher.builder(source).sink(JsonLinesSink.to(out, time.clock())).continuous()
        .clock(time.clock()).scheduler(time).build()) {
      watcher.start();
      HelmRelease drifted = installed.at(Instant.parse("2026-01-01T01:00:00Z"))
          .drifted("Deployment/podinfo/podinfo changed (0 additions, 1 changes, 0 removals)");
      source.apply(drifted);
      source.apply(drifted.at(Instant.parse("2026-01-01T02:00:00Z")).driftCorrected());
    }

    List<String> events = out.toString().lines().filter(l -> l.contains("\"type\":\"event\"")).toList();
    assertThat(events).hasSize(3);
    assertThat(events.get(0)).contains("\"cause\":\"first_observation\"", "\"state\":\"installed\"",
        "\"historyAction\":\"install\",\"releaseVersion\":1,\"attemptDuration\":12.5", "\"drifted\":false");
    assertThat(events.get(1)).contains("\"cause\":\"drift_detected\"", "\"state\":\"installed\"",
        "\"drifted\":true,\"driftSummary\":\"Cluster state of release flux-system/podinfo.v1 has drifted from the"
            + " desired state:\\nDeployment/podinfo/podinfo changed (0 additions, 1 changes, 0 removals)\"");
    assertThat(events.get(2)).contains("\"cause\":\"drift_corrected\"", "\"state\":\"installed\"",
        "\"drifted\":false,\"driftSummary\":\"\"");
  }
}
