package io.helmwatch.testing;

import io.helmwatch.core.Condition;
import io.helmwatch.core.ReleaseKey;
import io.helmwatch.core.ReleaseObservation;
import io.helmwatch.core.flux.FluxHelmReleaseDeriver;
import io.helmwatch.core.flux.FluxReasons;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * An immutable HelmRelease fixture that reads like the object it stands for. Every {@code with}-style
 * method returns a new fixture. Conditions written by {@link #ready}, {@link #notReady}, {@link
 * #readyUnknown} and {@link #stalled} describe the current generation, as helm-controller writes them;
 * {@link #bumpGeneration()} makes them stale.
 *
 * <pre>{@code
 * HelmRelease cilium = HelmReleases.named("bp-cilium")
 *     .ready("InstallSucceeded", "Helm install succeeded for release kube-system/cilium.v1");
 * }</pre>
 *
 * @since 0.1
 */
public final class HelmRelease {
  /** What {@link #installFailed} and {@link #upgradeFailed} write when no error is given. */
  public static final String DEFAULT_ERROR = "context deadline exceeded";

  private final String cluster;
  private final String namespace;
  private final String name;
  private final @Nullable String uid;
  private final long generation;
  private final long observedGeneration;
  private final List<Condition> conditions;
  private final List<String> dependsOn;
  private final boolean suspended;
  private final boolean deleting;
  private final Instant time;
  private final long reconciles;
  private final String requestedAt;
  private final long lastAttemptedGeneration;
  private final String lastAttemptedAction;
  private final long installFailures;
  private final long upgradeFailures;
  private final long installRetries;
  private final long upgradeRetries;
  private final boolean retryOnFailure;
  private final boolean retryAfterInterval;
  private final int failedRevisions;
  private final String chartVersion;
  private final List<String> history;
  private final List<String> historyActions;
  private final String timeout;
  private final String driftDetectionMode;
  private final String attemptDuration;
  private final String revisionDigest;

  HelmRelease(String cluster, String namespace, String name) {
    this.cluster = cluster;
    this.namespace = namespace;
    this.name = name;
    this.uid = null;
    this.generation = 1;
    this.observedGeneration = -1;
    this.conditions = List.of();
    this.dependsOn = List.of();
    this.suspended = false;
    this.deleting = false;
    this.time = HelmReleases.DEFAULT_TIME;
    this.reconciles = 0;
    this.requestedAt = "";
    this.lastAttemptedGeneration = 0;
    this.lastAttemptedAction = "";
    this.installFailures = 0;
    this.upgradeFailures = 0;
    this.installRetries = 0;
    this.upgradeRetries = 0;
    this.retryOnFailure = false;
    this.retryAfterInterval = false;
    this.failedRevisions = 0;
    this.chartVersion = "1.0.0";
    this.history = List.of();
    this.historyActions = List.of();
    this.timeout = "";
    this.driftDetectionMode = "";
    this.attemptDuration = "";
    this.revisionDigest = "";
  }

  private HelmRelease(Draft d) {
    this.cluster = d.cluster;
    this.namespace = d.namespace;
    this.name = d.name;
    this.uid = d.uid;
    this.generation = d.generation;
    this.observedGeneration = d.observedGeneration;
    this.conditions = sorted(d.conditions);
    this.dependsOn = List.copyOf(d.dependsOn);
    this.suspended = d.suspended;
    this.deleting = d.deleting;
    this.time = d.time;
    this.reconciles = d.reconciles;
    this.requestedAt = d.requestedAt;
    this.lastAttemptedGeneration = d.lastAttemptedGeneration;
    this.lastAttemptedAction = d.lastAttemptedAction;
    this.installFailures = d.installFailures;
    this.upgradeFailures = d.upgradeFailures;
    this.installRetries = d.installRetries;
    this.upgradeRetries = d.upgradeRetries;
    this.retryOnFailure = d.retryOnFailure;
    this.retryAfterInterval = d.retryAfterInterval;
    this.failedRevisions = d.failedRevisions;
    this.chartVersion = d.chartVersion;
    this.history = List.copyOf(d.history);
    this.historyActions = List.copyOf(d.historyActions);
    this.timeout = d.timeout;
    this.driftDetectionMode = d.driftDetectionMode;
    this.attemptDuration = d.attemptDuration;
    this.revisionDigest = d.revisionDigest;
  }

  /** A mutable copy, changed by one fixture method and frozen again. */
  private final class Draft {
    String cluster = HelmRelease.this.cluster;
    String namespace = HelmRelease.this.namespace;
    String name = HelmRelease.this.name;
    @Nullable String uid = HelmRelease.this.uid;
    long generation = HelmRelease.this.generation;
    long observedGeneration = HelmRelease.this.observedGeneration;
    List<Condition> conditions = new ArrayList<>(HelmRelease.this.conditions);
    List<String> dependsOn = HelmRelease.this.dependsOn;
    boolean suspended = HelmRelease.this.suspended;
    boolean deleting = HelmRelease.this.deleting;
    Instant time = HelmRelease.this.time;
    long reconciles = HelmRelease.this.reconciles;
    String requestedAt = HelmRelease.this.requestedAt;
    long lastAttemptedGeneration = HelmRelease.this.lastAttemptedGeneration;
    String lastAttemptedAction = HelmRelease.this.lastAttemptedAction;
    long installFailures = HelmRelease.this.installFailures;
    long upgradeFailures = HelmRelease.this.upgradeFailures;
    long installRetries = HelmRelease.this.installRetries;
    long upgradeRetries = HelmRelease.this.upgradeRetries;
    boolean retryOnFailure = HelmRelease.this.retryOnFailure;
    boolean retryAfterInterval = HelmRelease.this.retryAfterInterval;
    int failedRevisions = HelmRelease.this.failedRevisions;
    String chartVersion = HelmRelease.this.chartVersion;
    List<String> history = new ArrayList<>(HelmRelease.this.history);
    List<String> historyActions = new ArrayList<>(HelmRelease.this.historyActions);
    String timeout = HelmRelease.this.timeout;
    String driftDetectionMode = HelmRelease.this.driftDetectionMode;
    String attemptDuration = HelmRelease.this.attemptDuration;
    String revisionDigest = HelmRelease.this.revisionDigest;

    /** A new newest {@code status.history} entry, made by Helm {@code action}, as helm-controller records it. */
    void record(String action) {
      history.add(0, chartVersion);
      historyActions.add(0, action);
    }

    /** Sets condition {@code type} for the current generation, as {@code conditions.Set} does. */
    void set(String type, String status, String reason, String message) {
      conditions.removeIf(c -> c.type().equals(type));
      conditions.add(new Condition(type, status, reason, message, time, generation));
    }

    void remove(String type) {
      conditions.removeIf(c -> c.type().equals(type));
    }
  }

  private HelmRelease with(Consumer<Draft> change) {
    Draft d = new Draft();
    change.accept(d);
    return new HelmRelease(d);
  }

  /**
   * Stalled, Reconciling and Ready first, then the rest by generation (newest first) and type: the order
   * in which {@code fluxcd/pkg} {@code conditions.Set} keeps them.
   */
  private static List<Condition> sorted(List<Condition> conditions) {
    List<String> first = List.of(FluxHelmReleaseDeriver.STALLED, FluxHelmReleaseDeriver.RECONCILING,
        FluxHelmReleaseDeriver.READY);
    List<Condition> out = new ArrayList<>(conditions);
    out.sort(Comparator
        .comparingInt((Condition c) -> first.contains(c.type()) ? first.indexOf(c.type()) : first.size())
        .thenComparing(Comparator.comparingLong(Condition::observedGeneration).reversed())
        .thenComparing(Condition::type));
    return List.copyOf(out);
  }

  public String name() {
    return name;
  }

  public String namespace() {
    return namespace;
  }

  public String cluster() {
    return cluster;
  }

  public long generation() {
    return generation;
  }

  /** {@code metadata.uid}; {@code null} (the default) as for a source that does not read it. */
  public @Nullable String uid() {
    return uid;
  }

  /** {@code status.observedGeneration}; {@code -1} (the CRD's default) before the controller patched it. */
  public long observedGeneration() {
    return observedGeneration;
  }

  public List<Condition> conditions() {
    return conditions;
  }

  public List<String> dependsOn() {
    return dependsOn;
  }

  public boolean suspended() {
    return suspended;
  }

  public boolean isDeleting() {
    return deleting;
  }

  /** {@code status.lastAttemptedGeneration}, {@code 0} before the first release action. */
  public long lastAttemptedGeneration() {
    return lastAttemptedGeneration;
  }

  /** {@code status.lastAttemptedReleaseAction}: {@code install} or {@code upgrade}, empty before any. */
  public String lastAttemptedReleaseAction() {
    return lastAttemptedAction;
  }

  /** {@code status.installFailures}. */
  public long installFailures() {
    return installFailures;
  }

  /** {@code status.upgradeFailures}. */
  public long upgradeFailures() {
    return upgradeFailures;
  }

  /** {@code status.failures}: every failed attempt since the last success. */
  public long failures() {
    return installFailures + upgradeFailures;
  }

  /** {@code spec.install.remediation.retries}; {@code 0} (Flux's default) unless set. */
  public long installRetries() {
    return installRetries;
  }

  /** {@code spec.upgrade.remediation.retries}. */
  public long upgradeRetries() {
    return upgradeRetries;
  }

  /** {@code spec.install.strategy.name} and {@code spec.upgrade.strategy.name} are {@code RetryOnFailure}. */
  public boolean retryOnFailure() {
    return retryOnFailure;
  }

  /** The chart version the source serves ({@code status.lastAttemptedRevision} once attempted). */
  public String chartVersion() {
    return chartVersion;
  }

  /** The chart name: the release's name, as the fixtures' charts are named. */
  public String chartName() {
    return name;
  }

  /** {@code status.history}'s chart versions, newest first (release {@code .v<size>} first). */
  public List<String> history() {
    return history;
  }

  /**
   * {@code status.history[].action} (helm-controller v1.5 and later, HELMRELEASE-STATUS.md (f)), newest first
   * like {@link #history()}: {@code install} for the first release, {@code upgrade} for later ones.
   */
  public List<String> historyActions() {
    return historyActions;
  }

  /** {@code spec.driftDetection.mode}: {@code enabled}, {@code warn}, {@code disabled}; empty when absent. */
  public String driftDetectionMode() {
    return driftDetectionMode;
  }

  /** {@code status.lastAttemptedReleaseActionDuration}, a Go duration; empty when not written. */
  public String lastAttemptedReleaseActionDuration() {
    return attemptDuration;
  }

  /** {@code status.lastAttemptedRevisionDigest}: the OCI digest of the chart, empty when not written. */
  public String lastAttemptedRevisionDigest() {
    return revisionDigest;
  }

  /** {@code spec.timeout} as written, empty when absent (helm-controller then uses {@code 5m0s}). */
  public String timeout() {
    return timeout;
  }

  /**
   * {@code status.history[0].status}: {@code deployed} once a release is recorded (the newest entry of the
   * fixtures' history is the live one), empty before.
   */
  public String latestReleaseStatus() {
    return history.isEmpty() ? "" : "deployed";
  }

  /** The {@code reconcile.fluxcd.io/requestedAt} annotation, empty when absent. */
  public String reconcileRequestedAt() {
    return requestedAt;
  }

  /**
   * {@code status.lastHandledReconcileAt}: the last {@linkplain #requestReconcile request} handled, or a
   * token that moves with {@link #touch()} status patches; empty before either.
   */
  public String lastHandledReconcileAt() {
    return reconciles == 0 ? "" : "reconcile-" + reconciles;
  }

  /** A status patch that changes nothing derived: only {@link #lastHandledReconcileAt()} moves. */
  public HelmRelease touch() {
    return with(d -> d.reconciles++);
  }

  /**
   * {@code flux reconcile hr}: sets {@code reconcile.fluxcd.io/requestedAt} to a new token that helm-controller
   * has not handled yet; {@link #handleReconcileRequest()} is the controller copying it to {@code
   * lastHandledReconcileAt}.
   */
  public HelmRelease requestReconcile() {
    return with(d -> d.requestedAt = "reconcile-" + (d.reconciles + 1));
  }

  /** helm-controller handles the pending {@linkplain #requestReconcile request}. */
  public HelmRelease handleReconcileRequest() {
    return with(d -> d.reconciles++);
  }

  /** The time stamped on conditions written from now on. */
  public Instant time() {
    return time;
  }

  public ReleaseKey key() {
    return new ReleaseKey(cluster, namespace, name);
  }

  /** {@code metadata.namespace}. Default {@code flux-system}. */
  public HelmRelease inNamespace(String namespace) {
    return with(d -> d.namespace = namespace);
  }

  /** The cluster it lives in. Default {@link ReleaseKey#PRIMARY}. */
  public HelmRelease inCluster(String cluster) {
    return with(d -> d.cluster = cluster);
  }

  /** {@code spec.dependsOn}, names in the same namespace. */
  public HelmRelease dependsOn(String... names) {
    return with(d -> d.dependsOn = List.of(names));
  }

  /** Conditions written from now on carry {@code time} as their {@code lastTransitionTime}. */
  public HelmRelease at(Instant time) {
    Objects.requireNonNull(time, "time");
    return with(d -> d.time = time);
  }

  /** {@code metadata.uid}, as the API server assigns it at creation. */
  public HelmRelease uid(String uid) {
    Objects.requireNonNull(uid, "uid");
    return with(d -> d.uid = uid);
  }

  /** {@code metadata.generation}. */
  public HelmRelease generation(long generation) {
    return with(d -> d.generation = generation);
  }

  /** {@code status.observedGeneration}. */
  public HelmRelease observedGeneration(long observedGeneration) {
    return with(d -> d.observedGeneration = observedGeneration);
  }

  /** A spec change: {@code metadata.generation + 1}; the status still describes the old generation. */
  public HelmRelease bumpGeneration() {
    return generation(generation + 1);
  }

  /** {@code spec.suspend}. */
  public HelmRelease suspended(boolean suspended) {
    return with(d -> d.suspended = suspended);
  }

  /** {@code metadata.deletionTimestamp} set. */
  public HelmRelease markedForDeletion() {
    return with(d -> d.deleting = true);
  }

  /** {@code spec.install.remediation.retries} and {@code spec.upgrade.remediation.retries}. */
  public HelmRelease remediationRetries(long retries) {
    return with(d -> {
      d.installRetries = retries;
      d.upgradeRetries = retries;
    });
  }

  /**
   * {@code strategy.name: RetryOnFailure} for install and upgrade: failures are retried forever, written as
   * helm-controller v1.4.3 and later write them ({@link #retryOnFailureBefore143()} for v1.4.0–v1.4.2).
   */
  public HelmRelease retryOnFailureStrategy() {
    return with(d -> {
      d.retryOnFailure = true;
      d.retryAfterInterval = false;
    });
  }

  /** The chart version the source serves from now on (an upgrade needs a generation bump or a new version). */
  public HelmRelease chartVersion(String version) {
    return with(d -> d.chartVersion = Objects.requireNonNull(version, "version"));
  }

  // ---------------------------------------------------------------- helm-controller's writes, in its order

  /** Reconcile start: {@code Reconciling=True/Progressing "Fulfilling prerequisites"}. */
  public HelmRelease fulfillingPrerequisites() {
    return with(d -> d.set(FluxHelmReleaseDeriver.RECONCILING, Condition.TRUE, FluxReasons.PROGRESSING,
        "Fulfilling prerequisites"));
  }

  /**
   * A dependency is not ready: {@code Ready=False/DependencyNotReady}, requeued every 30 s; {@code
   * observedGeneration} is not patched.
   */
  public HelmRelease waitingFor(String dependency) {
    return with(d -> {
      d.set(FluxHelmReleaseDeriver.RECONCILING, Condition.TRUE, FluxReasons.PROGRESSING, "Fulfilling prerequisites");
      d.set(FluxHelmReleaseDeriver.READY, Condition.FALSE, FluxReasons.DEPENDENCY_NOT_READY,
          "dependency '" + namespace + "/" + dependency + "' is not ready");
    });
  }

  /** The chart artifact is not served yet: {@code Ready=False/ArtifactFailed}, retried, never stalled. */
  public HelmRelease artifactNotReady() {
    return with(d -> d.set(FluxHelmReleaseDeriver.READY, Condition.FALSE, FluxReasons.ARTIFACT_FAILED,
        "Source not ready: artifact not found. Retrying in 30s"));
  }

  /**
   * Prerequisites passed, a release action starts: the failure counters are reset when the generation is
   * not the last attempted one (helm-controller's {@code MustResetFailures}), {@code
   * lastAttemptedGeneration}, {@code lastAttemptedRevision} and {@code lastAttemptedReleaseAction} are set,
   * then {@code
   * Reconciling=True/Progressing} and {@code Ready=Unknown/Progressing} "Running 'install' action with timeout
   * of 5m0s" (or {@code upgrade} once a release exists in Helm's storage, also a failed one kept under
   * {@code RetryOnFailure}).
   */
  public HelmRelease runningAction() {
    String action = nextAction();
    String message = "Running '" + action + "' action with timeout of " + (timeout.isEmpty() ? "5m0s" : timeout);
    return with(d -> {
      if (d.lastAttemptedGeneration != d.generation) {
        d.installFailures = 0;
        d.upgradeFailures = 0;
      }
      d.lastAttemptedGeneration = d.generation;
      d.lastAttemptedAction = action;
      d.set(FluxHelmReleaseDeriver.RECONCILING, Condition.TRUE, FluxReasons.PROGRESSING, message);
      d.set(FluxHelmReleaseDeriver.READY, Condition.UNKNOWN, FluxReasons.PROGRESSING, message);
    });
  }

  // ---------------------------------------------------------------- stuck in progress (STATUS (b), (f))

  /**
   * {@code spec.timeout}, as written (a Go duration such as {@code 10m0s}; anything else is kept as it is, as
   * the API server keeps it). helm-controller gives each Helm action this long; {@link #runningAction()}
   * repeats it in its message as written, so give Go's own form ({@code 10m0s}, not {@code 10m}) when the
   * message matters.
   */
  public HelmRelease timeout(String timeout) {
    Objects.requireNonNull(timeout, "timeout");
    return with(d -> d.timeout = timeout);
  }

  /**
   * The shape fluxcd/helm-controller#1409 reported on helm-controller before v1.5.0 (HELMRELEASE-STATUS.md
   * (f)): the {@linkplain #runningAction() action started} and Helm finished it, so {@code status.history[0]}
   * is the new release with status {@code deployed} for the generation in {@code lastAttemptedGeneration},
   * but the controller never summarised: {@code Ready=Unknown/Progressing "Running 'install' action with
   * timeout of 5m0s"} and {@code Reconciling=True} stay, {@code Released} is not written and {@code
   * observedGeneration} is not patched. Every later status patch leaves it so (fixed in v1.5.0 by PR #1411).
   */
  public HelmRelease deployedButReadyNeverCleared() {
    String action = history.isEmpty() ? "install" : "upgrade";
    return runningAction().with(d -> d.record(action));
  }

  /**
   * The running action succeeded: a history entry, {@code Released=True} and {@code Ready=True} with {@code
   * InstallSucceeded}/{@code UpgradeSucceeded}, {@code Reconciling} and {@code Remediated} removed and {@code
   * observedGeneration} patched. The failure counters stay: helm-controller resets them only for a new
   * generation, chart revision, values or a reset request, and on success under {@code RetryOnFailure}
   * ({@code internal/reconcile/install.go}, {@code upgrade.go} {@code success}).
   */
  public HelmRelease actionSucceeded() {
    boolean install = nextAction().equals("install");
    String reason = install ? FluxReasons.INSTALL_SUCCEEDED : FluxReasons.UPGRADE_SUCCEEDED;
    String message = "Helm " + (install ? "install" : "upgrade") + " succeeded for release " + namespace + "/"
        + name + ".v" + (history.size() + failedRevisions + 1) + " with chart " + name + "@" + chartVersion;
    return with(d -> {
      if (d.retryOnFailure) {
        d.installFailures = 0;
        d.upgradeFailures = 0;
      }
      d.record(install ? "install" : "upgrade");
      d.set(FluxHelmReleaseDeriver.RELEASED, Condition.TRUE, reason, message);
      d.set(FluxHelmReleaseDeriver.READY, Condition.TRUE, reason, message);
      d.remove(FluxHelmReleaseDeriver.RECONCILING);
      d.remove(FluxHelmReleaseDeriver.REMEDIATED);
      d.remove(FluxHelmReleaseDeriver.STALLED);
      d.observedGeneration = d.generation;
    });
  }

  /** {@link #installFailed(String)} with {@link #DEFAULT_ERROR}. */
  public HelmRelease installFailed() {
    return actionFailed(DEFAULT_ERROR);
  }

  /** {@link #actionFailed(String)} for an install. */
  public HelmRelease installFailed(String error) {
    return actionFailed(error);
  }

  /** {@link #actionFailed(String)} for an upgrade. */
  public HelmRelease upgradeFailed(String error) {
    return actionFailed(error);
  }

  /**
   * The running action failed, as helm-controller records it in one reconcile: {@code Released=False} and
   * {@code Ready=False} with {@code InstallFailed}/{@code UpgradeFailed} and the Helm error, the failure
   * counters incremented; then
   *
   * <ul>
   *   <li>under {@code RetryOnFailure}: the failed Helm release stays in storage (the retry is an upgrade of
   *       it), {@code observedGeneration} is patched and it never stalls; helm-controller v1.4.3 and later
   *       write {@code Reconciling=True/ProgressingWithRetry "retrying after 5m0s"}, v1.4.0–v1.4.2 ({@link
   *       #retryOnFailureBefore143()}) delete {@code Reconciling} and overwrite Ready with {@code
   *       Ready=False/RetryAfterInterval "Will retry after 5m0s"};
   *   <li>with retries left: {@code Reconciling=True/ProgressingWithRetry} with the Ready message (a
   *       remediation and a new attempt follow);
   *   <li>with retries exhausted ({@code failures > retries}): {@code Stalled=True/RetriesExceeded "Failed to
   *       install after N attempt(s)"}, {@code Reconciling} removed, {@code observedGeneration} patched.
   * </ul>
   */
  public HelmRelease actionFailed(String error) {
    String action = nextAction();
    boolean install = action.equals("install");
    String reason = install ? FluxReasons.INSTALL_FAILED : FluxReasons.UPGRADE_FAILED;
    String message = "Helm " + action + " failed for release " + namespace + "/" + name + " with chart " + name
        + "@" + chartVersion + ": " + error;
    return with(d -> {
      long failures = install ? ++d.installFailures : ++d.upgradeFailures;
      long retries = install ? d.installRetries : d.upgradeRetries;
      d.set(FluxHelmReleaseDeriver.RELEASED, Condition.FALSE, reason, message);
      d.set(FluxHelmReleaseDeriver.READY, Condition.FALSE, reason, message);
      if (d.retryOnFailure) {
        d.failedRevisions++;
        if (d.retryAfterInterval) {
          d.remove(FluxHelmReleaseDeriver.RECONCILING);
          d.set(FluxHelmReleaseDeriver.READY, Condition.FALSE, FluxReasons.RETRY_AFTER_INTERVAL,
              "Will retry after 5m0s");
        } else {
          d.set(FluxHelmReleaseDeriver.RECONCILING, Condition.TRUE, FluxReasons.PROGRESSING_WITH_RETRY,
              "retrying after 5m0s");
        }
        d.observedGeneration = d.generation;
      } else if (retries >= 0 && failures > retries) {
        d.remove(FluxHelmReleaseDeriver.RECONCILING);
        d.set(FluxHelmReleaseDeriver.STALLED, Condition.TRUE, FluxReasons.RETRIES_EXCEEDED,
            "Failed to " + action + " after " + failures + " attempt(s)");
        d.observedGeneration = d.generation;
      } else {
        d.set(FluxHelmReleaseDeriver.RECONCILING, Condition.TRUE, FluxReasons.PROGRESSING_WITH_RETRY, message);
      }
    });
  }

  /**
   * The remediation of a failed attempt with retries left: an install is uninstalled ({@code
   * Remediated=True/UninstallSucceeded}, Ready keeps its failure: the uninstall remediation does not
   * summarize), an upgrade rolled back ({@code Remediated=True/RollbackSucceeded}, copied to {@code Ready=False}).
   */
  public HelmRelease remediated() {
    boolean install = history.isEmpty();
    return with(d -> {
      if (install) {
        d.set(FluxHelmReleaseDeriver.REMEDIATED, Condition.TRUE, FluxReasons.UNINSTALL_SUCCEEDED,
            "Helm uninstall remediation for release " + namespace + "/" + name + ".v1 with chart " + name + "@"
                + chartVersion + " succeeded");
      } else {
        String message = "Helm rollback to previous release " + namespace + "/" + name + ".v" + history.size()
            + " with chart " + name + "@" + history.get(0) + " succeeded";
        d.set(FluxHelmReleaseDeriver.REMEDIATED, Condition.TRUE, FluxReasons.ROLLBACK_SUCCEEDED, message);
        d.set(FluxHelmReleaseDeriver.READY, Condition.FALSE, FluxReasons.ROLLBACK_SUCCEEDED, message);
      }
    });
  }

  // ---------------------------------------------------------------- RetryOnFailure and helm-controller v1.4+
  // What helm-controller v1.4 to v1.6 write (HELMRELEASE-STATUS.md section (f), fluxcd/helm-controller
  // internal/reconcile/atomic_release.go at v1.4.0 and v1.4.3, internal/controller/helmrelease_controller.go).

  /**
   * {@code strategy.name: RetryOnFailure} for install and upgrade, with failures written as helm-controller
   * v1.4.0–v1.4.2 write them: {@link #actionFailed} deletes {@code Reconciling} and sets {@code
   * Ready=False/RetryAfterInterval "Will retry after 5m0s"}, the Helm error stays on {@code
   * Released=False}. {@link #retryOnFailureStrategy()} is the v1.4.3+ shape.
   */
  public HelmRelease retryOnFailureBefore143() {
    return with(d -> {
      d.retryOnFailure = true;
      d.retryAfterInterval = true;
    });
  }

  /** Whether failures are written in helm-controller v1.4.0–v1.4.2's {@code RetryAfterInterval} shape. */
  public boolean retriesAfterInterval() {
    return retryAfterInterval;
  }

  /**
   * helm-controller v1.5's {@code CancelHealthCheckOnNewRevision}: a new source revision arrived while the
   * running action waited for health checks: {@code Ready=False/HealthCheckCanceled "New reconciliation
   * triggered by HelmChart/<ns>/<ns>-<name>"}, {@code Reconciling} stays, requeued at once, so {@code
   * observedGeneration} is not patched.
   */
  public HelmRelease healthCheckCanceled() {
    return with(d -> d.set(FluxHelmReleaseDeriver.READY, Condition.FALSE, FluxReasons.HEALTH_CHECK_CANCELED,
        "New reconciliation triggered by HelmChart/" + namespace + "/" + namespace + "-" + name));
  }

  /**
   * {@code spec.healthCheckExprs} or a {@code dependsOn[].readyExpr} does not compile: {@code
   * Ready=False} and {@code Stalled=True}, both {@code InvalidCELExpression} "Reconciliation failed terminally
   * due to configuration error: {@code error}", {@code Reconciling} deleted, {@code observedGeneration} patched.
   */
  public HelmRelease invalidCelExpression(String error) {
    String message = "Reconciliation failed terminally due to configuration error: " + error;
    return with(d -> {
      d.set(FluxHelmReleaseDeriver.READY, Condition.FALSE, FluxReasons.INVALID_CEL_EXPRESSION, message);
      d.remove(FluxHelmReleaseDeriver.RECONCILING);
      d.set(FluxHelmReleaseDeriver.STALLED, Condition.TRUE, FluxReasons.INVALID_CEL_EXPRESSION, message);
      d.observedGeneration = d.generation;
    });
  }

  // ---------------------------------------------------------------- drift (HELMRELEASE-STATUS.md (f), v1.6)

  /**
   * {@code spec.driftDetection.mode} from now on, as written ({@code enabled}, {@code warn}, {@code disabled}),
   * without a generation bump (see {@link #driftDetectionDisabled()} for the spec change as the controller
   * answers it).
   */
  public HelmRelease driftDetection(String mode) {
    Objects.requireNonNull(mode, "mode");
    return with(d -> d.driftDetectionMode = mode);
  }

  /**
   * A reconcile in warn mode that found the cluster drifted ({@code internal/reconcile/atomic_release.go}):
   * {@code Drifted=True/DriftDetected} with "Cluster state of release ns/name.vN has drifted from the desired
   * state:" and {@code summary} on the next line ({@code diff.SummarizeDiffSet}, e.g. {@code
   * Deployment/podinfo/podinfo changed (0 additions, 1 changes, 0 removals)}); {@code Ready} stays as it is.
   * Sets {@code spec.driftDetection.mode: warn} unless drift detection is {@code enabled} or {@code warn}
   * already, as helm-controller writes {@code Drifted} only then.
   */
  public HelmRelease drifted(String summary) {
    Objects.requireNonNull(summary, "summary");
    String message = "Cluster state of release " + namespace + "/" + name + ".v" + history.size()
        + " has drifted from the desired state:\n" + summary;
    return with(d -> {
      if (!FluxHelmReleaseDeriver.DRIFT_MODE_WARN.equals(d.driftDetectionMode)
          && !FluxHelmReleaseDeriver.DRIFT_MODE_ENABLED.equals(d.driftDetectionMode)) {
        d.driftDetectionMode = FluxHelmReleaseDeriver.DRIFT_MODE_WARN;
      }
      d.set(FluxHelmReleaseDeriver.DRIFTED, Condition.TRUE, FluxReasons.DRIFT_DETECTED, message);
    });
  }

  /**
   * A reconcile with drift detection on that found the cluster in sync again (the drift was undone, or
   * corrected in {@code enabled} mode): {@code Drifted=False/NoDriftDetected "No drift detected against the
   * cluster state"}.
   */
  public HelmRelease driftCorrected() {
    return with(d -> d.set(FluxHelmReleaseDeriver.DRIFTED, Condition.FALSE, FluxReasons.NO_DRIFT_DETECTED,
        "No drift detected against the cluster state"));
  }

  /**
   * The user switches drift detection off ({@code spec.driftDetection.mode: disabled}, a spec change:
   * generation + 1) and helm-controller reconciles the unchanged release: {@code Ready} is summarised again
   * for the new generation and {@code observedGeneration} patched, while {@code Drifted}, which it neither
   * deletes nor owns, stays as it was: stale.
   */
  public HelmRelease driftDetectionDisabled() {
    return with(d -> {
      d.driftDetectionMode = "disabled";
      d.generation++;
      for (Condition c : List.copyOf(d.conditions)) {
        if (c.type().equals(FluxHelmReleaseDeriver.READY)) {
          d.conditions.remove(c);
          d.conditions.add(new Condition(c.type(), c.status(), c.reason(), c.message(), c.lastTransitionTime(),
              d.generation));
        }
      }
      d.observedGeneration = d.generation;
    });
  }

  /** An upgrade once Helm's storage holds a release (a failed one kept under RetryOnFailure too). */
  private String nextAction() {
    return history.isEmpty() && failedRevisions == 0 ? "install" : "upgrade";
  }

  /**
   * {@code status.lastAttemptedReleaseActionDuration} (helm-controller v1.4 and later) as written, a Go
   * duration such as {@code 12.5s}.
   */
  public HelmRelease lastAttemptedReleaseActionDuration(String duration) {
    Objects.requireNonNull(duration, "duration");
    return with(d -> d.attemptDuration = duration);
  }

  /** {@code status.lastAttemptedRevisionDigest}, written for charts from an OCIRepository ({@code sha256:...}). */
  public HelmRelease lastAttemptedRevisionDigest(String digest) {
    Objects.requireNonNull(digest, "digest");
    return with(d -> d.revisionDigest = digest);
  }

  /** {@code Ready=True} with {@code reason} and {@code message}, for the current generation. */
  public HelmRelease ready(String reason, String message) {
    return withCondition(FluxHelmReleaseDeriver.READY, Condition.TRUE, reason, message);
  }

  /** {@code Ready=True}, {@code InstallSucceeded}. */
  public HelmRelease installed() {
    return ready(FluxReasons.INSTALL_SUCCEEDED, "Helm install succeeded for release " + namespace + "/" + name);
  }

  /** {@code Ready=False} with {@code reason} and {@code message}, for the current generation. */
  public HelmRelease notReady(String reason, String message) {
    return withCondition(FluxHelmReleaseDeriver.READY, Condition.FALSE, reason, message);
  }

  /** {@code Ready=Unknown} with {@code reason} and {@code message}, for the current generation. */
  public HelmRelease readyUnknown(String reason, String message) {
    return withCondition(FluxHelmReleaseDeriver.READY, Condition.UNKNOWN, reason, message);
  }

  /** {@code Ready=Unknown}, {@code Progressing}: helm-controller is working on it. */
  public HelmRelease progressing() {
    return readyUnknown(FluxReasons.PROGRESSING, "Fulfilling prerequisites");
  }

  /** {@code Ready=False}, {@code DependencyNotReady} naming the first dependency. */
  public HelmRelease waitingForDependency() {
    String dep = dependsOn.isEmpty() ? "unknown" : dependsOn.get(0);
    return notReady(FluxReasons.DEPENDENCY_NOT_READY,
        "dependency '" + namespace + "/" + dep + "' is not ready");
  }

  /** {@code Stalled=True} with {@code reason} and {@code message}: helm-controller gave up. */
  public HelmRelease stalled(String reason, String message) {
    return withCondition(FluxHelmReleaseDeriver.STALLED, Condition.TRUE, reason, message);
  }

  /**
   * This status as helm-controller up to v0.36 (API v2beta1) wrote it: no {@code Stalled} or {@code
   * Reconciling} condition, and conditions without {@code observedGeneration}.
   */
  public HelmRelease v2beta1Shape() {
    return with(d -> {
      d.remove(FluxHelmReleaseDeriver.STALLED);
      d.remove(FluxHelmReleaseDeriver.RECONCILING);
      d.conditions.replaceAll(c ->
          new Condition(c.type(), c.status(), c.reason(), c.message(), c.lastTransitionTime(), 0));
    });
  }

  /**
   * Any condition of {@code type}, replacing one of the same type, for the current generation; also patches
   * {@code status.observedGeneration} (the low-level fixtures write a settled status; the step methods above
   * patch it only where helm-controller does).
   */
  public HelmRelease withCondition(String type, String status, String reason, String message) {
    return with(d -> {
      d.set(type, status, reason, message);
      d.observedGeneration = d.generation;
    });
  }

  /** Removes every condition of {@code type}. */
  public HelmRelease withoutCondition(String type) {
    return with(d -> d.remove(type));
  }

  /** The observation a source would report for this object. */
  public ReleaseObservation toObservation() {
    ReleaseObservation.Builder b = ReleaseObservation.builder(key())
        .uid(uid)
        .generation(generation)
        .observedGeneration(observedGeneration)
        .conditions(conditions)
        .suspended(suspended)
        .deletionPending(deleting)
        .lastAttemptedGeneration(lastAttemptedGeneration)
        .lastAttemptedReleaseAction(lastAttemptedAction)
        .failures(failures(), installFailures, upgradeFailures)
        .retries(installRetries, upgradeRetries)
        .reconcileRequest(requestedAt, lastHandledReconcileAt())
        .timeout(timeout)
        .latestReleaseStatus(latestReleaseStatus())
        .chart(chartName(), history.isEmpty() ? (lastAttemptedGeneration == 0 ? "" : chartVersion) : history.get(0),
            history.isEmpty() ? "" : history.get(0))
        .driftDetectionMode(driftDetectionMode)
        .latestRelease(historyActions.isEmpty() ? "" : historyActions.get(0), history.size())
        .lastAttempt(attemptDuration, revisionDigest);
    for (String dep : dependsOn) {
      b.dependsOn(new ReleaseKey(cluster, namespace, dep));
    }
    return b.build();
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("HelmRelease ").append(key()).append(" gen=").append(generation);
    for (Condition c : conditions) {
      s.append(' ').append(c.type()).append('=').append(c.status()).append('(').append(c.reason()).append(')');
    }
    return s.toString();
  }
}
