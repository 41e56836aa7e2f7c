package io.helmwatch.benchmarks;

import com.sun.management.ThreadMXBean;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.helmwatch.core.ReleaseSource;
import io.helmwatch.core.Watcher;
import java.lang.management.ManagementFactory;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * The cost of one watch update from the event's JSON bytes to the handler's return: the frame is decoded
 * as fabric8's watch manager decodes it ({@link WatchEventFrames#decode}, the client's {@code
 * KubernetesSerialization} into a {@link GenericKubernetesResource}), then handed to one of three handlers.
 *
 * <p>{@code bareInformer}: a handler that does nothing with the object (the floor: what any informer pays).
 * {@code helmwatch}: what {@code Fabric8ReleaseSource} does on the informer thread ({@link InformerHandoff})
 * into a {@link Watcher} with the default policy and a synchronous sink that only consumes the event. {@code
 * seedLiteral}: the original's per-update work, {@link SeedLiteralBaseline#processEvent}. The informer's
 * own bookkeeping between the two (its item store, the dispatch to the handler thread) is left out: it is
 * the same for every handler, except that {@code Fabric8ReleaseSource} stores a lean copy.
 *
 * <p>{@code bareInformerFresh}, {@code helmwatchFresh} and {@code seedLiteralFresh}: the handler alone, on
 * objects decoded a moment before, as an informer's are. Before each invocation (not timed) the next {@value
 * #BATCH} frames are decoded; the invocation handles them in that order. A decode allocates about 80 KB, so
 * the batch lies in the last few MB allocated, well within the 32 MB L3 cache here (the newest objects in
 * the core's 512 KB L2), instead of being read from memory as in {@link ChurnDedupeBenchmark} at 10,000
 * components. {@code -prof gc} and {@code cpu.worker} count the decoding too; {@code cpu.timed} and {@code
 * alloc.timed} (with {@link ThreadCpuProfiler}) are the thread CPU and the allocation of the timed part
 * only, including the reads of the thread's CPU clock and allocation counter and JMH's own work around each
 * invocation (tens of microseconds on this virtual machine): {@code bareInformerFresh} is that floor, and
 * the batch spreads it over {@value #BATCH} updates.
 *
 * <p>Workload: {@link WatchEventFrames}, {@code components} HelmReleases, each primed once (the initial
 * list); {@code transitionEvery=0} is pure churn (no update changes a derived state), {@code 100} makes one
 * update in 100 a transition, as in {@link ChurnDedupeBenchmark}. Run with {@code -prof gc} for B/op.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class DecodeAndHandleBenchmark {
  static final int BATCH = 64;

  /** The frames to decode; shared by every handler. */
  @State(Scope.Thread)
  public static class Frames {
    @Param({"100", "10000"})
    public int components;

    @Param({"0", "100"})
    public int transitionEvery;

    WatchEventFrames frames;

    @Setup(Level.Trial)
    public void setUp() {
      frames = new WatchEventFrames(components, transitionEvery);
    }

    GenericKubernetesResource decodeNext() {
      return WatchEventFrames.decode(frames.next());
    }
  }

  /** A watcher whose listener the benchmark thread calls, as the informer's handler thread would. */
  @State(Scope.Thread)
  public static class Helmwatch {
    Watcher watcher;
    InformerHandoff handoff;

    @Setup(Level.Trial)
    public void setUp(Frames frames, Blackhole blackhole) {
      CapturedListenerSource source = new CapturedListenerSource();
      watcher = Watcher.builder(source).namePrefix("bp-").sink(blackhole::consume).continuous().build();
      ReleaseSource.Listener listener = source.start(watcher);
      handoff = new InformerHandoff(listener);
      for (int c = 0; c < frames.frames.components(); c++) {
        handoff.deliver(WatchEventFrames.decode(frames.frames.initial(c)));
      }
      listener.synced();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      watcher.close();
      handoff.checkWellFormed();
    }
  }

  /** The original's per-update work; its emitter only consumes the event, like helmwatch's sink. */
  @State(Scope.Thread)
  public static class Seed {
    SeedLiteralBaseline baseline;

    @Setup(Level.Trial)
    public void setUp(Frames frames, Blackhole blackhole) {
      baseline = new SeedLiteralBaseline(blackhole::consume);
      for (int c = 0; c < frames.frames.components(); c++) {
        baseline.processEvent(WatchEventFrames.decode(frames.frames.initial(c)));
      }
    }
  }

  /**
   * The next {@value #BATCH} updates, decoded just before the invocation that handles them; the thread CPU
   * and allocation of the timed part go to {@link ThreadCpuProfiler} ({@code cpu.timed}, {@code alloc.timed}).
   */
  @State(Scope.Thread)
  public static class FreshBatch {
    private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();

    final GenericKubernetesResource[] objects = new GenericKubernetesResource[BATCH];
    private long cpuAtStart;
    private long allocatedAtStart;

    @Setup(Level.Invocation)
    public void decode(Frames frames) {
      for (int i = 0; i < BATCH; i++) {
        objects[i] = frames.decodeNext();
      }
      allocatedAtStart = THREADS.getCurrentThreadAllocatedBytes();
      cpuAtStart = THREADS.getCurrentThreadCpuTime();
    }

    @TearDown(Level.Invocation)
    public void handled() {
      long cpu = THREADS.getCurrentThreadCpuTime() - cpuAtStart;
      ThreadCpuProfiler.addTimed(cpu, THREADS.getCurrentThreadAllocatedBytes() - allocatedAtStart);
    }
  }

  @Benchmark
  public void bareInformer(Frames frames, Blackhole blackhole) {
    blackhole.consume(frames.decodeNext());
  }

  @Benchmark
  public void helmwatch(Frames frames, Helmwatch helmwatch) {
    helmwatch.handoff.deliver(frames.decodeNext());
  }

  @Benchmark
  public void seedLiteral(Frames frames, Seed seed) {
    seed.baseline.processEvent(frames.decodeNext());
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void bareInformerFresh(FreshBatch batch, Blackhole blackhole) {
    for (GenericKubernetesResource object : batch.objects) {
      blackhole.consume(object);
    }
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void helmwatchFresh(FreshBatch batch, Helmwatch helmwatch) {
    for (GenericKubernetesResource object : batch.objects) {
      helmwatch.handoff.deliver(object);
    }
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void seedLiteralFresh(FreshBatch batch, Seed seed) {
    for (GenericKubernetesResource object : batch.objects) {
      seed.baseline.processEvent(object);
    }
  }
}
