package io.helmwatch.core.internal.lane;

import static org.assertj.core.api.Assertions.assertThat;

import io.helmwatch.core.ComponentEvent;
import io.helmwatch.core.ComponentId;
import io.helmwatch.core.ComponentState;
import io.helmwatch.core.EmissionCause;
import io.helmwatch.core.EventLevel;
import io.helmwatch.core.ReleaseKey;
import io.helmwatch.core.WatchNotice;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What an offer costs on a saturated queue, counted in entries visited ({@link LaneQueue#visits()}), not
 * timed: a backed-up lane with many components must not make a notice cost components times queue length.
 */
class LaneQueueCostTest {
  private static final int CAPACITY = 16;

  private static ComponentEvent event(int component, ComponentState state) {
    return new ComponentEvent(ComponentId.of("c" + component), ReleaseKey.of("flux-system", "c" + component),
        state, null, EmissionCause.TRANSITION, EventLevel.INFO, "m", Instant.EPOCH, List.of());
  }

  private static WatchNotice sourceError() {
    return new WatchNotice(WatchNotice.Kind.SOURCE_ERROR, EventLevel.WARN, "watch failed", Instant.EPOCH, null);
  }

  private static void eventForEach(LaneQueue q, int components, ComponentState state) {
    for (int c = 0; c < components; c++) {
      q.add(event(c, state));
    }
  }

  @Test
  void aNoticeReplacingAnotherOnASaturatedQueueVisitsAtMostTheEntriesItMerges() {
    int components = 20_000;
    LaneQueue q = new LaneQueue(CAPACITY);
    eventForEach(q, components, ComponentState.INSTALLING);
    q.add(sourceError());
    eventForEach(q, components, ComponentState.INSTALLED);

    long before = q.visits();
    q.add(sourceError());
    long cost = q.visits() - before;

    assertThat(cost).as("entries visited by one notice with %d components queued twice", components)
        .isLessThanOrEqualTo(3L * components);
    assertThat(q.coalesced()).as("each component's two slots merged, and the two notices")
        .isEqualTo(components - CAPACITY + 1L);
  }

  @Test
  void aFlappingSourceOnABackedUpLaneCostsAmortisedLittlePerOffer() {
    int components = 2_000;
    int rounds = 50;
    LaneQueue q = new LaneQueue(CAPACITY);
    long offers = 0;
    for (int round = 0; round < rounds; round++) {
      eventForEach(q, components, round % 2 == 0 ? ComponentState.INSTALLING : ComponentState.INSTALLED);
      q.add(sourceError());
      offers += components + 1;
      q.poll(); // the blocked sink takes one entry now and then
    }

    assertThat(q.visits()).as("entries visited by %d offers", offers).isLessThanOrEqualTo(4L * offers);
    int bound = CAPACITY + 2 * components + 1;
    assertThat(q.size()).isLessThanOrEqualTo(bound);
    assertThat(q.footprint()).as("the deque, dead entries included").isLessThanOrEqualTo(2 * bound + LaneQueue.COMPACT_AT);
  }

  @Test
  void aFlappingSourceOnABackedUpLaneStillDeliversEachComponentsNewestStateAfterTheNotices() {
    int components = 2_000;
    LaneQueue q = new LaneQueue(CAPACITY);
    for (int round = 0; round < 10; round++) {
      eventForEach(q, components, round % 2 == 0 ? ComponentState.INSTALLING : ComponentState.INSTALLED);
      q.add(sourceError());
    }
    q.add(event(7, ComponentState.DEGRADED));

    java.util.Map<String, ComponentState> last = new java.util.HashMap<>();
    int notices = 0;
    for (Object o = q.poll(); o != null; o = q.poll()) {
      if (o instanceof ComponentEvent e) {
        last.put(e.component().value(), e.state());
      } else {
        notices++;
        assertThat(last).as("the notice follows every component's events before it").hasSize(components);
      }
    }
    assertThat(notices).as("one notice left of the ten").isEqualTo(1);
    assertThat(last.get("c7")).isEqualTo(ComponentState.DEGRADED);
    assertThat(last.get("c8")).isEqualTo(ComponentState.INSTALLED);
    assertThat(q.size()).isZero();
    assertThat(q.footprint()).isZero();
  }
}
