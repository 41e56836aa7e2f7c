package io.helmwatch.core.internal.engine;

import io.helmwatch.core.ComponentState;
import io.helmwatch.core.ReleaseKey;
import io.helmwatch.core.WatchOutcome;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Decides when a finite watch is over. Counts the components by state as they change, so that the check on
 * every state change is constant time; only when everything else is terminal does it walk the pending
 * components' dependencies. Not thread-safe: the engine calls it under its gate.
 */
final class TerminationGate {
  private final ComponentTable table;
  private final int expectAtLeast;
  private int counted;
  private int terminal;
  private int failed;
  private int pending;

  TerminationGate(ComponentTable table, int expectAtLeast) {
    this.table = table;
    this.expectAtLeast = expectAtLeast;
  }

  int counted() {
    return counted;
  }

  int terminal() {
    return terminal;
  }

  /** Moves {@code t}'s contribution from its current state to {@code next}; {@code REMOVED} leaves. */
  void recount(Track t, ComponentState next) {
    if (t.counted) {
      counted--;
      if (t.state != null && t.state.isTerminal()) {
        terminal--;
      }
      if (t.state == ComponentState.FAILED) {
        failed--;
      }
      if (t.state == ComponentState.PENDING) {
        pending--;
      }
      t.counted = false;
    }
    if (next != ComponentState.REMOVED) {
      t.counted = true;
      counted++;
      if (next.isTerminal()) {
        terminal++;
      }
      if (next == ComponentState.FAILED) {
        failed++;
      }
      if (next == ComponentState.PENDING) {
        pending++;
      }
    }
  }

  /**
   * The outcome once at least {@code expectAtLeast} components are counted and all are terminal, or all
   * that are not are pending behind a failed one; otherwise {@code null}.
   */
  @Nullable WatchOutcome outcome() {
    if (counted == 0 || counted < expectAtLeast) {
      return null;
    }
    if (terminal == counted) {
      return failed > 0 ? WatchOutcome.FAILED : WatchOutcome.READY;
    }
    if (failed > 0 && terminal + pending == counted && pendingAllBlockedByFailure()) {
      return WatchOutcome.FAILED;
    }
    return null;
  }

  /**
   * Whether every pending component waits, directly or through other waiting components, on a failed one:
   * helm-controller never installs those, so waiting for them would only end in a timeout.
   */
  private boolean pendingAllBlockedByFailure() {
    Map<ReleaseKey, Boolean> blocked = new HashMap<>();
    for (Track t : table.all()) {
      if (t.counted && t.state == ComponentState.PENDING && !isBlocked(t, blocked)) {
        return false;
      }
    }
    return true;
  }

  private boolean isBlocked(Track t, Map<ReleaseKey, Boolean> memo) {
    Boolean known = memo.get(t.key);
    if (known != null) {
      return known;
    }
    memo.put(t.key, false); // a dependency cycle blocks nothing
    boolean result = false;
    for (ReleaseKey dep : t.dependsOn) {
      Track d = table.get(dep);
      if (d != null && d.counted && (d.state == ComponentState.FAILED
          || (d.state == ComponentState.PENDING && isBlocked(d, memo)))) {
        result = true;
        break;
      }
    }
    memo.put(t.key, result);
    return result;
  }
}
