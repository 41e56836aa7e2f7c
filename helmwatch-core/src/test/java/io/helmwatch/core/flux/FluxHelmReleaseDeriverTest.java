package io.helmwatch.core.flux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.helmwatch.core.ComponentState;
import io.helmwatch.core.Condition;
import io.helmwatch.core.Derivation;
import io.helmwatch.core.EventLevel;
import io.helmwatch.core.ReleaseDetails;
import io.helmwatch.core.ReleaseKey;
import io.helmwatch.core.ReleaseObservation;
import java.time.Instant;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One test per rule of helm-controller's status semantics (shared/flux/HELMRELEASE-STATUS.md). Objects are
 * written as helm-controller writes them: v2 conditions carry {@code observedGeneration}, Stalled and
 * Reconciling are only ever present as True, v2beta1 objects have neither and no condition generations.
 */
class FluxHelmReleaseDeriverTest {
  private static final FluxHelmReleaseDeriver deriver = FluxHelmReleaseDeriver.instance();
  private static final FluxHelmReleaseDeriver failFast = FluxHelmReleaseDeriver.failFast();
  private static final ReleaseKey KEY = ReleaseKey.of("podinfo", "podinfo");
  private static final String INSTALL_ERROR =
      "Helm install failed for release podinfo/podinfo with chart podinfo@6.5.4: context deadline exceeded";

  /** A v2 object at generation 1 whose status describes generation 1. */
  private static ReleaseObservation.Builder release() {
    return ReleaseObservation.builder(KEY).generation(1).observedGeneration(1);
  }

  /** A v2 condition for generation 1. */
  private static Condition c(String type, String status, String reason, String message) {
    return new Condition(type, status, reason, message, Instant.EPOCH, 1);
  }

  private static Condition ready(String status, String reason, String message) {
    return c("Ready", status, reason, message);
  }

  /** A v2beta1 condition: no observedGeneration. */
  private static Condition legacy(String type, String status, String reason, String message) {
    return new Condition(type, status, reason, message, Instant.EPOCH, 0);
  }

  private static ComponentState state(ReleaseObservation.Builder b) {
    return deriver.state(b.build());
  }

  private static Derivation derive(ReleaseObservation.Builder b) {
    return deriver.derive(b.build());
  }

  /** An install that failed with retries left: what helm-controller writes before it retries. */
  private static ReleaseObservation.Builder installFailedRetrying() {
    return release().observedGeneration(-1)
        .condition(c("Reconciling", "True", "ProgressingWithRetry", INSTALL_ERROR))
        .condition(ready("False", "InstallFailed", INSTALL_ERROR))
        .condition(c("Released", "False", "InstallFailed", INSTALL_ERROR))
        .failures(1, 1, 0)
        .retries(3, 0);
  }

  /** Install retries exhausted: Stalled=True/RetriesExceeded, Reconciling deleted, Ready keeps the reason. */
  private static ReleaseObservation.Builder installStalled() {
    return release()
        .condition(c("Stalled", "True", "RetriesExceeded", "Failed to install after 4 attempt(s)"))
        .condition(ready("False", "InstallFailed", INSTALL_ERROR))
        .condition(c("Released", "False", "InstallFailed", INSTALL_ERROR))
        .failures(4, 4, 0)
        .retries(3, 0);
  }

  @Nested
  class GivingUp {
    @ParameterizedTest
    @ValueSource(strings = {"RetriesExceeded", "MissingRollbackTarget", "AccessDenied", "InvalidCELExpression"})
    void stalledTrueForTheCurrentGenerationIsFailed(String reason) {
      assertThat(state(release()
              .condition(c("Stalled", "True", reason, "gave up"))
              .condition(ready("False", reason, "gave up"))))
          .isEqualTo(ComponentState.FAILED);
    }

    @Test
    void failedMessageSaysTheStalledReasonAndTheCauseOnReady() {
      Derivation d = derive(installStalled());
      assertThat(d.state()).isEqualTo(ComponentState.FAILED);
      assertThat(d.level()).isEqualTo(EventLevel.ERROR);
      assertThat(d.message())
          .startsWith("RetriesExceeded: Failed to install after 4 attempt(s)")
          .contains("InstallFailed: " + INSTALL_ERROR);
    }

    @Test
    void stalledWinsOverReadyUnknown() {
      assertThat(state(release()
              .condition(c("Stalled", "True", "RetriesExceeded", "Failed to upgrade after 1 attempt(s)"))
              .condition(ready("Unknown", "Progressing", "x"))))
          .isEqualTo(ComponentState.FAILED);
    }

