package io.helmwatch.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.helmwatch.core.Condition;
import io.helmwatch.core.ReleaseObservation;
import io.helmwatch.core.flux.FluxHelmReleaseDeriver;
import org.junit.jupiter.api.Test;

/** The in-progress fixtures stuck detection is tested with, as helm-controller writes them. */
class StuckFixturesTest {

  @Test
  void deployedButReadyNeverClearedIsHelmsDeployedReleaseUnderAnInProgressReady() {
    ReleaseObservation o = HelmReleases.deployedButReadyNeverCleared("podinfo").toObservation();

    assertThat(o.latestReleaseStatus()).isEqualTo("deployed");
    assertThat(o.lastAttemptedGeneration()).isEqualTo(o.generation()).isEqualTo(1);
    assertThat(o.observedGeneration()).as("not patched: the reconcile never finished").isEqualTo(-1);
    Condition ready = o.condition(o.indexOfCondition(FluxHelmReleaseDeriver.READY));
    assertThat(ready.status()).isEqualTo(Condition.UNKNOWN);
    assertThat(ready.reason()).isEqualTo("Progressing");
    assertThat(ready.message()).isEqualTo("Running 'install' action with timeout of 5m0s");
    assertThat(o.indexOfCondition(FluxHelmReleaseDeriver.RELEASED)).isNegative();
    assertThat(o.condition(o.indexOfCondition(FluxHelmReleaseDeriver.RECONCILING)).status())
        .isEqualTo(Condition.TRUE);
    assertThat(FluxHelmReleaseDeriver.instance().state(o)).isEqualTo(io.helmwatch.core.ComponentState.INSTALLING);
  }

  @Test
  void specTimeoutIsReportedAsWrittenAndRepeatedInTheActionMessage() {
    HelmRelease r = HelmReleases.named("slow").timeout("10m0s").runningAction();
    ReleaseObservation o = r.toObservation();

    assertThat(o.timeout()).isEqualTo("10m0s");
    assertThat(o.conditionMessage(o.indexOfCondition(FluxHelmReleaseDeriver.READY)))
        .isEqualTo("Running 'install' action with timeout of 10m0s");
    assertThat(HelmReleases.named("plain").toObservation().timeout()).isEmpty();
    assertThat(HelmReleases.named("plain").toObservation().latestReleaseStatus()).isEmpty();
  }
}
