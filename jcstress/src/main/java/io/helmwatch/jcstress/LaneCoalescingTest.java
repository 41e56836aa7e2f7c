package io.helmwatch.jcstress;

import static io.helmwatch.core.ComponentState.DEGRADED;
import static io.helmwatch.core.ComponentState.INSTALLED;
import static io.helmwatch.core.ComponentState.INSTALLING;
import static io.helmwatch.core.ComponentState.PENDING;

import io.helmwatch.core.ComponentEvent;
import io.helmwatch.core.EventSink;
import io.helmwatch.core.internal.lane.DeliveryLane;
import io.helmwatch.core.LaneOptions;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.LI_Result;

/**
 * Two producers offer an event for the same component {@code c} to a saturated {@link DeliveryLane}
 * (capacity 1) while its thread starts draining. The lane thread is held in the sink on a gate event until
 * producer 1 has offered {@code A} and a noise event after it, so {@code A} lands in {@code c}'s coalescing
 * slot, and then drains concurrently with producer 2's {@code B}.
 *
 * <p>{@code A} is installing after pending, {@code B} installed after degraded; a merged event has the
 * newer's state and the older's previous state, so the sink can tell each case apart: {@code A}, {@code
 * B}, {@code AB} (A then B, coalesced: installed after pending), {@code BA} (B then A: installing after
 * degraded). Both offers are accepted, so each must reach the sink by itself or merged into the other:
 * anything else lost a state, and a lost newest state is exactly what coalescing must never do. The noise
 * events of the two other components (one queued before the race, one after {@code A}) must each arrive
 * once.
 */
@JCStressTest
@Description("Two producers coalescing into one component's slot while the lane drains")
@Outcome(id = "AB, 2", expect = Expect.ACCEPTABLE, desc = "B merged into A's open slot: one event, B's state")
@Outcome(id = "BA, 2", expect = Expect.ACCEPTABLE, desc = "A merged into B's open slot: one event, A's state")
@Outcome(id = "A B, 2", expect = Expect.ACCEPTABLE,
    desc = "the lane took A's slot before B came: B is a new entry after it, not merged into a taken slot")
@Outcome(expect = Expect.FORBIDDEN, desc = "a state lost or duplicated, B before A was offered, or a stalled lane")
@State
public class LaneCoalescingTest {
  private static final ComponentEvent GATE = LaneItems.event("gate", PENDING, null);
  private static final ComponentEvent QUEUED = LaneItems.event("noise-1", PENDING, null);
  private static final ComponentEvent AFTER_A = LaneItems.event("noise-2", PENDING, null);
  private static final ComponentEvent A = LaneItems.event("c", INSTALLING, PENDING);
  private static final ComponentEvent B = LaneItems.event("c", INSTALLED, DEGRADED);

  private final CountDownLatch gate = new CountDownLatch(1);
  private final Sink sink = new Sink();
  private final DeliveryLane lane;

  /** Called by the lane thread only; read by the arbiter after a flush, which orders it after these. */
  private final class Sink implements EventSink {
    private final StringBuilder seen = new StringBuilder();
    private int noise;

    @Override
    public void onEvent(ComponentEvent event) {
      if (event == GATE) {
        try {
          gate.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      } else if (event.component().equals(A.component())) {
        seen.append(seen.length() == 0 ? "" : " ").append(label(event));
      } else {
        noise++;
      }
    }
  }

  private static String label(ComponentEvent e) {
    if (e.state() == INSTALLING) {
      return e.previous() == PENDING ? "A" : e.previous() == DEGRADED ? "BA" : "?";
    }
    if (e.state() == INSTALLED) {
      return e.previous() == DEGRADED ? "B" : e.previous() == PENDING ? "AB" : "?";
    }
    return "?";
  }

  public LaneCoalescingTest() {
    lane = DeliveryLane.start(sink, LaneOptions.defaults().withCapacity(1));
    lane.onEvent(GATE);
    // The lane thread is held on the gate (or has not taken it yet): one entry queued, the lane is saturated.
    lane.onEvent(QUEUED);
  }

  @Actor
  public void producer1() {
    lane.onEvent(A);
    lane.onEvent(AFTER_A);
    gate.countDown();
  }

  @Actor
  public void producer2() {
    lane.onEvent(B);
  }

  @Arbiter
  public void arbiter(LI_Result r) {
    boolean idle = lane.flush(Duration.ofMinutes(1));
    r.r1 = idle ? sink.seen.toString() : "stalled";
    r.r2 = sink.noise;
    lane.close();
  }
}