    @Test
    void stalledForAnOlderGenerationIsInstallingWithoutTheOldFailureText() {
      ReleaseObservation.Builder b = installStalled().generation(2);
      Derivation d = derive(b);
      assertThat(d.state()).isEqualTo(ComponentState.INSTALLING);
      assertThat(d.message()).isEqualTo("Applying generation 2").doesNotContain("deadline");
    }

    @Test
    void anUnhandledReconcileRequestOnAStalledReleaseIsInstalling() {
      Derivation d = derive(installStalled().reconcileRequest("2026-03-10T19:10:00Z", "2026-03-10T19:00:00Z"));
      assertThat(d.state()).isEqualTo(ComponentState.INSTALLING);
      assertThat(d.message()).contains("Reconcile requested (2026-03-10T19:10:00Z)");
    }

    @Test
    void aHandledReconcileRequestLeavesAStalledReleaseFailed() {
      assertThat(state(installStalled().reconcileRequest("2026-03-10T19:10:00Z", "2026-03-10T19:10:00Z")))
          .isEqualTo(ComponentState.FAILED);
    }

    @Test
    void stalledWithoutStatusTrueIsIgnored() {
      assertThat(state(release()
              .condition(ready("True", "InstallSucceeded", "ok"))
              .condition(c("Stalled", "False", "", ""))))
          .isEqualTo(ComponentState.INSTALLED);
    }
  }

  @Nested
  class RetryingIsNotFailed {
    @ParameterizedTest
    @ValueSource(strings = {"InstallFailed", "UpgradeFailed", "TestFailed", "RollbackSucceeded", "RollbackFailed",
        "UninstallFailed", "PendingRelease"})
    void aFailedAttemptWithoutStalledIsDegraded(String reason) {
      assertThat(state(release()
              .condition(c("Reconciling", "True", "ProgressingWithRetry", "attempt failed"))
              .condition(ready("False", reason, "attempt failed"))))
          .isEqualTo(ComponentState.DEGRADED);
    }

    @Test
    void installFailedWithRemediationRetriesLeftIsDegradedAndSaysTheControllerRetries() {
      Derivation d = derive(installFailedRetrying());
      assertThat(d.state()).isEqualTo(ComponentState.DEGRADED);
      assertThat(d.level()).isEqualTo(EventLevel.WARN);
      assertThat(d.message()).isEqualTo("helm-controller is retrying after InstallFailed: " + INSTALL_ERROR);
    }

    @Test
    void retryOnFailureStrategyIsDegradedAndSaysWhenItRetries() {
      // RetryOnFailure never stalls: it patches observedGeneration and requeues after retryInterval.
      Derivation d = derive(release()
          .condition(c("Reconciling", "True", "ProgressingWithRetry", "retrying after 5m0s"))
          .condition(ready("False", "InstallFailed", INSTALL_ERROR))
          .condition(c("Released", "False", "InstallFailed", INSTALL_ERROR))
          .failures(7, 7, 0));
      assertThat(d.state()).isEqualTo(ComponentState.DEGRADED);
      assertThat(d.message()).endsWith("(retrying after 5m0s)");
    }

    @Test
    void afterAnUninstallRemediationReadyKeepsInstallFailedAndIsDegraded() {
      // The uninstall remediation does not summarize: Remediated=True/UninstallSucceeded, Ready unchanged.
      assertThat(state(installFailedRetrying()
              .condition(c("Remediated", "True", "UninstallSucceeded",
                  "Helm uninstall remediation for release podinfo/podinfo.v1 with chart podinfo@6.5.4 succeeded"))))
          .isEqualTo(ComponentState.DEGRADED);
    }

    @Test
    void uninstallSucceededOnReadyAfterARemediationIsDegraded() {
      assertThat(state(release()
              .condition(ready("False", "UninstallSucceeded", "Helm uninstall remediation succeeded"))
              .condition(c("Remediated", "True", "UninstallSucceeded", "Helm uninstall remediation succeeded"))))
          .isEqualTo(ComponentState.DEGRADED);
    }

