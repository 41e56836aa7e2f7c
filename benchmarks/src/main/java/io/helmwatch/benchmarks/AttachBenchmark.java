package io.helmwatch.benchmarks;

import io.helmwatch.core.ComponentEvent;
import io.helmwatch.core.EventSink;
import io.helmwatch.core.ReleaseKey;
import io.helmwatch.core.ReleaseSource;
import io.helmwatch.core.Subscription;
import io.helmwatch.core.Watcher;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Attaching to a fleet: a new {@link Watcher} whose source hands over an initial list of {@code releases}
 * HelmReleases (the informer's first list, as fabric8 delivers it: each through {@link InformerHandoff}, in
 * the list's order, which is the order the objects lie in memory after the list response was parsed) and
 * then reports it synced; one {@link Watcher#subscribe subscriber lane} in front of a sink that counts. One
 * operation: build the watcher and its lane, start it, and wait until the lane has handed every release's
 * first observation to the sink. Closing the watcher is not timed.
 *
 * <p>Sampled per attach ({@code SampleTime}, milliseconds), so the run reports the spread (percentiles), not
 * only the mean. Allocation per release is {@code gc.alloc.rate.norm} (per attach, from {@code -prof gc})
 * divided by {@code releases}.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Thread)
public class AttachBenchmark {
  @Param({"10000"})
  public int releases;

  private ChurnWorkload fleet;
  private Watcher watcher;

  @Setup(Level.Trial)
  public void setUp() {
    fleet = new ChurnWorkload(releases, 0);
  }

  @TearDown(Level.Invocation)
  public void closeWatcher() {
    if (watcher != null) {
      watcher.close();
      watcher = null;
    }
  }

  @Benchmark
  public int attach() {
    InitialListSource source = new InitialListSource(fleet);
    CountingSink sink = new CountingSink();
    watcher = Watcher.builder(source).namePrefix("bp-").continuous().build();
    Subscription lane = watcher.subscribe(sink);
    watcher.start();
    if (!lane.flush(Duration.ofSeconds(60))) {
      throw new IllegalStateException("the lane did not deliver the initial list within 60 s");
    }
    int delivered = sink.events.get();
    if (delivered != releases) {
      throw new IllegalStateException(delivered + " first observations delivered for " + releases + " releases");
    }
    return delivered;
  }

  /** Hands the whole fleet over on {@code start}, then reports the initial list synced, like an informer. */
  private static final class InitialListSource implements ReleaseSource {
    private final ChurnWorkload fleet;

    InitialListSource(ChurnWorkload fleet) {
      this.fleet = fleet;
    }

    @Override
    public String cluster() {
      return ReleaseKey.PRIMARY;
    }

    @Override
    public void start(Listener listener) {
      InformerHandoff handoff = new InformerHandoff(listener);
      for (int k = 0; k < fleet.components(); k++) {
        handoff.deliver(fleet.initialListEntry(k));
      }
      listener.synced();
      handoff.checkWellFormed();
    }

    @Override
    public void close() {}
  }

  /** Counts first observations; a sink that does nothing else. */
  private static final class CountingSink implements EventSink {
    final AtomicInteger events = new AtomicInteger();

    @Override
    public void onEvent(ComponentEvent event) {
      events.incrementAndGet();
    }
  }
}
