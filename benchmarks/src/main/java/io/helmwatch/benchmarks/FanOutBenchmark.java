package io.helmwatch.benchmarks;

import io.helmwatch.core.ReleaseSource;
import io.helmwatch.core.Subscription;
import io.helmwatch.core.Watcher;
import io.helmwatch.core.LaneStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Emitted transitions through {@code lanes} subscribers ({@link Watcher#subscribe}, each a {@link
 * io.helmwatch.core.internal.lane.DeliveryLane} with default options in front of a sink that does nothing). Every
 * update flips its component between installed and installing, so every update is emitted. {@code 0} lanes
 * (no sink at all) is the reference: derivation and event construction without delivery. With {@code
 * oneBlocked}, the first lane's sink blocks on its first event until the trial ends, so that lane fills up and
 * coalesces every later event, while the others keep delivering ({@code 0} lanes ignore it).
 *
 * <ul>
 *   <li>{@code enqueue}: the cost on the source thread per emitted transition — informer hand-off, derivation,
 *       event, one enqueue per lane. The lanes drain concurrently on their own threads; when they fall behind
 *       they coalesce (the tear-down prints each run's delivered and coalesced counts).
 *   <li>{@code deliver}: {@value #BATCH} transitions, then {@link Subscription#flush} of every lane: time per
 *       event until every lane has handed it to its sink (delivery throughput; below lane capacity, so
 *       nothing coalesces). A blocked lane is not waited for.
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Thread)
public class FanOutBenchmark {
  /** Events per {@code deliver} invocation; below the default lane capacity (1024). */
  static final int BATCH = 1000;
  private static final int COMPONENTS = 1000;

  @Param({"0", "1", "4", "16"})
  public int lanes;

  @Param({"false", "true"})
  public boolean oneBlocked;

  private ChurnWorkload updates;
  private Watcher watcher;
  private InformerHandoff handoff;
  private final List<Subscription> subscriptions = new ArrayList<>();
  /** The lanes {@link #flushAll} waits for: all but a blocked one. */
  private final List<Subscription> flowing = new ArrayList<>();
  private final CountDownLatch unblock = new CountDownLatch(1);

  @Setup(Level.Trial)
  public void setUp() {
    updates = new ChurnWorkload(COMPONENTS, 1);
    CapturedListenerSource source = new CapturedListenerSource();
    watcher = Watcher.builder(source).namePrefix("bp-").continuous().build();
    for (int i = 0; i < lanes; i++) {
      boolean blocks = oneBlocked && i == 0;
      Subscription s = watcher.subscribe(blocks ? event -> awaitUnblock() : event -> {});
      subscriptions.add(s);
      if (!blocks) {
        flowing.add(s);
      }
    }
    ReleaseSource.Listener listener = source.start(watcher);
    handoff = new InformerHandoff(listener);
    for (int c = 0; c < COMPONENTS; c++) {
      handoff.deliver(updates.initial(c));
    }
    listener.synced();
    flushAll();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    unblock.countDown();
    flushAll(subscriptions);
    long delivered = 0;
    long coalesced = 0;
    for (Subscription s : subscriptions) {
      LaneStats stats = s.stats();
      delivered += stats.delivered();
      coalesced += stats.coalesced();
    }
    System.out.printf("%n%d lanes%s: %d events emitted; %d delivered and %d coalesced over all lanes%n",
        lanes, oneBlocked ? " (one blocked)" : "", watcher.stats().emitted(), delivered, coalesced);
    watcher.close();
    handoff.checkWellFormed();
  }

  @Benchmark
  public void enqueue() {
    handoff.deliver(updates.next());
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void deliver() {
    for (int i = 0; i < BATCH; i++) {
      handoff.deliver(updates.next());
    }
    flushAll();
  }

  private void flushAll() {
    flushAll(flowing);
  }

  private void awaitUnblock() {
    try {
      unblock.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void flushAll(List<Subscription> lanes) {
    for (Subscription s : lanes) {
      if (!s.flush(Duration.ofSeconds(30))) {
        throw new IllegalStateException("a lane did not drain within 30s");
      }
    }
  }
}