    @Test
    void rollbackSucceededIsAFailedUpgradeThatIsRetried() {
      Derivation d = derive(release().generation(2).observedGeneration(1)
          .condition(c("Reconciling", "True", "ProgressingWithRetry", "Helm rollback to previous release succeeded"))
          .condition(new Condition("Ready", "False", "RollbackSucceeded",
              "Helm rollback to previous release podinfo/podinfo.v1 with chart podinfo@6.5.3 succeeded",
              Instant.EPOCH, 2))
          .failures(1, 0, 1)
          .retries(0, 3));
      assertThat(d.state()).isEqualTo(ComponentState.DEGRADED);
      assertThat(d.details().action()).isEqualTo("rollback");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ArtifactFailed", "SourceNotReady", "HelmChartNotReady"})
    void sourceAndChartWaitsAreDegradedNotFailed(String reason) {
      Derivation d = derive(release().observedGeneration(-1)
          .condition(ready("False", reason, "HelmChart 'flux-system/podinfo-podinfo' is not ready: "
              + "chart pull error: ChartPullError")));
      assertThat(d.state()).isEqualTo(ComponentState.DEGRADED);
      assertThat(d.message()).startsWith("Waiting for the chart source");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ValuesError", "ChartMutateError", "RESTClientError", "ResourceManagerError",
        "FactoryError", "ConfigFactoryErr", "StateError", "ReconcileError", "SomethingNew"})
    void valuesAndInternalErrorsAreDegraded(String reason) {
      assertThat(state(release().condition(ready("False", reason, "could not resolve Secret chart values"))))
          .isEqualTo(ComponentState.DEGRADED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"AccessDenied", "InvalidCELExpression"})
    void configurationErrorsOnReadyAloneAreNotFailedUntilStalled(String reason) {
      assertThat(state(release().condition(ready("False", reason, "bad config"))))
          .isEqualTo(ComponentState.DEGRADED);
    }
  }

  @Nested
  class InProgress {
    @Test
    void noStatusYetIsPending() {
      assertThat(state(ReleaseObservation.builder(KEY).generation(1).observedGeneration(-1)))
          .isEqualTo(ComponentState.PENDING);
    }

    @Test
    void reconcilingWithoutReadyIsInstalling() {
      Derivation d = derive(release().observedGeneration(-1)
          .condition(c("Reconciling", "True", "Progressing", "Fulfilling prerequisites")));
      assertThat(d.state()).isEqualTo(ComponentState.INSTALLING);
      assertThat(d.message()).isEqualTo("Fulfilling prerequisites");
    }

    @Test
    void readyUnknownProgressingIsInstalling() {
      assertThat(state(release().observedGeneration(-1)
              .condition(c("Reconciling", "True", "Progressing", "Running 'install' action with timeout of 5m0s"))
              .condition(ready("Unknown", "Progressing", "Running 'install' action with timeout of 5m0s"))))
          .isEqualTo(ComponentState.INSTALLING);
    }

    @Test
    void awaitingTestsIsInstallingWithTheTestAction() {
      Derivation d = derive(release().observedGeneration(-1)
          .condition(c("Reconciling", "True", "Progressing", "Running 'test' action with timeout of 5m0s"))
          .condition(ready("Unknown", "AwaitingTests",
              "Helm release podinfo/podinfo.v1 with chart podinfo@6.5.4 is awaiting tests"))
          .condition(c("Released", "True", "InstallSucceeded", "Helm install succeeded"))
          .condition(c("TestSuccess", "Unknown", "AwaitingTests", "awaiting tests")));
      assertThat(d.state()).isEqualTo(ComponentState.INSTALLING);
      assertThat(d.details().action()).isEqualTo("test");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Progressing", "HealthCheckCanceled"})
    void progressingReasonsOnReadyFalseAreInstalling(String reason) {
      assertThat(state(release().condition(ready("False", reason, "New reconciliation triggered"))))
          .isEqualTo(ComponentState.INSTALLING);
    }

    @Test
    void releaseTargetChangeUninstallIsInstallingTheNewTarget() {
      Derivation d = derive(release()
          .condition(ready("False", "UninstallSucceeded",
              "Helm uninstall succeeded for release podinfo/podinfo.v1 with chart podinfo@6.5.4"))
          .condition(c("Released", "False", "UninstallSucceeded", "Helm uninstall succeeded")));
      assertThat(d.state()).isEqualTo(ComponentState.INSTALLING);
      assertThat(d.message()).startsWith("Release target changed");
    }

    @Test
    void readyForAnOlderGenerationIsInstallingNotInstalled() {
      Derivation d = derive(release().generation(2)
          .condition(ready("True", "InstallSucceeded", "Helm install succeeded")));
      assertThat(d.state()).isEqualTo(ComponentState.INSTALLING);
      assertThat(d.message()).isEqualTo("Upgrading to generation 2");
    }

    @Test
    void staleReadyFalseDoesNotShowTheOldFailure() {
      Derivation d = derive(installFailedRetrying().generation(2));
      assertThat(d.state()).isEqualTo(ComponentState.INSTALLING);
      assertThat(d.message()).isEqualTo("Applying generation 2");
    }

    @Test
    void conditionObservedGenerationWinsOverStatusObservedGeneration() {
      // A retried failure does not patch status.observedGeneration; the condition's generation is current.
      assertThat(state(release().generation(2).observedGeneration(1)
              .condition(new Condition("Ready", "True", "UpgradeSucceeded", "ok", Instant.EPOCH, 2))))
          .isEqualTo(ComponentState.INSTALLED);
    }

    @Test
    void statusObservedGenerationIsUsedWhenTheConditionHasNone() {
      assertThat(state(ReleaseObservation.builder(KEY).generation(2).observedGeneration(1)
              .condition(legacy("Ready", "True", "ReconciliationSucceeded", "Release reconciliation succeeded"))))
          .isEqualTo(ComponentState.INSTALLING);
    }

    @Test
    void unknownGenerationsAreTakenAsCurrent() {
      assertThat(state(ReleaseObservation.builder(KEY).generation(3)
              .condition(legacy("Ready", "True", "InstallSucceeded", "ok"))))
          .isEqualTo(ComponentState.INSTALLED);
    }
  }

