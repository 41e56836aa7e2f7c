package io.helmwatch.core.flux;

/**
 * The condition reasons helm-controller writes on a HelmRelease, with what each means. Sources: {@code
 * fluxcd/helm-controller} {@code api/v2/condition_types.go} and {@code internal/reconcile}, {@code
 * fluxcd/pkg} {@code apis/meta}. In v2 and v2beta2 only {@code Stalled=True} means the controller gave up;
 * every {@code Ready=False} reason below without it is retried.
 *
 * @since 0.1
 */
public final class FluxReasons {
  private FluxReasons() {}

  // Released / Ready: results of a release action.

  /** The install action succeeded (Released, and Ready when tests are off). */
  public static final String INSTALL_SUCCEEDED = "InstallSucceeded";
  /** The upgrade action succeeded. */
  public static final String UPGRADE_SUCCEEDED = "UpgradeSucceeded";
  /** The install failed; remediated and retried while {@code install.remediation.retries} last. */
  public static final String INSTALL_FAILED = "InstallFailed";
  /** The upgrade failed; rolled back (by default) and retried while {@code upgrade.remediation.retries} last. */
  public static final String UPGRADE_FAILED = "UpgradeFailed";
  /**
   * Released=False while uninstalling: on deletion, or after a release-target change, after which the
   * controller installs the new target. Also Remediated=True after an uninstall remediation.
   */
  public static final String UNINSTALL_SUCCEEDED = "UninstallSucceeded";
  /** An uninstall (deletion, target change or remediation) failed; retried. */
  public static final String UNINSTALL_FAILED = "UninstallFailed";
  /** A release stuck in a pending state was unlocked (or could not be); the reconcile goes on. */
  public static final String PENDING_RELEASE = "PendingRelease";

  // TestSuccess / Ready: Helm tests.

  /** Released and the Helm tests passed. */
  public static final String TEST_SUCCEEDED = "TestSucceeded";
  /** A Helm test failed; a failure of the action unless {@code test.ignoreFailures}. */
  public static final String TEST_FAILED = "TestFailed";
  /** Ready=Unknown: released, the test action is about to run or running. */
  public static final String AWAITING_TESTS = "AwaitingTests";

  // Remediated / Ready: remediation of a failed action. Any remediated state is a failed attempt.

  /** The failed upgrade was rolled back; the upgrade is retried while retries last. */
  public static final String ROLLBACK_SUCCEEDED = "RollbackSucceeded";
  /** The rollback failed; retried, eventually stalled. */
  public static final String ROLLBACK_FAILED = "RollbackFailed";

  // Ready=Unknown and Reconciling: work in progress.

  /** In progress: a release action runs, prerequisites are checked, or drift is corrected. */
  public static final String PROGRESSING = "Progressing";
  /** Reconciling=True after a failed attempt: the controller retries (also {@code RetryOnFailure}). */
  public static final String PROGRESSING_WITH_RETRY = "ProgressingWithRetry";

  // Ready=False set directly for prerequisites: waits, retried with a requeue or backoff.

  /** A {@code spec.dependsOn} release is not ready yet; checked again every 30 s by default. */
  public static final String DEPENDENCY_NOT_READY = "DependencyNotReady";
  /** The chart source or its artifact is missing or not ready, or the chart could not be loaded. */
  public static final String ARTIFACT_FAILED = "ArtifactFailed";
  /** The HelmChart object is not ready (its message carries the source's reason, e.g. ChartPullError). */
  public static final String SOURCE_NOT_READY = "SourceNotReady";
  /** The name {@link #SOURCE_NOT_READY} had in helm-controller v0.37. */
  public static final String HELM_CHART_NOT_READY = "HelmChartNotReady";
  /** Values from a ConfigMap or Secret could not be resolved. */
  public static final String VALUES_ERROR = "ValuesError";
  /** A non-release action failed while Ready was True. */
  public static final String RECONCILE_ERROR = "ReconcileError";
  /** A health check was cancelled by a new reconcile; requeued at once. */
  public static final String HEALTH_CHECK_CANCELED = "HealthCheckCanceled";
  /**
   * Ready=False after a failed attempt under the {@code RetryOnFailure} strategy in helm-controller
   * v1.4.0–v1.4.2 ("Will retry after 5m0s", {@code Reconciling} deleted; the error stays on {@code
   * Released}); retried after {@code retryInterval}. From v1.4.3 Ready keeps the action's reason and {@code
   * Reconciling=True/ProgressingWithRetry} says "retrying after 5m0s".
   */
  public static final String RETRY_AFTER_INTERVAL = "RetryAfterInterval";

  // Ready=False for internal errors: retried with backoff.

  public static final String CHART_MUTATE_ERROR = "ChartMutateError";
  public static final String REST_CLIENT_ERROR = "RESTClientError";
  public static final String RESOURCE_MANAGER_ERROR = "ResourceManagerError";
  public static final String FACTORY_ERROR = "FactoryError";
  public static final String CONFIG_FACTORY_ERR = "ConfigFactoryErr";
  public static final String STATE_ERROR = "StateError";

  // Stalled=True: the controller gave up until the spec changes or a human acts.

  /** Retries are exhausted: "Failed to install after N attempt(s)". */
  public static final String RETRIES_EXCEEDED = "RetriesExceeded";
  /** A rollback remediation has no release to roll back to. */
  public static final String MISSING_ROLLBACK_TARGET = "MissingRollbackTarget";
  /** A cross-namespace reference is not allowed (also on Ready=False). */
  public static final String ACCESS_DENIED = "AccessDenied";
  /** A readiness CEL expression does not compile (also on Ready=False). */
  public static final String INVALID_CEL_EXPRESSION = "InvalidCELExpression";

  // Drifted (only with drift detection enabled).

  public static final String DRIFT_DETECTED = "DriftDetected";
  public static final String NO_DRIFT_DETECTED = "NoDriftDetected";

  // v2beta1 (helm-controller up to v0.36), which has no Stalled and no Reconciling.

  /** Ready=True in v2beta1: "Release reconciliation succeeded". */
  public static final String RECONCILIATION_SUCCEEDED = "ReconciliationSucceeded";
  /** Ready=False in v2beta1 for a failed reconcile; retried. */
  public static final String RECONCILIATION_FAILED = "ReconciliationFailed";
  public static final String INIT_FAILED = "InitFailed";
  public static final String GET_LAST_RELEASE_FAILED = "GetLastReleaseFailed";

  /**
   * Whether {@code reason} on {@code Ready=False} reports a failed release attempt (install, upgrade, test
   * or remediation), as opposed to a wait for a prerequisite.
   */
  public static boolean isFailedAttempt(String reason) {
    return switch (reason) {
      case INSTALL_FAILED, UPGRADE_FAILED, TEST_FAILED, ROLLBACK_SUCCEEDED, ROLLBACK_FAILED,
          UNINSTALL_FAILED -> true;
      default -> false;
    };
  }

  /** Whether {@code reason} on {@code Ready=False} is a wait for the chart source or its artifact. */
  public static boolean isSourceWait(String reason) {
    return switch (reason) {
      case ARTIFACT_FAILED, SOURCE_NOT_READY, HELM_CHART_NOT_READY -> true;
      default -> false;
    };
  }
}
