package io.helmwatch.core.flux;

import io.helmwatch.core.ComponentState;
import io.helmwatch.core.Condition;
import io.helmwatch.core.Derivation;
import io.helmwatch.core.EventLevel;
import io.helmwatch.core.ReleaseObservation;
import io.helmwatch.core.StateDeriver;

/**
 * Derives a {@link ComponentState} from a Flux HelmRelease ({@code helm.toolkit.fluxcd.io} v2, v2beta2,
 * v2beta1), in this order:
 *
 * <ol>
 *   <li>deletion pending: {@link ComponentState#REMOVED};
 *   <li>{@code spec.suspend: true}: {@link ComponentState#SUSPENDED};
 *   <li>{@code Stalled=True} for the current generation: {@link ComponentState#FAILED} (helm-controller gave
 *       up: {@code RetriesExceeded}, {@code MissingRollbackTarget}, ...);
 *   <li>no {@code Ready} condition: {@link ComponentState#PENDING};
 *   <li>{@code Ready} that describes an older generation than {@code metadata.generation}: {@link
 *       ComponentState#INSTALLING} (an upgrade the controller has not finished), except a dependency wait,
 *       which stays {@link ComponentState#PENDING};
 *   <li>{@code Ready=True}: {@link ComponentState#INSTALLED};
 *   <li>{@code Ready=Unknown} (or any status other than True/False): {@link ComponentState#INSTALLING};
 *   <li>{@code Ready=False}: a dependency wait ({@code DependencyNotReady}, or a message {@code dependency
 *       'ns/name' is not ready}) is {@link ComponentState#PENDING}; a failed action is {@link
 *       ComponentState#FAILED}; a reconcile in progress is {@link ComponentState#INSTALLING}; anything else
 *       is {@link ComponentState#DEGRADED}, which Flux retries.
 * </ol>
 *
 * <p>The generation a condition describes is its own {@code observedGeneration}, or {@code
 * status.observedGeneration} when the condition has none. When neither is known the condition is taken as
 * current: helm-controller always writes them, so only hand-made objects lack both.
 *
 * <p>{@link #state} allocates nothing. The deriver is stateless and thread-safe.
 */
public final class FluxHelmReleaseDeriver implements StateDeriver {

  /** The condition that decides. */
  public static final String READY = "Ready";
  /** Set {@code True} by helm-controller when it stops retrying. */
  public static final String STALLED = "Stalled";

  private static final FluxHelmReleaseDeriver INSTANCE = new FluxHelmReleaseDeriver();

  private FluxHelmReleaseDeriver() {}

  public static FluxHelmReleaseDeriver instance() {
    return INSTANCE;
  }

  @Override
  public ComponentState state(ReleaseObservation o) {
    if (o.deletionPending()) {
      return ComponentState.REMOVED;
    }
    if (o.suspended()) {
      return ComponentState.SUSPENDED;
    }
    // One pass for both conditions: on the churn path, reading the object is most of the cost.
    int ready = -1;
    int stalled = -1;
    int n = o.conditionCount();
    for (int i = 0; i < n && (ready < 0 || stalled < 0); i++) {
      String type = o.conditionType(i);
      if (ready < 0 && READY.equals(type)) {
        ready = i;
      } else if (stalled < 0 && STALLED.equals(type)) {
        stalled = i;
      }
    }
    if (stalled >= 0 && Condition.TRUE.equals(o.conditionStatus(stalled)) && !isStale(o, stalled)) {
      return ComponentState.FAILED;
    }
    if (ready < 0) {
      return ComponentState.PENDING;
    }
    String status = o.conditionStatus(ready);
    String reason = o.conditionReason(ready);
    boolean dependencyWait =
        Condition.FALSE.equals(status) && isDependencyWait(reason, o.conditionMessage(ready));
    if (dependencyWait) {
      return ComponentState.PENDING;
    }
    if (isStale(o, ready)) {
      return ComponentState.INSTALLING;
    }
    if (Condition.TRUE.equals(status)) {
      return ComponentState.INSTALLED;
    }
    if (!Condition.FALSE.equals(status)) {
      return ComponentState.INSTALLING;
    }
    return falseReasonState(reason);
  }

  @Override
  public Derivation derive(ReleaseObservation o) {
    ComponentState state = state(o);
    String message = messageFor(o, state);
    return new Derivation(state, EventLevel.of(state), message);
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

  private static String messageFor(ReleaseObservation o, ComponentState state) {
    if (state == ComponentState.FAILED) {
      int stalled = o.indexOfCondition(STALLED);
      if (stalled >= 0 && Condition.TRUE.equals(o.conditionStatus(stalled))) {
        String m = o.conditionMessage(stalled);
        if (!m.isEmpty()) {
          return m;
        }
      }
    }
    if (state != ComponentState.REMOVED && state != ComponentState.SUSPENDED) {
      int ready = o.indexOfCondition(READY);
      if (ready >= 0) {
        if (state == ComponentState.INSTALLING
            && Condition.TRUE.equals(o.conditionStatus(ready))
            && isStale(o, ready)) {
          return "Upgrading to generation " + o.generation();
        }
        String m = o.conditionMessage(ready);
        if (!m.isEmpty()) {
          return m;
        }
      }
    }
    return defaultMessage(state);
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

  private static ComponentState falseReasonState(String reason) {
    switch (reason) {
      case FluxReasons.INSTALL_FAILED:
      case FluxReasons.UPGRADE_FAILED:
      case FluxReasons.TEST_FAILED:
      case FluxReasons.ROLLBACK_SUCCEEDED:
      case FluxReasons.ROLLBACK_FAILED:
      case FluxReasons.UNINSTALL_SUCCEEDED:
      case FluxReasons.UNINSTALL_FAILED:
      case FluxReasons.ARTIFACT_FAILED:
      case FluxReasons.CHART_PULL_ERROR:
      case FluxReasons.CHART_LOAD_ERROR:
        return ComponentState.FAILED;
      case FluxReasons.PROGRESSING:
      case FluxReasons.RECONCILE_STARTED:
      case FluxReasons.HEALTH_CHECK_CANCELED:
        return ComponentState.INSTALLING;
      default:
        return ComponentState.DEGRADED;
    }
  }
}
