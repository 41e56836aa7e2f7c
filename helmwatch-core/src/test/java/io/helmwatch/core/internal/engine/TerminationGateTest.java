package io.helmwatch.core.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.helmwatch.core.ComponentNamer;
import io.helmwatch.core.ComponentState;
import io.helmwatch.core.ReleaseFilter;
import io.helmwatch.core.ReleaseKey;
import io.helmwatch.core.WatchOutcome;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TerminationGateTest {
  private final ComponentTable table = new ComponentTable(ComponentNamer.releaseName(), ReleaseFilter.all(), Map.of());

  private Track track(String name, ReleaseKey... dependsOn) {
    ReleaseKey key = new ReleaseKey("primary", "flux-system", name);
    Track t = table.getOrAdd(key);
    t.dependsOn = java.util.List.of(dependsOn);
    return t;
  }

  private static void move(TerminationGate gate, Track t, ComponentState next) {
    gate.recount(t, next);
    t.state = next;
  }

  @Test
  void waitsForTheExpectedCountThenEndsReadyWhenAllAreInstalled() {
    TerminationGate gate = new TerminationGate(table, 2);
    Track a = track("a");
    move(gate, a, ComponentState.INSTALLED);
    assertThat(gate.outcome()).as("one of two expected").isNull();
    Track b = track("b");
    move(gate, b, ComponentState.INSTALLING);
    assertThat(gate.outcome()).isNull();
    move(gate, b, ComponentState.INSTALLED);
    assertThat(gate.outcome()).isEqualTo(WatchOutcome.READY);
  }

  @Test
  void aRemovedComponentLeavesTheCount() {
    TerminationGate gate = new TerminationGate(table, 1);
    Track a = track("a");
    Track b = track("b");
    move(gate, a, ComponentState.INSTALLED);
    move(gate, b, ComponentState.INSTALLING);
    assertThat(gate.outcome()).isNull();
    move(gate, b, ComponentState.REMOVED);
    assertThat(gate.counted()).isEqualTo(1);
    assertThat(gate.outcome()).isEqualTo(WatchOutcome.READY);
  }

  @Test
  void pendingBehindAFailureThroughAChainEndsFailed() {
    TerminationGate gate = new TerminationGate(table, 1);
    Track base = track("base");
    Track middle = track("middle", base.key);
    Track top = track("top", middle.key);
    move(gate, base, ComponentState.FAILED);
    move(gate, middle, ComponentState.PENDING);
    move(gate, top, ComponentState.PENDING);
    assertThat(gate.outcome()).isEqualTo(WatchOutcome.FAILED);
  }

  @Test
  void aPendingComponentThatWaitsOnNothingFailedKeepsTheWatchOpen() {
    TerminationGate gate = new TerminationGate(table, 1);
    Track failed = track("failed");
    Track other = track("other");
    Track waiting = track("waiting", other.key);
    move(gate, failed, ComponentState.FAILED);
    move(gate, other, ComponentState.PENDING);
    move(gate, waiting, ComponentState.PENDING);
    assertThat(gate.outcome()).isNull();
  }

  @Test
  void aDependencyCycleBlocksNothing() {
    TerminationGate gate = new TerminationGate(table, 1);
    ReleaseKey bKey = new ReleaseKey("primary", "flux-system", "b");
    Track a = track("a", bKey);
    Track b = track("b", a.key);
    Track failed = track("failed");
    move(gate, failed, ComponentState.FAILED);
    move(gate, a, ComponentState.PENDING);
    move(gate, b, ComponentState.PENDING);
    assertThat(gate.outcome()).isNull();
  }
}
