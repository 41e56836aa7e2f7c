package io.helmwatch.jcstress;

import io.helmwatch.core.ComponentEvent;
import io.helmwatch.core.EventSink;
import io.helmwatch.core.ReleaseSource;
import io.helmwatch.core.Watcher;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * A churn update (the lock-free, suppressed path) races the release's deletion. Either the update came
 * first and was suppressed, then the deletion emitted {@code removed} and the component left the table; or
 * the deletion came first and the update is the first observation of a new object: emitted, and the
 * component is back. Anything else loses or invents state.
 */
@JCStressTest
@Description("Suppressed churn update racing delete")
@Outcome(id = "2, 0", expect = Expect.ACCEPTABLE, desc = "update suppressed, then deleted")
@Outcome(id = "3, 1", expect = Expect.ACCEPTABLE, desc = "deleted, then the update is a new first observation")
@Outcome(expect = Expect.FORBIDDEN, desc = "an event lost or a component left in the wrong place")
@State
public class ChurnVersusDeleteTest {
  private final AtomicInteger events = new AtomicInteger();
  private final ReleaseSource.Listener listener;
  private final Watcher watcher;

  public ChurnVersusDeleteTest() {
    CapturingSource source = new CapturingSource();
    EventSink counting = (ComponentEvent e) -> events.incrementAndGet();
    watcher = Watcher.builder(source).sink(counting).continuous().scheduler(NoTimers.INSTANCE).build();
    watcher.start();
    listener = source.listener();
    listener.upsert(Releases.INSTALLED);
  }

  @Actor
  public void churn() {
    listener.upsert(Releases.INSTALLED);
  }

  @Actor
  public void delete() {
    listener.delete(Releases.KEY);
  }

  @Arbiter
  public void arbiter(II_Result r) {
    r.r1 = events.get();
    r.r2 = watcher.snapshot().size();
    watcher.close();
  }
}
