package io.helmwatch.core.internal.lane;

import static org.assertj.core.api.Assertions.assertThat;

import io.helmwatch.core.ComponentEvent;
import io.helmwatch.core.ComponentId;
import io.helmwatch.core.ComponentSnapshot;
import io.helmwatch.core.ComponentState;
import io.helmwatch.core.EmissionCause;
import io.helmwatch.core.EventLevel;
import io.helmwatch.core.ReleaseDetails;
import io.helmwatch.core.ReleaseKey;
import io.helmwatch.core.WatchNotice;
import io.helmwatch.core.WatchOutcome;
import io.helmwatch.core.WatchResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LaneQueueTest {
  private static final ComponentState[] STATES = ComponentState.values();

  private static ComponentEvent event(String component, ComponentState state, ComponentState previous, long seq) {
    return new ComponentEvent(ComponentId.of(component), ReleaseKey.of("flux-system", component), state, previous,
        EmissionCause.TRANSITION, EventLevel.INFO, "s" + seq, Instant.EPOCH, List.of());
  }

  private static long seqOf(Object item) {
    String message;
    if (item instanceof ComponentEvent e) {
      message = e.message();
    } else if (item instanceof WatchNotice n) {
      message = n.message();
    } else if (item instanceof LaneQueue.Snapshot s) {
      message = s.components().get(0).message();
    } else {
      return Long.MAX_VALUE;
    }
    return Long.parseLong(message.substring(1));
  }

  private static final ReleaseDetails DRIFTED = ReleaseDetails.NONE.withDrift(true, "Deployment/a/a changed");

  /** An event of {@code cause} whose details say whether the release is {@code drifted}. */
  private static ComponentEvent event(String component, ComponentState state, ComponentState previous,
      EmissionCause cause, boolean drifted, long seq) {
    return new ComponentEvent(ComponentId.of(component), ReleaseKey.of("flux-system", component), state, previous,
        cause, EventLevel.INFO, "s" + seq, Instant.EPOCH, List.of(), drifted ? DRIFTED : ReleaseDetails.NONE);
  }

  private static List<Object> drain(LaneQueue q) {
    List<Object> out = new ArrayList<>();
    for (Object o = q.poll(); o != null; o = q.poll()) {
      out.add(o);
    }
    return out;
  }

  @Test
  void aDriftDetectedAndCorrectedWhileQueuedCancelsOut() {
    LaneQueue q = new LaneQueue(1);
    q.add(event("other", ComponentState.PENDING, null, 0));
    // the sink saw a installed and not drifted; it drifted and was corrected while the lane was full
    q.add(event("a", ComponentState.INSTALLED, ComponentState.INSTALLED, EmissionCause.DRIFT_DETECTED, true, 1));
    q.add(event("a", ComponentState.INSTALLED, ComponentState.INSTALLED, EmissionCause.DRIFT_CORRECTED, false, 2));
    assertThat(drain(q)).extracting(LaneQueueTest::seqOf).containsExactly(0L);
    assertThat(q.coalesced()).isEqualTo(2);
  }

  @Test
  void aDriftThatOutlivesATransitionAndItsUndoingIsDelivered() {
    LaneQueue q = new LaneQueue(1);
    q.add(event("other", ComponentState.PENDING, null, 0));
    // installed and not drifted as the sink saw it; drift is corrected (installing), found again, then installed
    q.add(event("a", ComponentState.INSTALLING, ComponentState.INSTALLED, EmissionCause.TRANSITION, false, 1));
    q.add(event("a", ComponentState.INSTALLING, ComponentState.INSTALLING, EmissionCause.DRIFT_DETECTED, true, 2));
    q.add(event("a", ComponentState.INSTALLED, ComponentState.INSTALLING, EmissionCause.TRANSITION, true, 3));
    List<Object> out = drain(q);
    assertThat(out).hasSize(2);
    ComponentEvent merged = (ComponentEvent) out.get(1);
    assertThat(merged.cause()).isEqualTo(EmissionCause.DRIFT_DETECTED);
    assertThat(merged.previous()).isEqualTo(ComponentState.INSTALLED);
    assertThat(merged.state()).isEqualTo(ComponentState.INSTALLED);
    assertThat(merged.details().drifted()).isTrue();
    assertThat(merged.message()).isEqualTo("s3");
  }

  @Test
  void aDriftMergedWithATransitionKeepsTheTransitionAndTheDrift() {
    LaneQueue q = new LaneQueue(1);
    q.add(event("other", ComponentState.PENDING, null, 0));
    q.add(event("a", ComponentState.DEGRADED, ComponentState.INSTALLED, EmissionCause.TRANSITION, false, 1));
    q.add(event("a", ComponentState.DEGRADED, ComponentState.DEGRADED, EmissionCause.DRIFT_DETECTED, true, 2));
    ComponentEvent merged = (ComponentEvent) drain(q).get(1);
    assertThat(merged.cause()).isEqualTo(EmissionCause.TRANSITION);
    assertThat(merged.previous()).isEqualTo(ComponentState.INSTALLED);
    assertThat(merged.state()).isEqualTo(ComponentState.DEGRADED);
    assertThat(merged.details().drifted()).isTrue();
  }

  @Test
  void aCorrectionThatUndoesADriftTheSinkSawIsDelivered() {
    LaneQueue q = new LaneQueue(1);
    q.add(event("other", ComponentState.PENDING, null, 0));
    // the sink saw a drifted; a transition and its undoing came with the correction
    q.add(event("a", ComponentState.INSTALLING, ComponentState.INSTALLED, EmissionCause.TRANSITION, true, 1));
    q.add(event("a", ComponentState.INSTALLING, ComponentState.INSTALLING, EmissionCause.DRIFT_CORRECTED, false, 2));
    q.add(event("a", ComponentState.INSTALLED, ComponentState.INSTALLING, EmissionCause.TRANSITION, false, 3));
    ComponentEvent merged = (ComponentEvent) drain(q).get(1);
    assertThat(merged.cause()).isEqualTo(EmissionCause.DRIFT_CORRECTED);
    assertThat(merged.details().drifted()).isFalse();
  }

  @Test
  void belowCapacityEverythingIsKeptInOrder() {
    LaneQueue q = new LaneQueue(10);
    for (int i = 0; i < 5; i++) {
      q.add(event("a", ComponentState.INSTALLING, ComponentState.PENDING, i));
    }
    List<Long> out = new ArrayList<>();
    for (Object o = q.poll(); o != null; o = q.poll()) {
      out.add(seqOf(o));
    }
    assertThat(out).containsExactly(0L, 1L, 2L, 3L, 4L);
    assertThat(q.coalesced()).isZero();
  }

  @Test
  void fullQueueCoalescesToNewestPerComponentKeepingTheFirstPrevious() {
    LaneQueue q = new LaneQueue(1);
    q.add(event("a", ComponentState.PENDING, null, 0));
    q.add(event("a", ComponentState.INSTALLING, ComponentState.PENDING, 1));
    q.add(event("a", ComponentState.DEGRADED, ComponentState.INSTALLING, 2));
    q.add(event("a", ComponentState.INSTALLED, ComponentState.DEGRADED, 3));
    assertThat(q.size()).isEqualTo(2);
    assertThat(q.coalesced()).isEqualTo(2);
    q.poll();
    ComponentEvent merged = (ComponentEvent) q.poll();
    assertThat(merged.state()).isEqualTo(ComponentState.INSTALLED);
    assertThat(merged.previous()).isEqualTo(ComponentState.PENDING);
    assertThat(merged.message()).isEqualTo("s3");
  }

  @Test
  void aStateThatWentAndCameBackWhileQueuedIsNotDeliveredAsARepeat() {
    LaneQueue q = new LaneQueue(1);
    q.add(event("other", ComponentState.PENDING, null, 0));
    // the sink saw a INSTALLING; it degraded and recovered while the lane was full
    q.add(event("a", ComponentState.DEGRADED, ComponentState.INSTALLING, 1));
    q.add(event("a", ComponentState.INSTALLING, ComponentState.DEGRADED, 2));
    assertThat(q.size()).isEqualTo(1);
    assertThat(seqOf(q.poll())).isZero();
    assertThat(q.poll()).as("nothing changed for a since the sink last saw it").isNull();
    assertThat(q.coalesced()).isEqualTo(2);
  }

  @Test
  void aStateThatCameBackAcrossAReplacedBarrierIsNotDeliveredAsARepeat() {
    LaneQueue q = new LaneQueue(1);
    q.add(event("other", ComponentState.PENDING, null, 0));
    q.add(event("a", ComponentState.DEGRADED, ComponentState.INSTALLING, 1));
    q.add(new WatchNotice(WatchNotice.Kind.SOURCE_ERROR, EventLevel.WARN, "s2", Instant.EPOCH, "x"));
    q.add(event("a", ComponentState.INSTALLING, ComponentState.DEGRADED, 3));
    q.add(new WatchNotice(WatchNotice.Kind.SOURCE_ERROR, EventLevel.WARN, "s4", Instant.EPOCH, "x"));
    List<Long> out = new ArrayList<>();
    for (Object o = q.poll(); o != null; o = q.poll()) {
      out.add(seqOf(o));
    }
    assertThat(out).containsExactly(0L, 4L);
  }

  @Test
  void aComponentFlappingInAFullLaneKeepsTheQueueBounded() {
    LaneQueue q = new LaneQueue(1);
    q.add(event("other", ComponentState.PENDING, null, 0));
    for (int i = 1; i <= 10_000; i++) {
      boolean down = i % 2 == 1;
      q.add(event("a", down ? ComponentState.DEGRADED : ComponentState.INSTALLING,
          down ? ComponentState.INSTALLING : ComponentState.DEGRADED, i));
    }
    assertThat(q.size()).isEqualTo(1);
    assertThat(q.footprint()).isLessThanOrEqualTo(2 + LaneQueue.COMPACT_AT + 1);
  }

  @Test
  void aMergedEventKeepsTheNewerEventsDetails() {
    LaneQueue q = new LaneQueue(1);
    q.add(event("other", ComponentState.PENDING, null, 0));
    ReleaseDetails upgraded = new ReleaseDetails("UpgradeSucceeded", "upgrade", "cilium", "1.16.0", "1.16.0", 0, 0, 0);
    q.add(event("a", ComponentState.INSTALLING, ComponentState.PENDING, 1));
    ComponentEvent newer = event("a", ComponentState.INSTALLED, ComponentState.INSTALLING, 2);
    q.add(new ComponentEvent(newer.component(), newer.release(), newer.state(), newer.previous(), newer.cause(),
        newer.level(), newer.message(), newer.time(), newer.dependsOn(), upgraded));
    q.poll();
    ComponentEvent merged = (ComponentEvent) q.poll();
    assertThat(q.coalesced()).isEqualTo(1);
    assertThat(merged.previous()).isEqualTo(ComponentState.PENDING);
    assertThat(merged.details()).isEqualTo(upgraded);
  }

  @Test
  void aMergedEventKeepsTheNewerEventsRecovery() {
    LaneQueue q = new LaneQueue(1);
    q.add(event("other", ComponentState.PENDING, null, 0));
    q.add(event("a", ComponentState.INSTALLING, ComponentState.DEGRADED, 1));
    ComponentEvent newer = event("a", ComponentState.INSTALLED, ComponentState.INSTALLING, 2);
    java.time.Duration recovered = java.time.Duration.ofMinutes(7);
    q.add(new ComponentEvent(newer.component(), newer.release(), newer.state(), newer.previous(), newer.cause(),
        newer.level(), newer.message(), newer.time(), newer.dependsOn(), newer.details(), newer.id(), null,
        recovered));
    q.poll();
    ComponentEvent merged = (ComponentEvent) q.poll();
    assertThat(q.coalesced()).isEqualTo(1);
    assertThat(merged.previous()).isEqualTo(ComponentState.DEGRADED);
    assertThat(merged.recovered()).isEqualTo(recovered);
  }

  @Test
  void aSnapshotIsNeverOvertakenByAnEventThatFollowedIt() {
    LaneQueue q = new LaneQueue(1);
    q.add(event("a", ComponentState.PENDING, null, 0));
    q.add(event("a", ComponentState.INSTALLING, ComponentState.PENDING, 1));
    q.add(new LaneQueue.Snapshot(List.of(snapshot(2))));
    q.add(event("a", ComponentState.INSTALLED, ComponentState.INSTALLING, 3));
    List<Long> out = new ArrayList<>();
    for (Object o = q.poll(); o != null; o = q.poll()) {
      out.add(seqOf(o));
    }
    assertThat(out).containsExactly(0L, 1L, 2L, 3L);
  }

  /**
   * A seeded random mix of events, notices, snapshots and partial draining: per-component order and the
   * newest state are kept, barriers follow what preceded them, and the size never passes the bound.
   */
  @Test
  void randomTrafficKeepsOrderNewestStateBarrierOrderAndTheMemoryBound() {
    for (long seed = 1; seed <= 120; seed++) {
      Random random = new Random(seed);
      int capacity = 1 + random.nextInt(8);
      int components = 1 + random.nextInt(seed <= 30 ? 6 : 60);
      int barrierKeys = 1 + 2 * 2; // snapshot + 2 kinds x 2 clusters
      int bound = capacity + (barrierKeys + 1 + 1) * components + barrierKeys + 1;
      LaneQueue q = new LaneQueue(capacity);
      Map<String, ComponentState> state = new HashMap<>();
      List<Object> delivered = new ArrayList<>();
      long seq = 0;
      for (int step = 0; step < 3000; step++) {
        int r = random.nextInt(100);
        if (r < 70) {
          String c = "c" + random.nextInt(components);
          ComponentState next = STATES[random.nextInt(STATES.length)];
          q.add(event(c, next, state.get(c), seq));
          state.put(c, next);
        } else if (r < 78) {
          WatchNotice.Kind kind = random.nextBoolean() ? WatchNotice.Kind.SOURCE_ERROR : WatchNotice.Kind.TIMEOUT;
          q.add(new WatchNotice(kind, EventLevel.WARN, "s" + seq, Instant.EPOCH, random.nextBoolean() ? "x" : "y"));
        } else if (r < 84) {
          q.add(new LaneQueue.Snapshot(List.of(snapshot(seq))));
        } else if (random.nextInt(4) == 0) {
          Object o = q.poll();
          if (o != null) {
            delivered.add(o);
          }
        }
        seq++;
        if (q.size() > bound) {
          throw new AssertionError("seed " + seed + " step " + step + ": " + q.size() + " entries > bound " + bound);
        }
        if (q.footprint() > 2 * bound + LaneQueue.COMPACT_AT) {
          throw new AssertionError("seed " + seed + " step " + step + ": the deque holds " + q.footprint()
              + " entries, dead ones included, > twice the bound " + bound + " + " + LaneQueue.COMPACT_AT);
        }
      }
      q.add(new WatchResult(WatchOutcome.CANCELLED, Map.of()));
      for (Object o = q.poll(); o != null; o = q.poll()) {
        delivered.add(o);
      }
      assertThat(delivered.get(delivered.size() - 1)).isInstanceOf(WatchResult.class);
      Map<String, Long> lastSeen = new HashMap<>();
      long lastBarrier = -1;
      for (Object o : delivered) {
        long s = seqOf(o);
        if (o instanceof ComponentEvent e) {
          String c = e.component().value();
          assertThat(s).as("seed %d: %s in order", seed, c).isGreaterThan(lastSeen.getOrDefault(c, -1L));
          assertThat(s).as("seed %d: event after a barrier it preceded", seed).isGreaterThan(lastBarrier);
          lastSeen.put(c, s);
        } else if (o instanceof WatchResult) {
          continue;
        } else {
          for (long seen : lastSeen.values()) {
            assertThat(seen).as("seed %d: barrier after the events before it", seed).isLessThan(s);
          }
          lastBarrier = s;
        }
      }
      Map<String, ComponentState> lastState = new HashMap<>();
      for (Object o : delivered) {
        if (o instanceof ComponentEvent e) {
          lastState.put(e.component().value(), e.state());
        }
      }
      assertThat(lastState).as("seed %d: newest state of every component arrives", seed).isEqualTo(state);
    }
  }

  private static ComponentSnapshot snapshot(long seq) {
    return new ComponentSnapshot(ComponentId.of("snap"), ComponentState.PENDING, ReleaseKey.of("ns", "snap"), null,
        "s" + seq, List.of());
  }
}