  @Nested
  class Waiting {
    @ParameterizedTest
    @ValueSource(strings = {"dependency 'flux-system/cert-manager' is not ready",
        "dependency 'flux-system/cert-manager' is not ready according to readyExpr eval",
        "unable to get 'flux-system/cert-manager' dependency: not found"})
    void dependencyNotReadyIsPendingWhateverTheMessage(String message) {
      assertThat(state(release().observedGeneration(-1).condition(ready("False", "DependencyNotReady", message))))
          .isEqualTo(ComponentState.PENDING);
    }

    @Test
    void anUnreadyDependencyMessageIsPendingWhateverTheReason() {
      assertThat(state(release().condition(
              ready("False", "SomethingElse", "dependency 'flux-system/bp-cilium' is not ready"))))
          .isEqualTo(ComponentState.PENDING);
    }

    @Test
    void aStaleDependencyWaitStaysPending() {
      assertThat(state(release().generation(2)
              .condition(ready("False", "DependencyNotReady", "dependency 'a/b' is not ready"))))
          .isEqualTo(ComponentState.PENDING);
    }
  }

  @Nested
  class Installed {
    @ParameterizedTest
    @ValueSource(strings = {"InstallSucceeded", "UpgradeSucceeded", "TestSucceeded"})
    void readyTrueForTheCurrentGenerationIsInstalled(String reason) {
      assertThat(state(release().condition(ready("True", reason, "ok")))).isEqualTo(ComponentState.INSTALLED);
    }

    @Test
    void anIntervalReconcileOnAnInstalledReleaseStaysInstalled() {
      assertThat(state(release()
              .condition(c("Reconciling", "True", "Progressing", "Fulfilling prerequisites"))
              .condition(ready("True", "UpgradeSucceeded", "Helm upgrade succeeded"))))
          .isEqualTo(ComponentState.INSTALLED);
    }

    @Test
    void v140sPrerequisiteCheckOnAReleasedGenerationStaysInstalled() {
      // helm-controller v1.4.0 set Ready=Unknown "Fulfilling prerequisites" at the start of every reconcile.
      assertThat(state(release()
              .condition(c("Reconciling", "True", "Progressing", "Fulfilling prerequisites"))
              .condition(ready("Unknown", "Progressing", "Fulfilling prerequisites"))
              .condition(c("Released", "True", "UpgradeSucceeded", "Helm upgrade succeeded"))))
          .isEqualTo(ComponentState.INSTALLED);
    }

    @Test
    void prerequisitesOfANewGenerationAreInstalling() {
      assertThat(state(release().generation(2)
              .condition(new Condition("Ready", "Unknown", "Progressing", "Fulfilling prerequisites", Instant.EPOCH, 2))
              .condition(c("Released", "True", "InstallSucceeded", "Helm install succeeded"))))
          .isEqualTo(ComponentState.INSTALLING);
    }

    @Test
    void ignoredTestFailuresLeaveReadyTrueAndInstalled() {
      // With test.ignoreFailures, summarize() does not rank TestSuccess: Ready follows Released.
      assertThat(state(release()
              .condition(ready("True", "InstallSucceeded", "Helm install succeeded"))
              .condition(c("Released", "True", "InstallSucceeded", "Helm install succeeded"))
              .condition(c("TestSuccess", "False", "TestFailed", "Helm test failed"))))
          .isEqualTo(ComponentState.INSTALLED);
    }

    @Test
    void driftDetectedInWarnModeStaysInstalled() {
      assertThat(state(release()
              .condition(ready("True", "UpgradeSucceeded", "ok"))
              .condition(c("Drifted", "True", "DriftDetected", "Cluster state of release has drifted"))))
          .isEqualTo(ComponentState.INSTALLED);
    }
  }

  @Nested
  class V2beta1Shape {
    private ReleaseObservation.Builder v2beta1Failed(String message) {
      return ReleaseObservation.builder(KEY).generation(1).observedGeneration(1)
          .condition(legacy("Ready", "False", "InstallFailed", message))
          .condition(legacy("Released", "False", "InstallFailed", message));
    }

