package io.helmwatch.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SeedLiteralBaselineTest {

  @Test
  void emitsFirstObservationAndTransitionsAndSuppressesChurnLikeTheOriginal() {
    List<SeedLiteralBaseline.SeedEvent> events = new ArrayList<>();
    SeedLiteralBaseline baseline = new SeedLiteralBaseline(events::add);

    baseline.processEvent(RawReleases.helmRelease("bp-cilium", 1, "Unknown", "Progressing", 2, 0));
    for (int churn = 1; churn <= 10; churn++) {
      baseline.processEvent(RawReleases.helmRelease("bp-cilium", 1, "Unknown", "Progressing", 2, churn));
    }
    baseline.processEvent(RawReleases.helmRelease("bp-cilium", 1, "True", "InstallSucceeded", 2, 11));
    baseline.processEvent(RawReleases.helmRelease("podinfo", 1, "True", "InstallSucceeded", 2, 0));

    assertThat(events).extracting(SeedLiteralBaseline.SeedEvent::component, SeedLiteralBaseline.SeedEvent::state)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("cilium", "installing"),
            org.assertj.core.groups.Tuple.tuple("cilium", "installed"));
  }
}
