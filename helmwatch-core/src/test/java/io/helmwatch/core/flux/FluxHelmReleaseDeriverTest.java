package io.helmwatch.core.flux;

import static org.assertj.core.api.Assertions.assertThat;

import io.helmwatch.core.ComponentState;
import io.helmwatch.core.Condition;
import io.helmwatch.core.EventLevel;
import io.helmwatch.core.ReleaseKey;
import io.helmwatch.core.ReleaseObservation;
import java.time.Instant;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FluxHelmReleaseDeriverTest {
  private static final FluxHelmReleaseDeriver deriver = FluxHelmReleaseDeriver.instance();
  private static final ReleaseKey KEY = ReleaseKey.of("flux-system", "bp-cilium");

  private static ReleaseObservation.Builder release() {
    return ReleaseObservation.builder(KEY).generation(1).observedGeneration(1);
  }

  private static Condition ready(String status, String reason, String message) {
    return new Condition("Ready", status, reason, message, Instant.EPOCH, 1);
  }

  private static ComponentState state(ReleaseObservation.Builder b) {
    return deriver.state(b.build());
  }

  /** The table of the original system, one test per row. */
  @Nested
  class OriginalTable {
    @Test
    void noReadyConditionIsPending() {
      assertThat(state(release())).isEqualTo(ComponentState.PENDING);
    }

    @Test
    void readyTrueIsInstalled() {
      assertThat(state(release().condition(ready("True", "InstallSucceeded", "ok"))))
          .isEqualTo(ComponentState.INSTALLED);
    }

    @Test
    void readyUnknownIsInstalling() {
      assertThat(state(release().condition(ready("Unknown", "Progressing", "Running install"))))
          .isEqualTo(ComponentState.INSTALLING);
    }

    @Test
    void readyFalseWithUnreadyDependencyMessageIsPending() {
      assertThat(state(release().condition(
              ready("False", "SomethingElse", "dependency 'flux-system/bp-cilium' is not ready"))))
          .isEqualTo(ComponentState.PENDING);
    }

    @ParameterizedTest
    @ValueSource(strings = {"InstallFailed", "UpgradeFailed", "ChartPullError", "ChartLoadError", "ArtifactFailed"})
    void readyFalseWithFailureReasonIsFailed(String reason) {
      assertThat(state(release().condition(ready("False", reason, "boom")))).isEqualTo(ComponentState.FAILED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Progressing", "ReconcileStarted", "DependencyNotReady"})
    void readyFalseWithProgressReasonIsInstallingOrPending(String reason) {
      ComponentState expected =
          reason.equals("DependencyNotReady") ? ComponentState.PENDING : ComponentState.INSTALLING;
      assertThat(state(release().condition(ready("False", reason, "working")))).isEqualTo(expected);
    }

    @Test
    void anyOtherReadyFalseIsDegraded() {
      assertThat(state(release().condition(ready("False", "HealthCheckFailed", "pods crash"))))
          .isEqualTo(ComponentState.DEGRADED);
    }

    @Test
    void terminalStatesAreInstalledAndFailed() {
      assertThat(ComponentState.values())
          .filteredOn(ComponentState::isTerminal)
          .containsExactlyInAnyOrder(ComponentState.INSTALLED, ComponentState.FAILED);
    }

    @Test
    void levelIsErrorForFailedWarnForDegradedInfoOtherwise() {
      assertThat(EventLevel.of(ComponentState.FAILED)).isEqualTo(EventLevel.ERROR);
      assertThat(EventLevel.of(ComponentState.DEGRADED)).isEqualTo(EventLevel.WARN);
      assertThat(EventLevel.of(ComponentState.PENDING)).isEqualTo(EventLevel.INFO);
      assertThat(EventLevel.of(ComponentState.INSTALLING)).isEqualTo(EventLevel.INFO);
      assertThat(EventLevel.of(ComponentState.INSTALLED)).isEqualTo(EventLevel.INFO);
    }

    @Test
    void messageIsTheReadyMessage() {
      assertThat(deriver.derive(release().condition(ready("False", "InstallFailed", "chart not found")).build())
              .message())
          .isEqualTo("chart not found");
    }

    @Test
    void messageFallsBackToASentencePerState() {
      assertThat(deriver.derive(release().build()).message())
          .isEqualTo(FluxHelmReleaseDeriver.defaultMessage(ComponentState.PENDING));
      assertThat(deriver.derive(release().condition(ready("True", "InstallSucceeded", "")).build()).message())
          .isEqualTo("Installed");
    }
  }

  @Nested
  class Generations {
    @Test
    void readyForAnOlderGenerationIsInstallingNotInstalled() {
      ReleaseObservation upgrading = ReleaseObservation.builder(KEY)
          .generation(2)
          .observedGeneration(1)
          .condition(ready("True", "InstallSucceeded", "installed gen 1"))
          .build();
      assertThat(deriver.state(upgrading)).isEqualTo(ComponentState.INSTALLING);
      assertThat(deriver.derive(upgrading).message()).isEqualTo("Upgrading to generation 2");
    }

    @Test
    void conditionObservedGenerationWinsOverStatusObservedGeneration() {
      ReleaseObservation current = ReleaseObservation.builder(KEY)
          .generation(2)
          .observedGeneration(1)
          .condition(new Condition("Ready", "True", "UpgradeSucceeded", "ok", null, 2))
          .build();
      assertThat(deriver.state(current)).isEqualTo(ComponentState.INSTALLED);
    }

    @Test
    void statusObservedGenerationIsUsedWhenTheConditionHasNone() {
      ReleaseObservation stale = ReleaseObservation.builder(KEY)
          .generation(3)
          .observedGeneration(2)
          .condition(new Condition("Ready", "True", "UpgradeSucceeded", "ok", null, 0))
          .build();
      assertThat(deriver.state(stale)).isEqualTo(ComponentState.INSTALLING);
    }

    @Test
    void unknownGenerationsAreTakenAsCurrent() {
      ReleaseObservation handMade = ReleaseObservation.builder(KEY)
          .generation(5)
          .condition(new Condition("Ready", "True", "InstallSucceeded", "ok", null, 0))
          .build();
      assertThat(deriver.state(handMade)).isEqualTo(ComponentState.INSTALLED);
    }

    @Test
    void staleFailureIsInstallingBecauseTheControllerRetriesWithTheNewSpec() {
      ReleaseObservation retried = ReleaseObservation.builder(KEY)
          .generation(2)
          .condition(new Condition("Ready", "False", "InstallFailed", "bad values", null, 1))
          .build();
      assertThat(deriver.state(retried)).isEqualTo(ComponentState.INSTALLING);
    }

    @Test
    void staleDependencyWaitStaysPending() {
      ReleaseObservation waiting = ReleaseObservation.builder(KEY)
          .generation(2)
          .condition(new Condition("Ready", "False", "DependencyNotReady", "waiting", null, 1))
          .build();
      assertThat(deriver.state(waiting)).isEqualTo(ComponentState.PENDING);
    }
  }

  @Nested
  class HelmControllerV2 {
    @ParameterizedTest
    @ValueSource(strings = {"InstallSucceeded", "UpgradeSucceeded", "TestSucceeded", "ReconciliationSucceeded"})
    void successReasonsOnReadyTrueAreInstalled(String reason) {
      assertThat(state(release().condition(ready("True", reason, "ok")))).isEqualTo(ComponentState.INSTALLED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"InstallFailed", "UpgradeFailed", "TestFailed", "RollbackSucceeded", "RollbackFailed",
        "UninstallSucceeded", "UninstallFailed", "ArtifactFailed"})
    void actionFailureReasonsOnReadyFalseAreFailed(String reason) {
      assertThat(state(release().condition(ready("False", reason, "x")))).isEqualTo(ComponentState.FAILED);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "dependency 'flux-system/bp-cilium' is not ready",
        "unable to get 'flux-system/bp-cilium' dependency: helmreleases.helm.toolkit.fluxcd.io not found",
        ""})
    void dependencyNotReadyIsPendingWhateverTheMessage(String message) {
      assertThat(state(release().condition(ready("False", "DependencyNotReady", message))))
          .isEqualTo(ComponentState.PENDING);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Unknown", "False"})
    void progressingIsInstalling(String status) {
      assertThat(state(release().condition(ready(status, "Progressing", "Running 'install' action"))))
          .isEqualTo(ComponentState.INSTALLING);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Unknown", "False"})
    void healthCheckCanceledIsInstalling(String status) {
      assertThat(state(release().condition(ready(status, "HealthCheckCanceled", "canceled"))))
          .isEqualTo(ComponentState.INSTALLING);
    }

    @ParameterizedTest
    @ValueSource(strings = {"SourceNotReady", "ValuesError", "ReconcileError", "ReconciliationFailed", "InitFailed",
        "GetLastReleaseFailed", ""})
    void otherReadyFalseReasonsAreDegraded(String reason) {
      assertThat(state(release().condition(ready("False", reason, "retrying")))).isEqualTo(ComponentState.DEGRADED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"RetriesExceeded", "MissingRollbackTarget", "AccessDenied", "InvalidCELExpression"})
    void stalledTrueIsFailedAndCarriesItsMessage(String reason) {
      ReleaseObservation stalled = release()
          .condition(ready("False", "InstallFailed", "install failed"))
          .condition(new Condition("Stalled", "True", reason, "giving up", null, 1))
          .build();
      assertThat(deriver.state(stalled)).isEqualTo(ComponentState.FAILED);
      assertThat(deriver.derive(stalled).message()).isEqualTo("giving up");
    }

    @Test
    void stalledTrueWinsOverReadyUnknown() {
      ReleaseObservation stalled = release()
          .condition(ready("Unknown", "Progressing", "retrying"))
          .condition(new Condition("Stalled", "True", "RetriesExceeded", "giving up", null, 1))
          .build();
      assertThat(deriver.state(stalled)).isEqualTo(ComponentState.FAILED);
    }

    @Test
    void stalledFalseIsIgnored() {
      assertThat(state(release()
              .condition(ready("True", "InstallSucceeded", "ok"))
              .condition(new Condition("Stalled", "False", "", "", null, 1))))
          .isEqualTo(ComponentState.INSTALLED);
    }
  }

  @Nested
  class SuspensionDeletionAndBadInput {
    @Test
    void suspendedIsSuspendedAtWarnLevel() {
      ReleaseObservation o = release().suspended(true).condition(ready("True", "InstallSucceeded", "ok")).build();
      assertThat(deriver.derive(o).state()).isEqualTo(ComponentState.SUSPENDED);
      assertThat(deriver.derive(o).level()).isEqualTo(EventLevel.WARN);
      assertThat(ComponentState.SUSPENDED.isTerminal()).isFalse();
    }

    @Test
    void deletionPendingIsRemoved() {
      assertThat(state(release().deletionPending(true).condition(ready("True", "InstallSucceeded", "ok"))))
          .isEqualTo(ComponentState.REMOVED);
    }

    @Test
    void unknownStatusValueIsInstalling() {
      assertThat(state(release().condition(ready("Maybe", "Progressing", "?"))))
          .isEqualTo(ComponentState.INSTALLING);
    }

    @Test
    void emptyConditionFieldsAreADefinedState() {
      assertThat(state(release().condition(new Condition(null, null, null, null, null, 0))))
          .isEqualTo(ComponentState.PENDING);
      assertThat(state(release().condition(new Condition("Ready", null, null, null, null, 0))))
          .isEqualTo(ComponentState.INSTALLING);
    }

    @Test
    void firstReadyConditionDecidesWhenTypesAreDuplicated() {
      assertThat(state(release()
              .condition(ready("True", "InstallSucceeded", "ok"))
              .condition(ready("False", "InstallFailed", "dup"))))
          .isEqualTo(ComponentState.INSTALLED);
    }

    @Test
    void hugeMessagesAreKept() {
      String huge = "x".repeat(64 * 1024);
      assertThat(deriver.derive(release().condition(ready("False", "ValuesError", huge)).build()).message())
          .hasSize(64 * 1024);
    }

    @Test
    void dependencyMessageMatchingNeedsTheWholeShape() {
      assertThat(FluxHelmReleaseDeriver.mentionsUnreadyDependency("dependency 'a/b' is not ready")).isTrue();
      assertThat(FluxHelmReleaseDeriver.mentionsUnreadyDependency("x; dependency 'ns/name' is not ready yet"))
          .isTrue();
      assertThat(FluxHelmReleaseDeriver.mentionsUnreadyDependency("dependency 'noslash' is not ready")).isFalse();
      assertThat(FluxHelmReleaseDeriver.mentionsUnreadyDependency("dependency 'a/b' is ready")).isFalse();
      assertThat(FluxHelmReleaseDeriver.mentionsUnreadyDependency("dependency 'a/b")).isFalse();
    }
  }
}