    @Test
    void aFirstFailureWithRetriesLeftIsDegraded() {
      assertThat(state(v2beta1Failed(INSTALL_ERROR).failures(0, 1, 0).retries(3, 0)))
          .isEqualTo(ComponentState.DEGRADED);
    }

    @Test
    void retriesExhaustedMessageIsFailed() {
      assertThat(state(v2beta1Failed("install retries exhausted"))).isEqualTo(ComponentState.FAILED);
    }

    @Test
    void failuresAboveTheActionsRetriesAreFailed() {
      assertThat(state(v2beta1Failed(INSTALL_ERROR).failures(0, 4, 0).retries(3, 0)))
          .isEqualTo(ComponentState.FAILED);
    }

    @Test
    void fluxsDefaultOfNoRetriesIsExhaustedByTheFirstFailure() {
      assertThat(state(v2beta1Failed(INSTALL_ERROR).failures(0, 1, 0))).isEqualTo(ComponentState.FAILED);
    }

    @Test
    void negativeRetriesNeverRunOut() {
      assertThat(state(v2beta1Failed(INSTALL_ERROR).failures(0, 40, 0).retries(-1, 0)))
          .isEqualTo(ComponentState.DEGRADED);
    }

    @Test
    void upgradeFailuresAreCountedAgainstUpgradeRetries() {
      ReleaseObservation.Builder b = ReleaseObservation.builder(KEY).generation(2).observedGeneration(2)
          .condition(legacy("Ready", "False", "UpgradeFailed", "Helm upgrade failed"))
          .failures(0, 5, 1).retries(0, 2);
      assertThat(state(b)).isEqualTo(ComponentState.DEGRADED);
    }

    @Test
    void aFailedRemediationIsFailed() {
      assertThat(state(v2beta1Failed("previous release attempt remediation failed").failures(0, 1, 0).retries(3, 0)
              .condition(legacy("Remediated", "False", "UninstallFailed", "uninstall failed"))))
          .isEqualTo(ComponentState.FAILED);
    }

    @Test
    void theSameFieldsOnAV2ShapedObjectWaitForStalled() {
      // v2 conditions carry observedGeneration: failure counts alone never make it terminal.
      assertThat(state(release()
              .condition(ready("False", "InstallFailed", INSTALL_ERROR))
              .failures(1, 1, 0)))
          .isEqualTo(ComponentState.DEGRADED);
    }

    @Test
    void reconciliationSucceededIsInstalled() {
      assertThat(state(ReleaseObservation.builder(KEY).generation(1).observedGeneration(1)
              .condition(legacy("Ready", "True", "ReconciliationSucceeded", "Release reconciliation succeeded"))))
          .isEqualTo(ComponentState.INSTALLED);
    }
  }

  @Nested
  class FailFast {
    @ParameterizedTest
    @ValueSource(strings = {"InstallFailed", "UpgradeFailed", "TestFailed", "RollbackSucceeded", "RollbackFailed",
        "UninstallFailed"})
    void theFirstFailedAttemptIsFailed(String reason) {
      Derivation d = failFast.derive(release().condition(ready("False", reason, "boom")).build());
      assertThat(d.state()).isEqualTo(ComponentState.FAILED);
      assertThat(d.message()).contains("attempt 1 of 1 failed: " + reason + ": boom");
    }

    @Test
    void failFastIsTheLimitOfOneAttempt() {
      assertThat(FluxHelmReleaseDeriver.maxAttempts(1)).isSameAs(failFast);
      assertThat(failFast.attemptLimit()).hasValue(1);
    }

    @Test
    void aV140RetryAfterIntervalIsAFailedAttempt() {
      Derivation d = failFast.derive(retryAfterInterval(1).build());
      assertThat(d.state()).isEqualTo(ComponentState.FAILED);
      assertThat(d.message()).isEqualTo("install attempt 1 of 1 failed: InstallFailed: " + INSTALL_ERROR);
    }

    @Test
    void waitsAreNotAttemptsAndStayDegraded() {
      assertThat(failFast.state(release().condition(ready("False", "ArtifactFailed", "no artifact")).build()))
          .isEqualTo(ComponentState.DEGRADED);
    }

    @Test
    void aStaleFailureIsNotFailedEvenFailingFast() {
      assertThat(failFast.state(installFailedRetrying().generation(2).build())).isEqualTo(ComponentState.INSTALLING);
    }

    @Test
    void theDefaultIsNotFailFast() {
      assertThat(deriver.isFailFast()).isFalse();
      assertThat(failFast.isFailFast()).isTrue();
      assertThat(deriver.attemptLimit()).isEmpty();
    }
  }

