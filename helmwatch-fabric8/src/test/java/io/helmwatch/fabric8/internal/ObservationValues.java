package io.helmwatch.fabric8.internal;

import io.helmwatch.core.ReleaseObservation;
import java.util.ArrayList;
import java.util.List;

/** Everything a {@link ReleaseObservation} exposes, as a list of values that compares with {@code equals}. */
public final class ObservationValues {
  private ObservationValues() {}

  /** Every accessor of {@code o}, in declaration order; a missing uid reads as {@code "null"}. */
  public static List<Object> of(ReleaseObservation o) {
    List<Object> out = new ArrayList<>();
    out.add(o.key());
    out.add(String.valueOf(o.uid()));
    out.add(o.generation());
    out.add(o.observedGeneration());
    out.add(o.conditions());
    out.add(o.dependsOn());
    out.add(o.suspended());
    out.add(o.deletionPending());
    out.add(o.lastAttemptedGeneration());
    out.add(o.lastAttemptedReleaseAction());
    out.add(o.failures());
    out.add(o.installFailures());
    out.add(o.upgradeFailures());
    out.add(o.installRetries());
    out.add(o.upgradeRetries());
    out.add(o.reconcileRequestedAt());
    out.add(o.lastHandledReconcileAt());
    out.add(o.timeout());
    out.add(o.latestReleaseStatus());
    out.add(o.chartName());
    out.add(o.chartVersion());
    out.add(o.appVersion());
    out.add(o.driftDetectionMode());
    out.add(o.latestReleaseAction());
    out.add(o.latestReleaseVersion());
    out.add(o.lastAttemptedReleaseActionDuration());
    out.add(o.lastAttemptedRevisionDigest());
    return out;
  }
}
