package io.helmwatch.jcstress;

import io.helmwatch.core.ComponentEvent;
import io.helmwatch.core.EventSink;
import io.helmwatch.core.ReleaseSource;
import io.helmwatch.core.WatchResult;
import io.helmwatch.core.Watcher;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * A real transition races {@link Watcher#close()}: the transition is delivered before the outcome or not
 * at all, and the sink sees exactly one outcome. An event after the outcome breaks the sink contract.
 */
@JCStressTest
@Description("Transition racing close")
@Outcome(id = "1, 1", expect = Expect.ACCEPTABLE, desc = "transition delivered, then the outcome")
@Outcome(id = "0, 1", expect = Expect.ACCEPTABLE, desc = "closed first: the transition is dropped")
@Outcome(expect = Expect.FORBIDDEN, desc = "an event after the outcome, or not exactly one outcome")
@State
public class TransitionVersusCloseTest {
  private final ReleaseSource.Listener listener;
  private final Watcher watcher;
  private final Sink sink = new Sink();

  /** Written by one thread at a time: the watcher serialises what it delivers to a primary sink. */
  private static final class Sink implements EventSink {
    volatile int transitions;
    volatile int outcomes;
    volatile boolean afterOutcome;

    @Override
    public void onEvent(ComponentEvent event) {
      if (outcomes > 0) {
        afterOutcome = true;
      }
      if (event.isTransition() && event.previous() != null) {
        transitions++;
      }
    }

    @Override
    public void onOutcome(WatchResult result) {
      outcomes++;
    }
  }

  public TransitionVersusCloseTest() {
    CapturingSource source = new CapturingSource();
    watcher = Watcher.builder(source).sink(sink).continuous().scheduler(NoTimers.INSTANCE).build();
    watcher.start();
    listener = source.listener();
    listener.upsert(Releases.INSTALLING);
  }

  @Actor
  public void transition() {
    listener.upsert(Releases.INSTALLED);
  }

  @Actor
  public void close() {
    watcher.close();
  }

  @Arbiter
  public void arbiter(II_Result r) {
    r.r1 = sink.afterOutcome ? -1 : sink.transitions;
    r.r2 = sink.outcomes;
  }
}
