package io.helmwatch.core.internal.engine;

import io.helmwatch.core.Condition;
import io.helmwatch.core.ComponentState;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The text of a {@code STUCK} notice: the component, its state, how long it has been in it, the threshold and
 * where that came from, and what the release shows (HELMRELEASE-STATUS.md (b), (f)). The strongest evidence
 * comes first: Helm's own record of a deployed release for the generation helm-controller last attempted,
 * while Ready is not True, which is what helm-controller before v1.5.0 could leave behind for good.
 */
final class StuckMessage {
  /** What Helm records in {@code status.history[].status} for a release that is live. */
  static final String DEPLOYED = "deployed";

  private StuckMessage() {}

  /** The message for {@code t}'s stay, as of {@code now}. Under the gate. */
  static String of(Track t, Instant now) {
    ComponentState state = t.state;
    Instant since = t.stateSince;
    Duration stay = since == null || since.isAfter(now) ? Duration.ZERO : Duration.between(since, now);
    StringBuilder b = new StringBuilder(256);
    b.append(t.id.value()).append(" (").append(t.key.namespace()).append('/').append(t.key.name())
        .append(") has been ").append(state == null ? "unknown" : state.wireName()).append(" for ")
        .append(human(stay)).append(" (stuck after ").append(human(threshold(t)));
    if (t.stuckAfterFromTimeout) {
      b.append(", twice spec.timeout ").append(t.specTimeout);
    }
    b.append("): ");
    evidence(b, t);
    return b.toString();
  }

  private static void evidence(StringBuilder b, Track t) {
    boolean readyTrue = Condition.TRUE.equals(t.readyStatus);
    boolean attemptedCurrent = t.lastAttemptedGeneration != 0 && t.lastAttemptedGeneration == t.generation;
    if (DEPLOYED.equals(t.latestReleaseStatus) && attemptedCurrent && !readyTrue) {
      b.append("history[0].status=deployed for the current generation ").append(t.generation)
          .append(" while Ready is not True; helm-controller has not recorded the finished action"
              + " (fixed in helm-controller v1.5.0, fluxcd/helm-controller#1409); ");
    } else if (!t.latestReleaseStatus.isEmpty()) {
      b.append("history[0].status=").append(t.latestReleaseStatus).append("; ");
    }
    if (t.readyStatus.isEmpty()) {
      b.append("no Ready condition");
    } else {
      b.append("Ready=").append(t.readyStatus);
      if (!t.readyReason.isEmpty()) {
        b.append('/').append(t.readyReason);
      }
      if (!t.readyMessage.isEmpty()) {
        b.append(" \"").append(t.readyMessage).append('"');
      }
    }
    b.append("; observedGeneration=").append(t.observedGeneration).append(", generation=").append(t.generation);
    if (t.observedGeneration != t.generation) {
      b.append(" (the current spec is not reconciled yet)");
    }
    if (t.lastAttemptedGeneration != 0) {
      b.append(", lastAttemptedGeneration=").append(t.lastAttemptedGeneration);
    }
  }

  private static Duration threshold(Track t) {
    @Nullable Duration threshold = t.stuckAfter;
    return threshold == null ? WatchEngine.DEFAULT_STUCK_AFTER : threshold;
  }

  /** {@code 1h5m}, {@code 10m}, {@code 45s}, {@code 250ms}: the largest units that are not zero. */
  static String human(Duration d) {
    if (d.compareTo(Duration.ofSeconds(1)) < 0) {
      return d.toMillis() + "ms";
    }
    long seconds = d.getSeconds();
    long h = seconds / 3600;
    long m = seconds % 3600 / 60;
    long s = seconds % 60;
    StringBuilder b = new StringBuilder();
    if (h > 0) {
      b.append(h).append('h');
    }
    if (m > 0) {
      b.append(m).append('m');
    }
    if (s > 0 || b.length() == 0) {
      b.append(s).append('s');
    }
    return b.toString();
  }
}
