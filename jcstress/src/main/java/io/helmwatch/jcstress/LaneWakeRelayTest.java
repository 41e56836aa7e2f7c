package io.helmwatch.jcstress;

import io.helmwatch.core.ComponentEvent;
import io.helmwatch.core.ComponentState;
import io.helmwatch.core.EventSink;
import io.helmwatch.core.LaneOptions;
import io.helmwatch.core.internal.lane.DeliveryLane;
import io.helmwatch.core.internal.lane.WakeRelay;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * One producer hands an event to three lanes as a watcher with several subscribers does: each lane accepts
 * it without waking its thread, the producer links the lanes it owes a wake into a {@link WakeRelay} and
 * wakes the first. Meanwhile a second producer offers the middle lane an event the usual way, which may wake that
 * lane's thread before the relay reaches it, or while the relay is being linked. Every event still reaches
 * its sink: a relay that stopped at a lane woken early would leave the last lane parked with an event
 * (the flush times out), which is forbidden.
 */
@JCStressTest
@Description("A wake relay across three lanes racing a direct offer to the middle one")
@Outcome(id = "1, 2, 1", expect = Expect.ACCEPTABLE, desc = "every event delivered")
@Outcome(expect = Expect.FORBIDDEN, desc = "an event accepted but not delivered within the flush")
@State
public class LaneWakeRelayTest {
  private static final ComponentEvent EVENT = LaneItems.event("a", ComponentState.INSTALLED, ComponentState.INSTALLING);
  private static final ComponentEvent OTHER = LaneItems.event("b", ComponentState.INSTALLED, ComponentState.INSTALLING);

  private final Counting[] sinks = {new Counting(), new Counting(), new Counting()};
  private final DeliveryLane[] lanes = {
      DeliveryLane.start(sinks[0], LaneOptions.defaults()),
      DeliveryLane.start(sinks[1], LaneOptions.defaults()),
      DeliveryLane.start(sinks[2], LaneOptions.defaults())};

  private static final class Counting implements EventSink {
    final AtomicInteger events = new AtomicInteger();

    @Override
    public void onEvent(ComponentEvent event) {
      events.incrementAndGet();
    }
  }

  /** What the watcher's fan-out does with several lanes. */
  @Actor
  public void fanOut() {
    WakeRelay relay = new WakeRelay();
    for (DeliveryLane lane : lanes) {
      if (lane.onEventDeferringWake(EVENT)) {
        relay.owe(lane);
      }
    }
    relay.start();
  }

  @Actor
  public void direct() {
    lanes[1].onEvent(OTHER);
  }

  @Arbiter
  public void arbiter(III_Result r) {
    for (DeliveryLane lane : lanes) {
      lane.flush(Duration.ofSeconds(10));
    }
    r.r1 = sinks[0].events.get();
    r.r2 = sinks[1].events.get();
    r.r3 = sinks[2].events.get();
    for (DeliveryLane lane : lanes) {
      lane.close();
    }
  }
}
