package io.helmwatch.jcstress;

import io.helmwatch.core.ComponentEvent;
import io.helmwatch.core.ComponentLog;
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
 * A log line offered to a {@link DeliveryLane} races its {@link DeliveryLane#close()}. The lane's contract:
 * close delivers everything accepted before it, and a line sent once the lane is closing counts as dropped.
 * So the line is delivered (before the sink closes) or counted dropped, exactly one of the two. The close
 * timeout is long enough that no line is dropped for lack of time.
 */
@JCStressTest
@Description("A log line offered to a delivery lane racing its close")
@Outcome(id = "1, 0", expect = Expect.ACCEPTABLE, desc = "accepted first: delivered, then the sink closed")
@Outcome(id = "0, 1", expect = Expect.ACCEPTABLE, desc = "the lane was closing: not queued, counted dropped")
@Outcome(expect = Expect.FORBIDDEN,
    desc = "lost without a count, counted and delivered, or delivered after the sink closed (-1)")
@State
public class LaneLineVersusCloseTest {
  private static final ComponentLog LINE = LaneItems.line("c");

  private final Sink sink = new Sink();
  private final DeliveryLane lane =
      DeliveryLane.start(sink, LaneOptions.defaults().withCloseTimeout(Duration.ofMinutes(1)));

  /** Called by the lane thread only. */
  private static final class Sink implements EventSink {
    volatile int lines;
    volatile boolean closed;
    volatile boolean afterClose;

    @Override
    public void onEvent(ComponentEvent event) {}

    @Override
    public void onLog(ComponentLog line) {
      if (closed) {
        afterClose = true;
      }
      lines++;
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  @Actor
  public void offer() {
    lane.onLog(LINE);
  }

  @Actor
  public void close() {
    lane.close();
  }

  @Arbiter
  public void arbiter(II_Result r) {
    lane.awaitClosed(Duration.ofMinutes(1));
    r.r1 = sink.afterClose ? -1 : sink.lines;
    r.r2 = (int) lane.stats().dropped();
  }
}