  /**
   * {@code RetryOnFailure} as helm-controller v1.4.0–v1.4.2 writes a failed attempt (HELMRELEASE-STATUS.md
   * (f)): Ready=False/RetryAfterInterval, Reconciling deleted, the error on Released, observedGeneration
   * patched.
   */
  private static ReleaseObservation.Builder retryAfterInterval(long failures) {
    return release()
        .condition(ready("False", "RetryAfterInterval", "Will retry after 5m0s"))
        .condition(c("Released", "False", "InstallFailed", INSTALL_ERROR))
        .lastAttemptedGeneration(1)
        .lastAttemptedReleaseAction("install")
        .failures(failures, failures, 0);
  }

  /**
   * {@code RetryOnFailure} as v1.4.3 and later write it after attempt {@code failures} (the first an
   * install, the retries upgrades of the failed release): Reconciling=True/ProgressingWithRetry "retrying
   * after 5m0s", Ready keeps the action's reason.
   */
  private static ReleaseObservation.Builder progressingWithRetry(long failures) {
    String reason = failures == 1 ? "InstallFailed" : "UpgradeFailed";
    String error = failures == 1 ? INSTALL_ERROR : UPGRADE_ERROR;
    return release()
        .condition(c("Reconciling", "True", "ProgressingWithRetry", "retrying after 5m0s"))
        .condition(ready("False", reason, error))
        .condition(c("Released", "False", reason, error))
        .lastAttemptedGeneration(1)
        .lastAttemptedReleaseAction(failures == 1 ? "install" : "upgrade")
        .failures(failures, 1, failures - 1);
  }

  private static final String UPGRADE_ERROR =
      "Helm upgrade failed for release podinfo/podinfo with chart podinfo@6.5.4: context deadline exceeded";

  @Nested
  class RetryOnFailure {
    @Test
    void v140RetryAfterIntervalIsDegradedAndNamesTheErrorOnReleased() {
      Derivation d = derive(retryAfterInterval(4));
      assertThat(d.state()).isEqualTo(ComponentState.DEGRADED);
      assertThat(d.message())
          .isEqualTo("helm-controller is retrying after InstallFailed: " + INSTALL_ERROR + " (Will retry after 5m0s)");
    }

    @Test
    void v143ProgressingWithRetryIsDegradedAndSaysWhenItRetries() {
      Derivation d = derive(progressingWithRetry(4));
      assertThat(d.state()).isEqualTo(ComponentState.DEGRADED);
      assertThat(d.message())
          .isEqualTo("helm-controller is retrying after UpgradeFailed: " + UPGRADE_ERROR + " (retrying after 5m0s)");
    }

    @Test
    void retryAfterIntervalWithoutAFailedReleasedSaysOnlyWhatReadySays() {
      Derivation d = derive(release().condition(ready("False", "RetryAfterInterval", "Will retry after 5m0s")));
      assertThat(d.state()).isEqualTo(ComponentState.DEGRADED);
      assertThat(d.message()).isEqualTo("helm-controller is retrying after RetryAfterInterval: Will retry after 5m0s");
    }

    @Test
    void healthCheckCanceledIsAnAttemptInProgressNotAFailure() {
      ReleaseObservation o = release()
          .condition(ready("False", "HealthCheckCanceled", "New reconciliation triggered by HelmChart/flux-system/podinfo"))
          .lastAttemptedGeneration(1).lastAttemptedReleaseAction("install").failures(2, 0, 2).build();
      assertThat(deriver.state(o)).isEqualTo(ComponentState.INSTALLING);
      assertThat(FluxHelmReleaseDeriver.maxAttempts(2).state(o)).isEqualTo(ComponentState.INSTALLING);
    }

    @Test
    void invalidCelExpressionStalledIsFailed() {
      Derivation d = derive(release()
          .condition(c("Stalled", "True", "InvalidCELExpression",
              "Reconciliation failed terminally due to configuration error: failed to parse expression"))
          .condition(ready("False", "InvalidCELExpression",
              "Reconciliation failed terminally due to configuration error: failed to parse expression")));
      assertThat(d.state()).isEqualTo(ComponentState.FAILED);
      assertThat(d.message()).startsWith("InvalidCELExpression: Reconciliation failed terminally");
    }
  }

  @Nested
  class AttemptLimit {
    private final FluxHelmReleaseDeriver three = FluxHelmReleaseDeriver.maxAttempts(3);

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void fewerFailedAttemptsThanTheLimitAreDegraded(int failures) {
      assertThat(three.state(progressingWithRetry(failures).build())).isEqualTo(ComponentState.DEGRADED);
      assertThat(three.state(retryAfterInterval(failures).build())).isEqualTo(ComponentState.DEGRADED);
    }

