package io.helmwatch.core;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What helm-controller last did with a release, as carried by events and snapshots: the {@code Ready}
 * reason, the action it attempted, the chart and app versions, its failure counters, the newest Helm release
 * it recorded, how long the last attempt took, and whether the cluster has drifted from the release. Read
 * from the object only when an event is emitted or a snapshot kept, never on the suppressed path.
 *
 * @param readyReason the {@code Ready} condition's reason (e.g. {@code InstallFailed}), empty when none
 * @param action the last attempted action: {@code install}, {@code upgrade}, {@code test}, {@code
 *     rollback} or {@code uninstall}; empty when unknown
 * @param chartName the chart of the current release, empty when unknown
 * @param chartVersion its version ({@code status.history[0]}, else {@code lastAttemptedRevision})
 * @param appVersion the chart's app version, empty when unknown
 * @param failures {@code status.failures}
 * @param installFailures {@code status.installFailures}
 * @param upgradeFailures {@code status.upgradeFailures}
 * @param historyAction {@code status.history[0].action}: the Helm action that made the newest release
 *     ({@code install}, {@code upgrade}, {@code rollback}, {@code uninstall}, {@code uninstall-remediation});
 *     empty when unknown (helm-controller before v1.5 does not write it)
 * @param releaseVersion {@code status.history[0].version}: the Helm revision of the newest release, {@code 0}
 *     when unknown
 * @param attemptDuration {@code status.lastAttemptedReleaseActionDuration}: how long the last release action
 *     took; {@code null} when absent or not a Go duration
 * @param ociDigest {@code status.lastAttemptedRevisionDigest}: the OCI digest of the chart last attempted,
 *     empty when absent (charts from an OCIRepository only)
 * @param drifted the cluster state has drifted from the release: {@code Drifted=True} while {@code
 *     spec.driftDetection.mode} is {@code enabled} or {@code warn} (a stale {@code Drifted} left from before
 *     detection was disabled does not count)
 * @param driftSummary the {@code Drifted} condition's message (helm-controller's diff summary) while {@link
 *     #drifted}; empty otherwise
 * @since 0.1
 */
public record ReleaseDetails(
    String readyReason,
    String action,
    String chartName,
    String chartVersion,
    String appVersion,
    long failures,
    long installFailures,
    long upgradeFailures,
    String historyAction,
    long releaseVersion,
    @Nullable Duration attemptDuration,
    String ociDigest,
    boolean drifted,
    String driftSummary) {

  /** Nothing known. */
  public static final ReleaseDetails NONE = new ReleaseDetails("", "", "", "", "", 0, 0, 0);

  public ReleaseDetails {
    Objects.requireNonNull(readyReason, "readyReason");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(chartName, "chartName");
    Objects.requireNonNull(chartVersion, "chartVersion");
    Objects.requireNonNull(appVersion, "appVersion");
    Objects.requireNonNull(historyAction, "historyAction");
    Objects.requireNonNull(ociDigest, "ociDigest");
    Objects.requireNonNull(driftSummary, "driftSummary");
  }

  /** Details without the newest release, attempt duration, digest or drift. */
  public ReleaseDetails(String readyReason, String action, String chartName, String chartVersion,
      String appVersion, long failures, long installFailures, long upgradeFailures) {
    this(readyReason, action, chartName, chartVersion, appVersion, failures, installFailures, upgradeFailures,
        "", 0, null, "", false, "");
  }

  /** These details with {@code drifted} and {@code driftSummary} instead. */
  public ReleaseDetails withDrift(boolean drifted, String driftSummary) {
    if (drifted == this.drifted && driftSummary.equals(this.driftSummary)) {
      return this;
    }
    return new ReleaseDetails(readyReason, action, chartName, chartVersion, appVersion, failures,
        installFailures, upgradeFailures, historyAction, releaseVersion, attemptDuration, ociDigest, drifted,
        driftSummary);
  }

  /** {@code true} when nothing is known, as for {@link #NONE}. */
  public boolean isEmpty() {
    return equals(NONE);
  }
}
