package io.helmwatch.core.flux;

/**
 * Condition reasons written by Flux's helm-controller that {@link FluxHelmReleaseDeriver} gives a meaning
 * to. Reasons not listed here on {@code Ready=False} read as degraded.
 */
public final class FluxReasons {
  private FluxReasons() {}

  // v2 action reasons on Ready=True.
  public static final String INSTALL_SUCCEEDED = "InstallSucceeded";
  public static final String UPGRADE_SUCCEEDED = "UpgradeSucceeded";
  public static final String TEST_SUCCEEDED = "TestSucceeded";

  // Ready=False reasons that mean the action failed.
  public static final String INSTALL_FAILED = "InstallFailed";
  public static final String UPGRADE_FAILED = "UpgradeFailed";
  public static final String TEST_FAILED = "TestFailed";
  public static final String ROLLBACK_SUCCEEDED = "RollbackSucceeded";
  public static final String ROLLBACK_FAILED = "RollbackFailed";
  public static final String UNINSTALL_SUCCEEDED = "UninstallSucceeded";
  public static final String UNINSTALL_FAILED = "UninstallFailed";
  public static final String ARTIFACT_FAILED = "ArtifactFailed";
  public static final String CHART_PULL_ERROR = "ChartPullError";
  public static final String CHART_LOAD_ERROR = "ChartLoadError";

  // Waiting and in-progress reasons.
  public static final String DEPENDENCY_NOT_READY = "DependencyNotReady";
  public static final String PROGRESSING = "Progressing";
  public static final String RECONCILE_STARTED = "ReconcileStarted";
  public static final String HEALTH_CHECK_CANCELED = "HealthCheckCanceled";

  // Retried failures (degraded).
  public static final String SOURCE_NOT_READY = "SourceNotReady";
  public static final String VALUES_ERROR = "ValuesError";
  public static final String RECONCILE_ERROR = "ReconcileError";

  // Stalled=True reasons: the controller gave up.
  public static final String RETRIES_EXCEEDED = "RetriesExceeded";
  public static final String MISSING_ROLLBACK_TARGET = "MissingRollbackTarget";
  public static final String ACCESS_DENIED = "AccessDenied";
  public static final String INVALID_CEL_EXPRESSION = "InvalidCELExpression";

  // v2beta1 reasons, still understood.
  public static final String RECONCILIATION_SUCCEEDED = "ReconciliationSucceeded";
  public static final String RECONCILIATION_FAILED = "ReconciliationFailed";
  public static final String INIT_FAILED = "InitFailed";
  public static final String GET_LAST_RELEASE_FAILED = "GetLastReleaseFailed";
}