    @Test
    void theLastAllowedAttemptFailingIsFailedWithItsError() {
      Derivation d = three.derive(progressingWithRetry(3).build());
      assertThat(d.state()).isEqualTo(ComponentState.FAILED);
      assertThat(d.level()).isEqualTo(EventLevel.ERROR);
      assertThat(d.message()).isEqualTo("upgrade attempt 3 of 3 failed: UpgradeFailed: " + UPGRADE_ERROR);
    }

    @Test
    void v140sShapeCountsTheSameAndTakesTheErrorFromReleased() {
      Derivation d = three.derive(retryAfterInterval(3).build());
      assertThat(d.state()).isEqualTo(ComponentState.FAILED);
      assertThat(d.message()).isEqualTo("install attempt 3 of 3 failed: InstallFailed: " + INSTALL_ERROR);
    }

    @Test
    void moreFailedAttemptsThanTheLimitSayTheLimit() {
      assertThat(three.derive(progressingWithRetry(7).build()).message())
          .isEqualTo("upgrade attempt 7 failed (max attempts 3): UpgradeFailed: " + UPGRADE_ERROR);
    }

    @Test
    void remediationRetriesLeftDoNotExtendTheLimit() {
      // RemediateOnFailure with retries 5: helm-controller would uninstall and try again.
      assertThat(three.state(installFailedRetrying().failures(3, 3, 0).retries(5, 0).build()))
          .isEqualTo(ComponentState.FAILED);
    }

    @Test
    void theInstallAndUpgradeCountersCountWhenStatusFailuresIsLower() {
      assertThat(three.state(progressingWithRetry(1).failures(0, 1, 2).build())).isEqualTo(ComponentState.FAILED);
    }

    @Test
    void countersOfAnOlderAttemptedGenerationAreOneAttempt() {
      assertThat(three.state(progressingWithRetry(5).lastAttemptedGeneration(0).build()))
          .isEqualTo(ComponentState.FAILED);
      ReleaseObservation older = ReleaseObservation.builder(KEY).generation(2).observedGeneration(2)
          .condition(new Condition("Ready", "False", "UpgradeFailed", UPGRADE_ERROR, Instant.EPOCH, 2))
          .lastAttemptedGeneration(1)
          .failures(5, 1, 4)
          .build();
      assertThat(three.state(older)).isEqualTo(ComponentState.DEGRADED);
    }

    @Test
    void anAttemptInProgressIsInstallingWhateverTheCount() {
      assertThat(three.state(release()
              .condition(c("Reconciling", "True", "Progressing", "Running 'upgrade' action with timeout of 5m0s"))
              .condition(ready("Unknown", "Progressing", "Running 'upgrade' action with timeout of 5m0s"))
              .failures(5, 1, 4).build()))
          .isEqualTo(ComponentState.INSTALLING);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ArtifactFailed", "SourceNotReady", "DependencyNotReady", "ValuesError", "PendingRelease"})
    void waitsAndOtherErrorsAreNotAttempts(String reason) {
      assertThat(three.state(release().condition(ready("False", reason, "not yet")).failures(9, 9, 0).build()))
          .isIn(ComponentState.DEGRADED, ComponentState.PENDING);
    }

    @Test
    void anUnhandledReconcileRequestIsInstallingAsForAStall() {
      assertThat(three.state(progressingWithRetry(3).reconcileRequest("2026-01-01T00:05:00Z", "").build()))
          .isEqualTo(ComponentState.INSTALLING);
    }

    @Test
    void aStaleFailureIsInstalling() {
      assertThat(three.state(progressingWithRetry(3).generation(2).build())).isEqualTo(ComponentState.INSTALLING);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
    void aLimitBelowOneIsRefused(int limit) {
      assertThatThrownBy(() -> FluxHelmReleaseDeriver.maxAttempts(limit))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("maxAttempts must be at least 1, was " + limit);
    }

    @Test
    void deriversWithTheSameLimitAreEqual() {
      assertThat(FluxHelmReleaseDeriver.maxAttempts(3)).isEqualTo(three).hasSameHashCodeAs(three)
          .isNotEqualTo(FluxHelmReleaseDeriver.instance()).hasToString("FluxHelmReleaseDeriver(maxAttempts=3)");
      assertThat(three.attemptLimit()).hasValue(3);
      assertThat(three.isFailFast()).isFalse();
    }
  }

  @Nested
  class Details {
    @Test
    void detailsCarryReasonActionChartAndFailureCounts() {
      ReleaseDetails d = derive(installFailedRetrying()
          .lastAttemptedReleaseAction("install")
          .chart("podinfo", "6.5.4", "6.5.4")).details();
      assertThat(d).isEqualTo(new ReleaseDetails("InstallFailed", "install", "podinfo", "6.5.4", "6.5.4", 1, 1, 0));
    }

    @Test
    void theActionOfARunningReleaseComesFromReconciling() {
      assertThat(derive(release()
              .condition(c("Reconciling", "True", "Progressing", "Running 'upgrade' action with timeout of 5m0s"))
              .condition(ready("Unknown", "Progressing", "Running 'upgrade' action with timeout of 5m0s")))
          .details().action()).isEqualTo("upgrade");
    }

    @Test
    void withoutAnActionReasonTheLastAttemptedActionIsUsed() {
      assertThat(derive(release().lastAttemptedReleaseAction("upgrade")
              .condition(ready("False", "ArtifactFailed", "x"))).details().action())
          .isEqualTo("upgrade");
    }

    @Test
    void detailsCarryTheNewestReleaseTheAttemptDurationAndTheDigest() {
      ReleaseDetails d = derive(release()
          .condition(ready("True", "UpgradeSucceeded", "Helm upgrade succeeded"))
          .latestRelease("rollback", 4)
          .lastAttempt("1m2.5s", "sha256:0a1b2c3d4e5f")).details();
      assertThat(d.historyAction()).isEqualTo("rollback");
      assertThat(d.releaseVersion()).isEqualTo(4);
      assertThat(d.attemptDuration()).isEqualTo(java.time.Duration.ofMillis(62_500));
      assertThat(d.ociDigest()).isEqualTo("sha256:0a1b2c3d4e5f");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "soon", "5 minutes"})
    void anAttemptDurationThatIsNotAGoDurationIsUnknown(String duration) {
      assertThat(derive(release().lastAttempt(duration, "")).details().attemptDuration()).isNull();
    }

    @Test
    void nothingKnownIsEmpty() {
      assertThat(derive(release()).details().isEmpty()).isTrue();
    }

    @Test
    void builderRejectsNullStrings() {
      assertThatThrownBy(() -> release().chart(null, "1", "1")).isInstanceOf(NullPointerException.class);
    }
  }

