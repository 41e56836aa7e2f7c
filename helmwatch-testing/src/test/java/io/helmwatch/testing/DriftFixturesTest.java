package io.helmwatch.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.helmwatch.core.ComponentState;
import io.helmwatch.core.Condition;
import io.helmwatch.core.ReleaseObservation;
import io.helmwatch.core.flux.FluxHelmReleaseDeriver;
import org.junit.jupiter.api.Test;

/** The drift fixtures and history actions, as helm-controller v1.6 writes them (HELMRELEASE-STATUS.md (f)). */
class DriftFixturesTest {
  private static final FluxHelmReleaseDeriver DERIVER = FluxHelmReleaseDeriver.instance();

  private static HelmRelease installed() {
    return HelmReleases.named("podinfo").runningAction().actionSucceeded();
  }

  private static Condition drifted(ReleaseObservation o) {
    return o.condition(o.indexOfCondition(FluxHelmReleaseDeriver.DRIFTED));
  }

  @Test
  void everyHistoryEntryNamesItsActionNewestFirst() {
    HelmRelease upgraded = installed().bumpGeneration().chartVersion("2.0.0").runningAction().actionSucceeded();
    assertThat(upgraded.history()).containsExactly("2.0.0", "1.0.0");
    assertThat(upgraded.historyActions()).containsExactly("upgrade", "install");
    ReleaseObservation o = upgraded.toObservation();
    assertThat(o.latestReleaseAction()).isEqualTo("upgrade");
    assertThat(o.latestReleaseVersion()).isEqualTo(2);
  }

  @Test
  void driftedInWarnModeMarksDriftedTrueAndLeavesReadyTrue() {
    ReleaseObservation o = installed().drifted("Deployment/podinfo/podinfo removed").toObservation();
    assertThat(o.driftDetectionMode()).isEqualTo("warn");
    Condition c = drifted(o);
    assertThat(c.status()).isEqualTo(Condition.TRUE);
    assertThat(c.reason()).isEqualTo("DriftDetected");
    assertThat(c.message()).isEqualTo("Cluster state of release flux-system/podinfo.v1 has drifted from the"
        + " desired state:\nDeployment/podinfo/podinfo removed");
    assertThat(o.conditionType(0)).as("Ready stays first, as conditions.Set sorts").isEqualTo("Ready");
    assertThat(DERIVER.state(o)).isEqualTo(ComponentState.INSTALLED);
    assertThat(DERIVER.drifted(o)).isTrue();
  }

  @Test
  void driftCorrectedMarksNoDriftDetected() {
    ReleaseObservation o = installed().drifted("x").driftCorrected().toObservation();
    Condition c = drifted(o);
    assertThat(c.status()).isEqualTo(Condition.FALSE);
    assertThat(c.reason()).isEqualTo("NoDriftDetected");
    assertThat(c.message()).isEqualTo("No drift detected against the cluster state");
    assertThat(DERIVER.drifted(o)).isFalse();
  }

  @Test
  void disablingDriftDetectionLeavesAStaleDriftedForTheOldGeneration() {
    ReleaseObservation o = installed().drifted("x").driftDetectionDisabled().toObservation();
    assertThat(o.driftDetectionMode()).isEqualTo("disabled");
    assertThat(o.generation()).isEqualTo(2);
    assertThat(drifted(o).status()).isEqualTo(Condition.TRUE);
    assertThat(drifted(o).observedGeneration()).isEqualTo(1);
    assertThat(o.condition(o.indexOfCondition(FluxHelmReleaseDeriver.READY)).observedGeneration()).isEqualTo(2);
    assertThat(DERIVER.state(o)).isEqualTo(ComponentState.INSTALLED);
    assertThat(DERIVER.drifted(o)).isFalse();
  }
}
