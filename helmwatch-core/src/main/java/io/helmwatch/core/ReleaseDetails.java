package io.helmwatch.core;

import java.util.Objects;

/**
 * What helm-controller last did with a release, as carried by events and snapshots: the {@code Ready}
 * reason, the action it attempted, the chart and app versions, and its failure counters. Read from the
 * object only when an event is emitted or a snapshot kept, never on the suppressed path.
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
    long upgradeFailures) {

  /** Nothing known. */
  public static final ReleaseDetails NONE = new ReleaseDetails("", "", "", "", "", 0, 0, 0);

  public ReleaseDetails {
    Objects.requireNonNull(readyReason, "readyReason");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(chartName, "chartName");
    Objects.requireNonNull(chartVersion, "chartVersion");
    Objects.requireNonNull(appVersion, "appVersion");
  }

  /** {@code true} when nothing is known, as for {@link #NONE}. */
  public boolean isEmpty() {
    return equals(NONE);
  }
}
