package io.helmwatch.core.flux;

import io.helmwatch.core.ComponentState;
import io.helmwatch.core.Condition;
import io.helmwatch.core.Derivation;
import io.helmwatch.core.EventLevel;
import io.helmwatch.core.ReleaseDetails;
import io.helmwatch.core.ReleaseObservation;
import io.helmwatch.core.StateDeriver;
import io.helmwatch.core.internal.GoDuration;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * Derives a {@link ComponentState} from a Flux HelmRelease as helm-controller means it, in this order:
 *
 * <ol>
 *   <li>deletion pending: {@link ComponentState#REMOVED}; {@code spec.suspend: true}: {@link
 *       ComponentState#SUSPENDED};
 *   <li>{@code Stalled=True} for the current generation: {@link ComponentState#FAILED}, the only signal
 *       that helm-controller gave up ({@code RetriesExceeded}, {@code MissingRollbackTarget}, {@code
 *       AccessDenied}, {@code InvalidCELExpression}) — unless a {@code reconcile.fluxcd.io/requestedAt}
 *       request is not handled yet ({@code flux reconcile --reset/--force}), which reads {@link
 *       ComponentState#INSTALLING};
 *   <li>no {@code Ready} condition: {@link ComponentState#INSTALLING} when {@code Reconciling=True}, else
 *       {@link ComponentState#PENDING};
 *   <li>a dependency wait ({@code DependencyNotReady}, or a message {@code dependency 'ns/name' is not
 *       ready}): {@link ComponentState#PENDING};
 *   <li>{@code Ready} that describes an older generation than {@code metadata.generation}: {@link
 *       ComponentState#INSTALLING} (a new spec the controller has not assessed yet);
 *   <li>{@code Ready=True}: {@link ComponentState#INSTALLED}, also during an interval reconcile ({@code
 *       Reconciling=True}, or v1.4.0's {@code Ready=Unknown} "Fulfilling prerequisites" while {@code
 *       Released=True} for this generation) and when ignored tests failed;
 *   <li>{@code Ready=Unknown} ({@code Progressing}, {@code AwaitingTests}): {@link
 *       ComponentState#INSTALLING};
 *   <li>{@code Ready=False} without {@code Stalled}: the controller is still working. {@code Progressing}
 *       and {@code HealthCheckCanceled} read {@link ComponentState#INSTALLING}, as does {@code
 *       UninstallSucceeded} after a release-target change (the new target is installed next); a failed
 *       attempt ({@code InstallFailed}, {@code UpgradeFailed}, {@code TestFailed}, {@code
 *       RollbackSucceeded}, ..., and {@code RetryAfterInterval}), a source wait ({@code ArtifactFailed},
 *       {@code SourceNotReady}) and any other reason read {@link ComponentState#DEGRADED}: retried.
 * </ol>
 *
 * <p><b>RetryOnFailure</b> ({@code install/upgrade.strategy.name: RetryOnFailure}, every release's
 * strategy under helm-controller v1.5.2's {@code DefaultToRetryOnFailure} gate) never stalls: a release
 * that fails every attempt is retried after {@code retryInterval} forever, so by default it reads {@link
 * ComponentState#DEGRADED} forever. helm-controller v1.4.0–v1.4.2 write {@code Ready=False/RetryAfterInterval
 * "Will retry after 5m0s"}, delete {@code Reconciling} and leave the error on {@code Released}; v1.4.3 and
 * later keep the action's reason on Ready ({@code InstallFailed}, {@code UpgradeFailed}) and write {@code
 * Reconciling=True/ProgressingWithRetry "retrying after 5m0s"} ({@code internal/reconcile/atomic_release.go}
 * at v1.4.0 and v1.4.3). Both read the same.
 *
 * <p><b>An attempt limit</b> ({@link #maxAttempts(int)}): a release whose current generation has failed
 * {@code N} install or upgrade attempts is {@link ComponentState#FAILED}, whatever its strategy and
 * remediation retries, with a message naming the attempt and its error ("install attempt 3 of 3 failed:
 * ..."). A failed attempt is a {@code Ready=False} that reports one ({@link FluxReasons#isFailedAttempt},
 * {@code UninstallSucceeded} after a remediation, {@code RetryAfterInterval}); the attempts are counted by
 * {@code status.failures} (or {@code installFailures + upgradeFailures} when larger), which helm-controller
 * resets for a new generation, chart revision or values; counters of an older {@code
 * lastAttemptedGeneration} count as one attempt. Waits for a dependency or the source are not attempts.
 * {@link #failFast()} is the limit of one attempt.
 *
 * <p><b>v2beta1-shaped objects</b> (helm-controller up to v0.36: no {@code Stalled} or {@code Reconciling}
 * condition, conditions without {@code observedGeneration}) have no stall signal. For them a {@code
 * Ready=False} is {@link ComponentState#FAILED} only with evidence that retries are exhausted: a message
 * saying "retries exhausted", {@code Remediated=False}, or more failures than {@code
 * spec.<action>.remediation.retries}. The shape decides, not the API version the object was read through.
 *
 * <p><b>Fail fast</b> ({@link #failFast()}, the same as {@code maxAttempts(1)}): a failed attempt on
 * {@code Ready=False} for the current generation is {@link ComponentState#FAILED} at once, without waiting
 * for helm-controller's retries: the rule of the system helmwatch grows out of, for CI jobs that must not
 * wait.
 *
 * <p>The generation a condition describes is its own {@code observedGeneration}, or {@code
 * status.observedGeneration} when the condition has none; when neither is known the condition is taken as
 * current. The rules follow {@code fluxcd/helm-controller} ({@code internal/reconcile/atomic_release.go},
 * {@code internal/controller/helmrelease_controller.go}) and {@code fluxcd/pkg} {@code
 * runtime/conditions}.
 *
 * <p><b>Drift</b> (helm-controller v1.6, HELMRELEASE-STATUS.md (f)) does not change the state: a release
 * whose {@code Drifted=True/DriftDetected} stands beside {@code Ready=True} (warn mode) stays {@link
 * ComponentState#INSTALLED}. {@link #drifted} and {@link ReleaseDetails#drifted()} report it, but only while
 * {@code spec.driftDetection.mode} is {@code enabled} or {@code warn}: helm-controller never deletes {@code
 * Drifted}, so a {@code Drifted=True} left from before detection was switched off (mode {@code disabled} or
 * absent) is stale and ignored.
 *
 * <p>{@link #state} and {@link #drifted} allocate nothing. The deriver is stateless and thread-safe.
 *
 * @since 0.1
 */
public final class FluxHelmReleaseDeriver implements StateDeriver {

  /** The summary condition. */
  public static final String READY = "Ready";
  /** Present ({@code True}) only once helm-controller has given up. */
  public static final String STALLED = "Stalled";
  /** Present ({@code True}) only while helm-controller works on the latest changes or retries. */
  public static final String RECONCILING = "Reconciling";
  /** The result of the last release action. */
  public static final String RELEASED = "Released";
  /** The result of the last Helm test. */
  public static final String TEST_SUCCESS = "TestSuccess";
  /** The result of the last remediation (rollback or uninstall). */
  public static final String REMEDIATED = "Remediated";
  /**
   * {@code True/DriftDetected} (message: the diff summary) or {@code False/NoDriftDetected}; only while drift
   * detection is on, and never deleted.
   */
  public static final String DRIFTED = "Drifted";
  /** {@code spec.driftDetection.mode} that corrects drift. */
  public static final String DRIFT_MODE_ENABLED = "enabled";
  /** {@code spec.driftDetection.mode} that only reports drift. */
  public static final String DRIFT_MODE_WARN = "warn";
  /** The annotation {@code flux reconcile} sets; the controller copies it to {@code lastHandledReconcileAt}. */
  public static final String RECONCILE_REQUESTED_AT = "reconcile.fluxcd.io/requestedAt";

  /** The message of a reconcile that checks dependencies and the source before any Helm action. */
  private static final String PREREQUISITES = "Fulfilling prerequisites";

  /** No attempt limit of helmwatch's own: only helm-controller's {@code Stalled} ends a release. */
  private static final int NO_LIMIT = 0;

  private static final FluxHelmReleaseDeriver INSTANCE = new FluxHelmReleaseDeriver(NO_LIMIT);
  private static final FluxHelmReleaseDeriver FAIL_FAST = new FluxHelmReleaseDeriver(1);

  private final int maxAttempts;

  private FluxHelmReleaseDeriver(int maxAttempts) {
    this.maxAttempts = maxAttempts;
  }

  /** The default: {@link ComponentState#FAILED} only once helm-controller has given up. */
  public static FluxHelmReleaseDeriver instance() {
    return INSTANCE;
  }

  /**
   * The first failed attempt is {@link ComponentState#FAILED}, whatever retries helm-controller has left:
   * the shorthand for {@link #maxAttempts(int) maxAttempts(1)}, which returns the same deriver.
   */
  public static FluxHelmReleaseDeriver failFast() {
    return FAIL_FAST;
  }

  /**
   * A release whose current generation has failed {@code maxAttempts} install or upgrade attempts is
   * {@link ComponentState#FAILED}, also under {@code RetryOnFailure} (which helm-controller retries forever)
   * or with remediation retries left; {@code Stalled=True} is failed sooner, as always. Derivers with the
   * same limit are equal.
   *
   * @throws IllegalArgumentException when {@code maxAttempts < 1}
   */
  public static FluxHelmReleaseDeriver maxAttempts(int maxAttempts) {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
    }
    return maxAttempts == 1 ? FAIL_FAST : new FluxHelmReleaseDeriver(maxAttempts);
  }

  /** Whether this deriver ends on the first failed attempt: its {@link #attemptLimit()} is 1. */
  public boolean isFailFast() {
    return maxAttempts == 1;
  }

  /** The {@link #maxAttempts(int) attempt limit}; empty for {@link #instance()}, which waits for Stalled. */
  public OptionalInt attemptLimit() {
    return maxAttempts == NO_LIMIT ? OptionalInt.empty() : OptionalInt.of(maxAttempts);
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof FluxHelmReleaseDeriver d && d.maxAttempts == maxAttempts;
  }

  @Override
  public int hashCode() {
    return maxAttempts;
  }

  @Override
  public String toString() {
    return maxAttempts == NO_LIMIT
        ? "FluxHelmReleaseDeriver"
        : "FluxHelmReleaseDeriver(maxAttempts=" + maxAttempts + ")";
  }

  @Override
  public ComponentState state(ReleaseObservation o) {
    return read(o, null);
  }

  /**
   * {@code Drifted=True} while {@code spec.driftDetection.mode} is {@code enabled} or {@code warn}. A
   * release without drift detection (the common case) costs one field read.
   */
  @Override
  public boolean drifted(ReleaseObservation o) {
    return driftedIndex(o) >= 0;
  }

  /** The index of a {@code Drifted=True} condition that counts, else {@code -1}. */
  private static int driftedIndex(ReleaseObservation o) {
    String mode = o.driftDetectionMode();
    if (!DRIFT_MODE_WARN.equals(mode) && !DRIFT_MODE_ENABLED.equals(mode)) {
      return -1;
    }
    int drifted = o.indexOfCondition(DRIFTED);
    return drifted >= 0 && isTrue(o, drifted) ? drifted : -1;
  }

  @Override
  public Derivation derive(ReleaseObservation o) {
    Verdict v = new Verdict();
    ComponentState state = read(o, v);
    return new Derivation(state, EventLevel.of(state), message(o, state, v), details(o, v));
  }

  /** A sentence for {@code state} when the object carries no message of its own. */
  public static String defaultMessage(ComponentState state) {
    return switch (state) {
      case PENDING -> "Waiting for the controller to start the install";
      case INSTALLING -> "Install in progress";
      case INSTALLED -> "Installed";
      case DEGRADED -> "Not ready; the controller is retrying";
      case FAILED -> "Install failed";
      case SUSPENDED -> "Reconciliation is suspended";
      case REMOVED -> "Removed";
    };
  }

  /** Why a state was chosen, for the message; filled only when {@code derive} asks. */
  private static final class Verdict {
    int ready = -1;
    int stalled = -1;
    int reconciling = -1;
    int released = -1;
    Rule rule = Rule.PLAIN;
  }

  private enum Rule {
    PLAIN, STALLED, REQUESTED, STALE, RETRYING, SOURCE_WAIT, TARGET_CHANGE, ATTEMPTS, EXHAUSTED
  }

  private ComponentState read(ReleaseObservation o, @Nullable Verdict v) {
    if (o.deletionPending()) {
      return ComponentState.REMOVED;
    }
    if (o.suspended()) {
      return ComponentState.SUSPENDED;
    }
    // One pass over the conditions: on the churn path, reading the object is most of the cost.
    int ready = -1;
    int stalled = -1;
    int reconciling = -1;
    int remediated = -1;
    int released = -1;
    for (int i = 0, n = o.conditionCount(); i < n; i++) {
      String type = o.conditionType(i);
      if (ready < 0 && READY.equals(type)) {
        ready = i;
      } else if (stalled < 0 && STALLED.equals(type)) {
        stalled = i;
      } else if (reconciling < 0 && RECONCILING.equals(type)) {
        reconciling = i;
      } else if (remediated < 0 && REMEDIATED.equals(type)) {
        remediated = i;
      } else if (released < 0 && RELEASED.equals(type)) {
        released = i;
      }
    }
    if (v != null) {
      v.ready = ready;
      v.stalled = stalled;
      v.reconciling = reconciling;
      v.released = released;
    }
    if (stalled >= 0 && isTrue(o, stalled) && !isStale(o, stalled)) {
      return terminal(o, v, Rule.STALLED);
    }
    if (ready < 0) {
      return reconciling >= 0 && isTrue(o, reconciling) ? ComponentState.INSTALLING : ComponentState.PENDING;
    }
    String status = o.conditionStatus(ready);
    String reason = o.conditionReason(ready);
    boolean readyFalse = Condition.FALSE.equals(status);
    if (readyFalse && isDependencyWait(reason, o.conditionMessage(ready))) {
      return ComponentState.PENDING;
    }
    if (isStale(o, ready)) {
      return ruled(v, Rule.STALE, ComponentState.INSTALLING);
    }
    if (Condition.TRUE.equals(status)) {
      return ComponentState.INSTALLED;
    }
    if (!readyFalse) {
      // helm-controller v1.4.0 writes this at the start of every reconcile, also of an installed release.
      boolean recheck = FluxReasons.PROGRESSING.equals(reason)
          && PREREQUISITES.equals(o.conditionMessage(ready))
          && released >= 0 && isTrue(o, released) && !isStale(o, released);
      return recheck ? ComponentState.INSTALLED : ComponentState.INSTALLING;
    }
    switch (reason) {
      case FluxReasons.PROGRESSING, FluxReasons.HEALTH_CHECK_CANCELED:
        return ComponentState.INSTALLING;
      case FluxReasons.UNINSTALL_SUCCEEDED:
        // Without a remediation behind it, an uninstall on Ready is a release-target change: reinstalled.
        if (remediated < 0 || !FluxReasons.UNINSTALL_SUCCEEDED.equals(o.conditionReason(remediated))) {
          return ruled(v, Rule.TARGET_CHANGE, ComponentState.INSTALLING);
        }
        break;
      default:
        break;
    }
    boolean legacy = stalled < 0 && reconciling < 0 && !anyConditionGeneration(o);
    if (legacy && retriesExhausted(o, ready, remediated)) {
      return terminal(o, v, Rule.EXHAUSTED);
    }
    if (maxAttempts != NO_LIMIT && isFailedAttempt(reason) && attempts(o) >= maxAttempts) {
      return terminal(o, v, Rule.ATTEMPTS);
    }
    return ruled(v, FluxReasons.isSourceWait(reason) ? Rule.SOURCE_WAIT : Rule.RETRYING, ComponentState.DEGRADED);
  }

  /**
   * A failed attempt on {@code Ready=False}: a failed action or remediation, an uninstall remediation
   * summarised to Ready, or v1.4.0–v1.4.2's {@code RetryAfterInterval}.
   */
  private static boolean isFailedAttempt(String reason) {
    return FluxReasons.isFailedAttempt(reason) || FluxReasons.UNINSTALL_SUCCEEDED.equals(reason)
        || FluxReasons.RETRY_AFTER_INTERVAL.equals(reason);
  }

  /**
   * The failed attempts of the current generation, at least the one on Ready: {@code status.failures}, or
   * the install and upgrade counters when they say more; counters of an older attempted generation are not
   * this generation's.
   */
  private static long attempts(ReleaseObservation o) {
    long attempted = o.lastAttemptedGeneration();
    if (attempted > 0 && attempted != o.generation()) {
      return 1;
    }
    return Math.max(1, Math.max(o.failures(), o.installFailures() + o.upgradeFailures()));
  }

  /** v2 and v2beta2 stamp every condition with the generation it describes; v2beta1 never does. */
  private static boolean anyConditionGeneration(ReleaseObservation o) {
    for (int i = 0, n = o.conditionCount(); i < n; i++) {
      if (o.conditionObservedGeneration(i) > 0) {
        return true;
      }
    }
    return false;
  }

  /** {@link ComponentState#FAILED}, unless the user asked for a reconcile the controller has not handled. */
  private static ComponentState terminal(ReleaseObservation o, @Nullable Verdict v, Rule rule) {
    String requested = o.reconcileRequestedAt();
    if (!requested.isEmpty() && !requested.equals(o.lastHandledReconcileAt())) {
      return ruled(v, Rule.REQUESTED, ComponentState.INSTALLING);
    }
    return ruled(v, rule, ComponentState.FAILED);
  }

  private static ComponentState ruled(@Nullable Verdict v, Rule rule, ComponentState state) {
    if (v != null) {
      v.rule = rule;
    }
    return state;
  }

  /**
   * v2beta1's evidence of exhaustion (helm-controller v0.36 {@code reconcileRelease}): the "retries
   * exhausted" message, a failed remediation, or more failures than the action's retries.
   */
  private static boolean retriesExhausted(ReleaseObservation o, int ready, int remediated) {
    if (o.conditionMessage(ready).contains("retries exhausted")) {
      return true;
    }
    if (remediated >= 0 && Condition.FALSE.equals(o.conditionStatus(remediated))) {
      return true;
    }
    String reason = o.conditionReason(ready);
    boolean install = exceeded(o.installFailures(), o.installRetries());
    boolean upgrade = exceeded(o.upgradeFailures(), o.upgradeRetries());
    return switch (reason) {
      case FluxReasons.INSTALL_FAILED -> install;
      case FluxReasons.UPGRADE_FAILED -> upgrade;
      default -> install || upgrade;
    };
  }

  /** helm-controller's {@code RetriesExhausted}: negative retries never run out. */
  private static boolean exceeded(long failures, long retries) {
    return retries >= 0 && failures > retries;
  }

  private String message(ReleaseObservation o, ComponentState state, Verdict v) {
    int ready = v.ready;
    String readyMessage = ready >= 0 ? o.conditionMessage(ready) : "";
    String readyReason = ready >= 0 ? o.conditionReason(ready) : "";
    switch (v.rule) {
      case STALLED: {
        String stalled = reasoned(o.conditionReason(v.stalled), o.conditionMessage(v.stalled));
        boolean cause = ready >= 0 && !isTrue(o, ready) && !readyMessage.isEmpty();
        return cause ? stalled + "; last error " + reasoned(readyReason, readyMessage) : orDefault(stalled, state);
      }
      case EXHAUSTED:
        return "Retries exhausted, helm-controller gave up: " + reasoned(readyReason, readyMessage);
      case ATTEMPTS: {
        long attempt = attempts(o);
        String which = attemptAction(o, readyReason) + " attempt " + attempt;
        return (attempt == maxAttempts ? which + " of " + maxAttempts + " failed: "
            : which + " failed (max attempts " + maxAttempts + "): ") + failureCause(o, v);
      }
      case REQUESTED:
        return "Reconcile requested (" + o.reconcileRequestedAt()
            + "); waiting for helm-controller to retry a release it had given up on";
      case STALE:
        return isTrue(o, ready)
            ? "Upgrading to generation " + o.generation()
            : "Applying generation " + o.generation();
      case TARGET_CHANGE:
        return "Release target changed; helm-controller uninstalled the old release and installs the new one"
            + (readyMessage.isEmpty() ? "" : ": " + readyMessage);
      case SOURCE_WAIT:
        return "Waiting for the chart source, helm-controller retries: " + reasoned(readyReason, readyMessage);
      case RETRYING: {
        String retry = "helm-controller is retrying after " + failureCause(o, v);
        int rec = v.reconciling;
        if (FluxReasons.RETRY_AFTER_INTERVAL.equals(readyReason) && releasedFailure(o, v.released)) {
          retry += " (" + readyMessage + ")";
        } else if (rec >= 0 && isTrue(o, rec)) {
          String recMessage = o.conditionMessage(rec);
          if (!recMessage.isEmpty() && !recMessage.equals(readyMessage)) {
            retry += " (" + recMessage + ")";
          }
        }
        return retry;
      }
      default:
        break;
    }
    if (state == ComponentState.REMOVED || state == ComponentState.SUSPENDED) {
      return defaultMessage(state);
    }
    if (ready < 0 && v.reconciling >= 0 && state == ComponentState.INSTALLING) {
      return orDefault(o.conditionMessage(v.reconciling), state);
    }
    return orDefault(readyMessage, state);
  }

  /**
   * The error behind a failed attempt: Ready's reason and message, or for v1.4.0–v1.4.2's {@code
   * RetryAfterInterval} (whose Ready message only says when it retries) the failed {@code Released}
   * condition's.
   */
  private static String failureCause(ReleaseObservation o, Verdict v) {
    int ready = v.ready;
    String reason = o.conditionReason(ready);
    if (FluxReasons.RETRY_AFTER_INTERVAL.equals(reason) && releasedFailure(o, v.released)) {
      return reasoned(o.conditionReason(v.released), o.conditionMessage(v.released));
    }
    return reasoned(reason, o.conditionMessage(ready));
  }

  private static boolean releasedFailure(ReleaseObservation o, int released) {
    return released >= 0 && Condition.FALSE.equals(o.conditionStatus(released)) && !isStale(o, released);
  }

  /** {@code lastAttemptedReleaseAction} ({@code install}/{@code upgrade}), else the one Ready's reason names. */
  private static String attemptAction(ReleaseObservation o, String readyReason) {
    String action = o.lastAttemptedReleaseAction();
    if (action.isEmpty()) {
      action = action(o, -1, readyReason);
    }
    return action.isEmpty() ? "release" : action;
  }

  private static String reasoned(String reason, String message) {
    if (reason.isEmpty()) {
      return message;
    }
    return message.isEmpty() ? reason : reason + ": " + message;
  }

  private static String orDefault(String message, ComponentState state) {
    return message.isEmpty() ? defaultMessage(state) : message;
  }

  private static ReleaseDetails details(ReleaseObservation o, Verdict v) {
    String readyReason = v.ready >= 0 ? o.conditionReason(v.ready) : "";
    String duration = o.lastAttemptedReleaseActionDuration();
    int drifted = driftedIndex(o);
    return new ReleaseDetails(readyReason, action(o, v.reconciling, readyReason), o.chartName(), o.chartVersion(),
        o.appVersion(), o.failures(), o.installFailures(), o.upgradeFailures(), o.latestReleaseAction(),
        o.latestReleaseVersion(), duration.isEmpty() ? null : GoDuration.parse(duration),
        o.lastAttemptedRevisionDigest(), drifted >= 0, drifted >= 0 ? o.conditionMessage(drifted) : "");
  }

  /** The action in a "Running 'x' action" Reconciling message, else the one the Ready reason names. */
  private static String action(ReleaseObservation o, int rec, String readyReason) {
    if (rec >= 0 && isTrue(o, rec)) {
      String m = o.conditionMessage(rec);
      String prefix = "Running '";
      if (m.startsWith(prefix)) {
        int end = m.indexOf('\'', prefix.length());
        if (end > prefix.length()) {
          return m.substring(prefix.length(), end);
        }
      }
    }
    return switch (readyReason) {
      case FluxReasons.INSTALL_SUCCEEDED, FluxReasons.INSTALL_FAILED -> "install";
      case FluxReasons.UPGRADE_SUCCEEDED, FluxReasons.UPGRADE_FAILED -> "upgrade";
      case FluxReasons.TEST_SUCCEEDED, FluxReasons.TEST_FAILED, FluxReasons.AWAITING_TESTS -> "test";
      case FluxReasons.ROLLBACK_SUCCEEDED, FluxReasons.ROLLBACK_FAILED -> "rollback";
      case FluxReasons.UNINSTALL_SUCCEEDED, FluxReasons.UNINSTALL_FAILED -> "uninstall";
      default -> o.lastAttemptedReleaseAction();
    };
  }

  private static boolean isTrue(ReleaseObservation o, int index) {
    return Condition.TRUE.equals(o.conditionStatus(index));
  }

  private static boolean isStale(ReleaseObservation o, int index) {
    long described = o.conditionObservedGeneration(index);
    if (described <= 0) {
      described = o.observedGeneration();
    }
    return described > 0 && described < o.generation();
  }

  private static boolean isDependencyWait(String reason, String message) {
    return FluxReasons.DEPENDENCY_NOT_READY.equals(reason) || mentionsUnreadyDependency(message);
  }

  /** {@code dependency '<ns>/<name>' is not ready}, anywhere in the message; allocates nothing. */
  static boolean mentionsUnreadyDependency(String message) {
    int at = message.indexOf("dependency '");
    while (at >= 0) {
      int open = at + "dependency '".length();
      int close = message.indexOf('\'', open);
      if (close < 0) {
        return false;
      }
      int slash = message.indexOf('/', open);
      if (slash > open && slash < close - 1 && message.startsWith(" is not ready", close + 1)) {
        return true;
      }
      at = message.indexOf("dependency '", close);
    }
    return false;
  }
}
