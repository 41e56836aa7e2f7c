package io.helmwatch.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link ReleaseSource} reports for one object at one moment: identity, generations, conditions,
 * dependencies, suspension and deletion.
 *
 * <p>Conditions are read through indexed accessors so that an adapter can serve them straight from the
 * object it received (for example fabric8's nested maps) without copying: deriving the state of an update
 * whose state did not change then allocates nothing. An observation handed to {@link
 * ReleaseSource.Listener#upsert} is read during that call only; the {@link Watcher} keeps an immutable
 * {@link #copyOf copy} of what it needs, so sources may serve a view that they reuse.
 *
 * <p>Build immutable observations with {@link #builder(ReleaseKey)}. Accessors never throw on malformed
 * input: missing values read as empty strings, {@code 0} or {@code null} as documented.
 *
 * @since 0.1
 */
public interface ReleaseObservation {

  ReleaseKey key();

  /**
   * {@code metadata.uid}: tells a release apart from an earlier one of the same name that was deleted and
   * created again (whose generations start over). {@code null} when the source does not know it.
   */
  default @Nullable String uid() {
    return null;
  }

  /** {@code metadata.generation}, {@code 0} when absent. */
  long generation();

  /** {@code status.observedGeneration}, {@code 0} when absent. */
  long observedGeneration();

  /** Number of entries in {@code status.conditions}. */
  int conditionCount();

  /** Type of condition {@code index}, empty when absent. */
  String conditionType(int index);

  /** Status of condition {@code index} as sent, empty when absent. */
  String conditionStatus(int index);

  /** Reason of condition {@code index}, empty when absent. */
  String conditionReason(int index);

  /** Message of condition {@code index}, empty when absent. */
  String conditionMessage(int index);

  /** {@code observedGeneration} of condition {@code index}, {@code 0} when absent. */
  long conditionObservedGeneration(int index);

  /** {@code lastTransitionTime} of condition {@code index}, {@code null} when absent or unparseable. */
  @Nullable Instant conditionLastTransitionTime(int index);

  /** The objects named in {@code spec.dependsOn}, in the order given. */
  List<ReleaseKey> dependsOn();

  /** {@code spec.suspend}. */
  boolean suspended();

  /** {@code metadata.deletionTimestamp} is set. */
  boolean deletionPending();

  // What helm-controller records about its attempts. Defaults fit a source that reads none of it: the
  // Flux deriver then decides by conditions alone. Read on the failure path and when an event is emitted.

  /** {@code status.lastAttemptedGeneration} (v2beta2 and later), {@code 0} when absent. */
  default long lastAttemptedGeneration() {
    return 0;
  }

  /** {@code status.lastAttemptedReleaseAction}, {@code install} or {@code upgrade}; empty when absent. */
  default String lastAttemptedReleaseAction() {
    return "";
  }

  /** {@code status.failures}: failed reconciles since the last success, {@code 0} when absent. */
  default long failures() {
    return 0;
  }

  /** {@code status.installFailures}, {@code 0} when absent. */
  default long installFailures() {
    return 0;
  }

  /** {@code status.upgradeFailures}, {@code 0} when absent. */
  default long upgradeFailures() {
    return 0;
  }

  /**
   * {@code spec.install.remediation.retries}: {@code 0} when absent (Flux's default: the first failure
   * exhausts them), negative for retry forever.
   */
  default long installRetries() {
    return 0;
  }

  /** {@code spec.upgrade.remediation.retries}, read like {@link #installRetries()}. */
  default long upgradeRetries() {
    return 0;
  }

  /** The {@code reconcile.fluxcd.io/requestedAt} annotation, empty when absent. */
  default String reconcileRequestedAt() {
    return "";
  }

  /** {@code status.lastHandledReconcileAt}, empty when absent. */
  default String lastHandledReconcileAt() {
    return "";
  }

  // What stuck detection reads: how long helm-controller lets an action run, and what Helm itself recorded.

  /**
   * {@code spec.timeout} as written: a Go duration such as {@code 5m} or {@code 10m30s} (helm-controller's
   * default for every Helm action is {@code 5m0s}); empty when absent. Not validated: a malformed value is
   * returned as it is.
   */
  default String timeout() {
    return "";
  }

  /**
   * {@code status.history[0].status}: the Helm status of the newest release helm-controller recorded
   * ({@code deployed}, {@code failed}, {@code superseded}, {@code pending-install}, ...); empty when there
   * is no history.
   */
  default String latestReleaseStatus() {
    return "";
  }

  /**
   * The chart of the current release: {@code status.history[0].chartName}, else {@code
   * spec.chart.spec.chart}; empty when unknown.
   */
  default String chartName() {
    return "";
  }

  /** {@code status.history[0].chartVersion}, else {@code status.lastAttemptedRevision}; empty when unknown. */
  default String chartVersion() {
    return "";
  }

  /** {@code status.history[0].appVersion}, empty when unknown. */
  default String appVersion() {
    return "";
  }

  // What drift detection and the details of today's status read (helm-controller v1.4 and later).

  /**
   * {@code spec.driftDetection.mode}: {@code enabled}, {@code warn} or {@code disabled}; empty when absent
   * (helm-controller then does not detect drift). Read on every update: an adapter serves it without
   * allocating.
   */
  default String driftDetectionMode() {
    return "";
  }

  /**
   * {@code status.history[0].action} (helm-controller v1.5 and later): the Helm action that made the newest
   * release, {@code install}, {@code upgrade}, {@code rollback}, {@code uninstall} or {@code
   * uninstall-remediation}; empty when absent.
   */
  default String latestReleaseAction() {
    return "";
  }

  /** {@code status.history[0].version}: the Helm revision of the newest release, {@code 0} when absent. */
  default long latestReleaseVersion() {
    return 0;
  }

  /**
   * {@code status.lastAttemptedReleaseActionDuration} (helm-controller v1.4 and later) as written, a Go
   * duration such as {@code 12.5s}; empty when absent.
   */
  default String lastAttemptedReleaseActionDuration() {
    return "";
  }

  /** {@code status.lastAttemptedRevisionDigest}: the OCI digest of the chart last attempted, empty when absent. */
  default String lastAttemptedRevisionDigest() {
    return "";
  }

  /** Index of the first condition of {@code type}, or {@code -1}. Allocates nothing. */
  default int indexOfCondition(String type) {
    int n = conditionCount();
    for (int i = 0; i < n; i++) {
      if (type.equals(conditionType(i))) {
        return i;
      }
    }
    return -1;
  }

  /** Condition {@code index} as a value. */
  default Condition condition(int index) {
    return new Condition(
        conditionType(index),
        conditionStatus(index),
        conditionReason(index),
        conditionMessage(index),
        conditionLastTransitionTime(index),
        conditionObservedGeneration(index));
  }

  /** All conditions as values (a copy). */
  default List<Condition> conditions() {
    int n = conditionCount();
    List<Condition> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(condition(i));
    }
    return List.copyOf(out);
  }

  /** An immutable copy; returns {@code observation} itself when it is already one. */
  static ReleaseObservation copyOf(ReleaseObservation observation) {
    if (observation instanceof ImmutableObservation) {
      return observation;
    }
    return new Builder(observation.key())
        .uid(observation.uid())
        .generation(observation.generation())
        .observedGeneration(observation.observedGeneration())
        .conditions(observation.conditions())
        .dependsOn(observation.dependsOn())
        .suspended(observation.suspended())
        .deletionPending(observation.deletionPending())
        .lastAttemptedGeneration(observation.lastAttemptedGeneration())
        .lastAttemptedReleaseAction(observation.lastAttemptedReleaseAction())
        .failures(observation.failures(), observation.installFailures(), observation.upgradeFailures())
        .retries(observation.installRetries(), observation.upgradeRetries())
        .reconcileRequest(observation.reconcileRequestedAt(), observation.lastHandledReconcileAt())
        .timeout(observation.timeout())
        .latestReleaseStatus(observation.latestReleaseStatus())
        .chart(observation.chartName(), observation.chartVersion(), observation.appVersion())
        .driftDetectionMode(observation.driftDetectionMode())
        .latestRelease(observation.latestReleaseAction(), observation.latestReleaseVersion())
        .lastAttempt(observation.lastAttemptedReleaseActionDuration(), observation.lastAttemptedRevisionDigest())
        .build();
  }

  static Builder builder(ReleaseKey key) {
    return new Builder(key);
  }

  /** Builds immutable observations; for adapters that copy, for fakes and for tests. */
  final class Builder {
    final ReleaseKey key;
    @Nullable String uid;
    long generation;
    long observedGeneration;
    final List<Condition> conditions = new ArrayList<>();
    final List<ReleaseKey> dependsOn = new ArrayList<>();
    boolean suspended;
    boolean deletionPending;
    long lastAttemptedGeneration;
    String lastAttemptedReleaseAction = "";
    long failures;
    long installFailures;
    long upgradeFailures;
    long installRetries;
    long upgradeRetries;
    String reconcileRequestedAt = "";
    String lastHandledReconcileAt = "";
    String timeout = "";
    String latestReleaseStatus = "";
    String chartName = "";
    String chartVersion = "";
    String appVersion = "";
    String driftDetectionMode = "";
    String latestReleaseAction = "";
    long latestReleaseVersion;
    String lastAttemptedReleaseActionDuration = "";
    String lastAttemptedRevisionDigest = "";

    private Builder(ReleaseKey key) {
      this.key = Objects.requireNonNull(key, "key");
    }

    /** {@code metadata.uid}; {@code null} (the default) when unknown. */
    public Builder uid(@Nullable String uid) {
      this.uid = uid;
      return this;
    }

    public Builder generation(long generation) {
      this.generation = generation;
      return this;
    }

    public Builder observedGeneration(long observedGeneration) {
      this.observedGeneration = observedGeneration;
      return this;
    }

    public Builder condition(Condition condition) {
      conditions.add(Objects.requireNonNull(condition, "condition"));
      return this;
    }

    public Builder conditions(List<Condition> conditions) {
      conditions.forEach(this::condition);
      return this;
    }

    public Builder dependsOn(ReleaseKey dependency) {
      dependsOn.add(Objects.requireNonNull(dependency, "dependency"));
      return this;
    }

    public Builder dependsOn(List<ReleaseKey> dependencies) {
      dependencies.forEach(this::dependsOn);
      return this;
    }

    public Builder suspended(boolean suspended) {
      this.suspended = suspended;
      return this;
    }

    public Builder deletionPending(boolean deletionPending) {
      this.deletionPending = deletionPending;
      return this;
    }

    /** {@code status.lastAttemptedGeneration}. */
    public Builder lastAttemptedGeneration(long lastAttemptedGeneration) {
      this.lastAttemptedGeneration = lastAttemptedGeneration;
      return this;
    }

    /** {@code status.lastAttemptedReleaseAction}: {@code install} or {@code upgrade}. */
    public Builder lastAttemptedReleaseAction(String action) {
      this.lastAttemptedReleaseAction = Objects.requireNonNull(action, "action");
      return this;
    }

    /** {@code status.failures}, {@code installFailures} and {@code upgradeFailures}. */
    public Builder failures(long failures, long installFailures, long upgradeFailures) {
      this.failures = failures;
      this.installFailures = installFailures;
      this.upgradeFailures = upgradeFailures;
      return this;
    }

    /** {@code spec.install.remediation.retries} and {@code spec.upgrade.remediation.retries}. */
    public Builder retries(long installRetries, long upgradeRetries) {
      this.installRetries = installRetries;
      this.upgradeRetries = upgradeRetries;
      return this;
    }

    /** The {@code reconcile.fluxcd.io/requestedAt} token and {@code status.lastHandledReconcileAt}. */
    public Builder reconcileRequest(String requestedAt, String lastHandledAt) {
      this.reconcileRequestedAt = Objects.requireNonNull(requestedAt, "requestedAt");
      this.lastHandledReconcileAt = Objects.requireNonNull(lastHandledAt, "lastHandledAt");
      return this;
    }

    /** {@code spec.timeout} as written, e.g. {@code 5m}; empty for none. */
    public Builder timeout(String timeout) {
      this.timeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /** {@code status.history[0].status}, e.g. {@code deployed}; empty for no history. */
    public Builder latestReleaseStatus(String status) {
      this.latestReleaseStatus = Objects.requireNonNull(status, "status");
      return this;
    }

    /** The chart name, chart version and app version of the current release. */
    public Builder chart(String name, String version, String appVersion) {
      this.chartName = Objects.requireNonNull(name, "name");
      this.chartVersion = Objects.requireNonNull(version, "version");
      this.appVersion = Objects.requireNonNull(appVersion, "appVersion");
      return this;
    }

    /** {@code spec.driftDetection.mode}: {@code enabled}, {@code warn}, {@code disabled}; empty for none. */
    public Builder driftDetectionMode(String mode) {
      this.driftDetectionMode = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /** {@code status.history[0].action} and {@code status.history[0].version}. */
    public Builder latestRelease(String action, long version) {
      this.latestReleaseAction = Objects.requireNonNull(action, "action");
      this.latestReleaseVersion = version;
      return this;
    }

    /**
     * {@code status.lastAttemptedReleaseActionDuration} as written (a Go duration) and {@code
     * status.lastAttemptedRevisionDigest}; empty for absent.
     */
    public Builder lastAttempt(String duration, String revisionDigest) {
      this.lastAttemptedReleaseActionDuration = Objects.requireNonNull(duration, "duration");
      this.lastAttemptedRevisionDigest = Objects.requireNonNull(revisionDigest, "revisionDigest");
      return this;
    }

    public ReleaseObservation build() {
      return new ImmutableObservation(this);
    }
  }
}
