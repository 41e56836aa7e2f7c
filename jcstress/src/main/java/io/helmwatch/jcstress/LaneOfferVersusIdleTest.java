package io.helmwatch.jcstress;

import io.helmwatch.core.ComponentEvent;
import io.helmwatch.core.ComponentState;
import io.helmwatch.core.EventSink;
import io.helmwatch.core.LaneOptions;
import io.helmwatch.core.internal.lane.DeliveryLane;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.I_Result;

/**
 * Two producers offer an event each to a fresh {@link DeliveryLane} whose thread has gone idle: it spins for
 * the next entry, gives up and parks, or is parked already, depending on when the offers land. Whichever
 * it is doing, both events reach the sink; an offer that slipped between the end of the spin and the park
 * would leave one undelivered (the flush times out), which is forbidden.
 */
@JCStressTest
@Description("Offers to a delivery lane racing its thread's spin and park")
@Outcome(id = "2", expect = Expect.ACCEPTABLE, desc = "both events delivered")
@Outcome(expect = Expect.FORBIDDEN, desc = "an event accepted but not delivered within the flush")
@State
public class LaneOfferVersusIdleTest {
  private static final ComponentEvent A = LaneItems.event("a", ComponentState.INSTALLED, ComponentState.INSTALLING);
  private static final ComponentEvent B = LaneItems.event("b", ComponentState.INSTALLED, ComponentState.INSTALLING);

  private final AtomicInteger delivered = new AtomicInteger();
  private final DeliveryLane lane = DeliveryLane.start(new EventSink() {
    @Override
    public void onEvent(ComponentEvent event) {
      delivered.incrementAndGet();
    }
  }, LaneOptions.defaults());

  @Actor
  public void first() {
    lane.onEvent(A);
  }

  @Actor
  public void second() {
    lane.onEvent(B);
  }

  @Arbiter
  public void arbiter(I_Result r) {
    lane.flush(Duration.ofSeconds(10));
    r.r1 = delivered.get();
    lane.close();
  }
}
