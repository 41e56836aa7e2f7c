package io.helmwatch.jcstress;

import io.helmwatch.core.ComponentEvent;
import io.helmwatch.core.ComponentState;
import io.helmwatch.core.EventSink;
import io.helmwatch.core.internal.lane.DeliveryLane;
import io.helmwatch.core.LaneOptions;
import java.time.Duration;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * An event offered to a {@link DeliveryLane} races its {@link DeliveryLane#close()}. Close delivers
 * everything accepted before it; an event offered once the lane is closing is not accepted and is counted as
 * dropped, so it is never lost without a trace. Nothing reaches the sink after its close. The close timeout
 * is long enough that nothing accepted is dropped for lack of time.
 */
@JCStressTest
@Description("An event offered to a delivery lane racing its close")
@Outcome(id = "1, 0", expect = Expect.ACCEPTABLE, desc = "accepted first: delivered, then the sink closed")
@Outcome(id = "0, 1", expect = Expect.ACCEPTABLE, desc = "the lane was closing: not accepted, counted dropped")
@Outcome(expect = Expect.FORBIDDEN,
    desc = "lost without a count (0, 0), delivered and counted, twice, or after the sink closed (-1)")
@State
public class LaneEventVersusCloseTest {
  private static final ComponentEvent EVENT = LaneItems.event("c", ComponentState.INSTALLED, ComponentState.INSTALLING);

  private final Sink sink = new Sink();
  private final DeliveryLane lane =
      DeliveryLane.start(sink, LaneOptions.defaults().withCloseTimeout(Duration.ofMinutes(1)));

  /** Called by the lane thread only. */
  private static final class Sink implements EventSink {
    volatile int events;
    volatile boolean closed;
    volatile boolean afterClose;

    @Override
    public void onEvent(ComponentEvent event) {
      if (closed) {
        afterClose = true;
      }
      events++;
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  @Actor
  public void offer() {
    lane.onEvent(EVENT);
  }

  @Actor
  public void close() {
    lane.close();
  }

  @Arbiter
  public void arbiter(II_Result r) {
    lane.awaitClosed(Duration.ofMinutes(1));
    r.r1 = sink.afterClose ? -1 : sink.events;
    r.r2 = (int) lane.stats().dropped();
  }
}
