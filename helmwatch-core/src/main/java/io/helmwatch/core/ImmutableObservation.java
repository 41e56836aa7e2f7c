package io.helmwatch.core;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The immutable {@link ReleaseObservation} that {@link ReleaseObservation.Builder} builds. */
final class ImmutableObservation implements ReleaseObservation {
  private final ReleaseKey key;
  private final @Nullable String uid;
  private final long generation;
  private final long observedGeneration;
  private final List<Condition> conditions;
  private final List<ReleaseKey> dependsOn;
  private final boolean suspended;
  private final boolean deletionPending;
  private final long lastAttemptedGeneration;
  private final String lastAttemptedReleaseAction;
  private final long failures;
  private final long installFailures;
  private final long upgradeFailures;
  private final long installRetries;
  private final long upgradeRetries;
  private final String reconcileRequestedAt;
  private final String lastHandledReconcileAt;
  private final String timeout;
  private final String latestReleaseStatus;
  private final String chartName;
  private final String chartVersion;
  private final String appVersion;
  private final String driftDetectionMode;
  private final String latestReleaseAction;
  private final long latestReleaseVersion;
  private final String lastAttemptedReleaseActionDuration;
  private final String lastAttemptedRevisionDigest;

  ImmutableObservation(ReleaseObservation.Builder b) {
    this.key = b.key;
    this.uid = b.uid;
    this.generation = b.generation;
    this.observedGeneration = b.observedGeneration;
    this.conditions = List.copyOf(b.conditions);
    this.dependsOn = List.copyOf(b.dependsOn);
    this.suspended = b.suspended;
    this.deletionPending = b.deletionPending;
    this.lastAttemptedGeneration = b.lastAttemptedGeneration;
    this.lastAttemptedReleaseAction = b.lastAttemptedReleaseAction;
    this.failures = b.failures;
    this.installFailures = b.installFailures;
    this.upgradeFailures = b.upgradeFailures;
    this.installRetries = b.installRetries;
    this.upgradeRetries = b.upgradeRetries;
    this.reconcileRequestedAt = b.reconcileRequestedAt;
    this.lastHandledReconcileAt = b.lastHandledReconcileAt;
    this.timeout = b.timeout;
    this.latestReleaseStatus = b.latestReleaseStatus;
    this.chartName = b.chartName;
    this.chartVersion = b.chartVersion;
    this.appVersion = b.appVersion;
    this.driftDetectionMode = b.driftDetectionMode;
    this.latestReleaseAction = b.latestReleaseAction;
    this.latestReleaseVersion = b.latestReleaseVersion;
    this.lastAttemptedReleaseActionDuration = b.lastAttemptedReleaseActionDuration;
    this.lastAttemptedRevisionDigest = b.lastAttemptedRevisionDigest;
  }

  @Override
  public ReleaseKey key() {
    return key;
  }

  @Override
  public @Nullable String uid() {
    return uid;
  }

  @Override
  public long generation() {
    return generation;
  }

  @Override
  public long observedGeneration() {
    return observedGeneration;
  }

  @Override
  public int conditionCount() {
    return conditions.size();
  }

  @Override
  public String conditionType(int index) {
    return conditions.get(index).type();
  }

  @Override
  public String conditionStatus(int index) {
    return conditions.get(index).status();
  }

  @Override
  public String conditionReason(int index) {
    return conditions.get(index).reason();
  }

  @Override
  public String conditionMessage(int index) {
    return conditions.get(index).message();
  }

  @Override
  public long conditionObservedGeneration(int index) {
    return conditions.get(index).observedGeneration();
  }

  @Override
  public @Nullable Instant conditionLastTransitionTime(int index) {
    return conditions.get(index).lastTransitionTime();
  }

  @Override
  public Condition condition(int index) {
    return conditions.get(index);
  }

  @Override
  public List<Condition> conditions() {
    return conditions;
  }

  @Override
  public List<ReleaseKey> dependsOn() {
    return dependsOn;
  }

  @Override
  public boolean suspended() {
    return suspended;
  }

  @Override
  public boolean deletionPending() {
    return deletionPending;
  }

  @Override
  public long lastAttemptedGeneration() {
    return lastAttemptedGeneration;
  }

  @Override
  public String lastAttemptedReleaseAction() {
    return lastAttemptedReleaseAction;
  }

  @Override
  public long failures() {
    return failures;
  }

  @Override
  public long installFailures() {
    return installFailures;
  }

  @Override
  public long upgradeFailures() {
    return upgradeFailures;
  }

  @Override
  public long installRetries() {
    return installRetries;
  }

  @Override
  public long upgradeRetries() {
    return upgradeRetries;
  }

  @Override
  public String reconcileRequestedAt() {
    return reconcileRequestedAt;
  }

  @Override
  public String lastHandledReconcileAt() {
    return lastHandledReconcileAt;
  }

  @Override
  public String timeout() {
    return timeout;
  }

  @Override
  public String latestReleaseStatus() {
    return latestReleaseStatus;
  }

  @Override
  public String chartName() {
    return chartName;
  }

  @Override
  public String chartVersion() {
    return chartVersion;
  }

  @Override
  public String appVersion() {
    return appVersion;
  }

  @Override
  public String driftDetectionMode() {
    return driftDetectionMode;
  }

  @Override
  public String latestReleaseAction() {
    return latestReleaseAction;
  }

  @Override
  public long latestReleaseVersion() {
    return latestReleaseVersion;
  }

  @Override
  public String lastAttemptedReleaseActionDuration() {
    return lastAttemptedReleaseActionDuration;
  }

  @Override
  public String lastAttemptedRevisionDigest() {
    return lastAttemptedRevisionDigest;
  }

  @Override
  public String toString() {
    return "ReleaseObservation[" + key + " gen=" + generation + " conditions=" + conditions + "]";
  }
}
