package io.helmwatch.core.internal.engine;

import io.helmwatch.core.ComponentState;
import io.helmwatch.core.ReleaseKey;
import io.helmwatch.core.WatchOutcome;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
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
   * helm-controller never installs those, so waiting for them would only end in a timeout. A depth-first walk
   * with its own stack, so that a dependency chain of any length needs no thread stack.
   */
  private boolean pendingAllBlockedByFailure() {
    Map<Track, Boolean> blocked = new HashMap<>();
    ArrayDeque<Walk> stack = new ArrayDeque<>();
    for (Track t : table.all()) {
      if (t.counted && t.state == ComponentState.PENDING && !isBlocked(t, blocked, stack)) {
        return false;
      }
    }
    return true;
  }

  /** One pending track on the walk's stack, and how many of its dependencies were looked at. */
  private static final class Walk {
    final Track track;
    int next;

    Walk(Track track) {
      this.track = track;
    }
  }

  /**
   * Whether {@code start} is blocked by a failure. A track on the walk's stack counts as not blocked when met
   * again: a dependency cycle blocks nothing.
   */
  private boolean isBlocked(Track start, Map<Track, Boolean> memo, ArrayDeque<Walk> stack) {
    Boolean known = memo.get(start);
    if (known != null) {
      return known;
    }
    memo.put(start, false);
    stack.push(new Walk(start));
    boolean childBlocked = false;
    while (!stack.isEmpty()) {
      Walk w = stack.peek();
      List<ReleaseKey> deps = w.track.dependsOn;
      boolean blocked = childBlocked;
      childBlocked = false;
      Track descend = null;
      while (!blocked && descend == null && w.next < deps.size()) {
        Track d = table.get(deps.get(w.next++));
        if (d == null || !d.counted) {
          continue;
        }
        if (d.state == ComponentState.FAILED) {
          blocked = true;
        } else if (d.state == ComponentState.PENDING) {
          Boolean seen = memo.get(d);
          if (seen == null) {
            descend = d;
          } else {
            blocked = seen;
          }
        }
      }
      if (descend != null) {
        memo.put(descend, false);
        stack.push(new Walk(descend));
        continue;
      }
      stack.pop();
      memo.put(w.track, blocked);
      childBlocked = blocked;
    }
    return childBlocked;
  }
}