  /** helm-controller v1.6's {@code Drifted} condition (HELMRELEASE-STATUS.md (f)). */
  @Nested
  class Drift {
    private static final String DRIFT = "Cluster state of release podinfo/podinfo.v1 has drifted from the desired"
        + " state:\nDeployment/podinfo/podinfo changed (0 additions, 1 changes, 0 removals)";

    private ReleaseObservation.Builder installed(String mode) {
      return release().driftDetectionMode(mode)
          .condition(ready("True", "InstallSucceeded", "Helm install succeeded for release podinfo/podinfo.v1"))
          .condition(c("Released", "True", "InstallSucceeded", "Helm install succeeded"));
    }

    @Test
    void aDriftedReleaseInWarnModeStaysInstalledAndReportsTheDrift() {
      ReleaseObservation o = installed("warn").condition(c("Drifted", "True", "DriftDetected", DRIFT)).build();
      assertThat(deriver.state(o)).isEqualTo(ComponentState.INSTALLED);
      assertThat(deriver.drifted(o)).isTrue();
      ReleaseDetails d = deriver.derive(o).details();
      assertThat(d.drifted()).isTrue();
      assertThat(d.driftSummary()).isEqualTo(DRIFT);
    }

    @Test
    void driftInEnabledModeCounts() {
      assertThat(deriver.drifted(installed("enabled").condition(c("Drifted", "True", "DriftDetected", DRIFT))
          .build())).isTrue();
    }

    @Test
    void noDriftDetectedIsNotDrifted() {
      ReleaseObservation o = installed("warn")
          .condition(c("Drifted", "False", "NoDriftDetected", "No drift detected against the cluster state")).build();
      assertThat(deriver.drifted(o)).isFalse();
      assertThat(deriver.derive(o).details().driftSummary()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"disabled", "", "Warn"})
    void aStaleDriftedIsIgnoredWithoutDriftDetection(String mode) {
      ReleaseObservation o = installed(mode).condition(c("Drifted", "True", "DriftDetected", DRIFT)).build();
      assertThat(deriver.drifted(o)).isFalse();
      Derivation d = deriver.derive(o);
      assertThat(d.state()).isEqualTo(ComponentState.INSTALLED);
      assertThat(d.details().drifted()).isFalse();
      assertThat(d.details().driftSummary()).isEmpty();
    }

    @Test
    void driftBesideACorrectionInProgressIsReportedWhileInstalling() {
      ReleaseObservation o = release().driftDetectionMode("enabled")
          .condition(ready("Unknown", "Progressing", "correcting cluster drift"))
          .condition(c("Drifted", "True", "DriftDetected", DRIFT)).build();
      assertThat(deriver.state(o)).isEqualTo(ComponentState.INSTALLING);
      assertThat(deriver.drifted(o)).isTrue();
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
          .contains(huge);
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
