package io.helmwatch.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * CPU time per operation, which other processes on a shared machine do not inflate the way they inflate
 * wall-clock time: {@code cpu.worker} is the CPU time of JMH's benchmark threads (the source thread of the
 * benchmarks here), {@code cpu.process} that of the whole fork (lanes, GC and JIT included). Use with {@code
 * -prof io.helmwatch.benchmarks.ThreadCpuProfiler}.
 *
 * <p>{@code cpu.worker} includes the benchmark threads' untimed {@code Level.Invocation} setup. A benchmark
 * with such a setup reports the thread CPU and the allocation of its timed part itself ({@link #addTimed});
 * they are then given as {@code cpu.timed} and {@code alloc.timed}.
 */
public final class ThreadCpuProfiler implements InternalProfiler {
  private static final LongAdder TIMED_CPU = new LongAdder();
  private static final LongAdder TIMED_ALLOCATION = new LongAdder();
  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final com.sun.management.OperatingSystemMXBean os =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private Map<Long, Long> workersBefore = Map.of();
  private long processBefore;

  @Override
  public String getDescription() {
    return "CPU time per operation of the benchmark threads and of the whole fork";
  }

  @Override
  public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
    workersBefore = workerCpu();
    processBefore = os.getProcessCpuTime();
    TIMED_CPU.reset();
    TIMED_ALLOCATION.reset();
  }

  /** Adds what a benchmark thread spent in the timed part of an invocation: thread CPU and bytes allocated. */
  static void addTimed(long cpuNanos, long allocatedBytes) {
    TIMED_CPU.add(cpuNanos);
    TIMED_ALLOCATION.add(allocatedBytes);
  }

  @Override
  public List<Result<?>> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
      IterationResult result) {
    long process = os.getProcessCpuTime() - processBefore;
    long workers = 0;
    for (Map.Entry<Long, Long> e : workerCpu().entrySet()) {
      workers += e.getValue() - workersBefore.getOrDefault(e.getKey(), 0L);
    }
    double ops = Math.max(1, result.getMetadata().getAllOps());
    List<Result<?>> results = new ArrayList<>(List.of(
        new ScalarResult("cpu.worker", workers / ops, "ns/op", AggregationPolicy.AVG),
        new ScalarResult("cpu.process", process / ops, "ns/op", AggregationPolicy.AVG)));
    long timedCpu = TIMED_CPU.sumThenReset();
    long timedAllocation = TIMED_ALLOCATION.sumThenReset();
    if (timedCpu > 0) {
      results.add(new ScalarResult("cpu.timed", timedCpu / ops, "ns/op", AggregationPolicy.AVG));
      results.add(new ScalarResult("alloc.timed", timedAllocation / ops, "B/op", AggregationPolicy.AVG));
    }
    return results;
  }

  private Map<Long, Long> workerCpu() {
    Map<Long, Long> cpu = new HashMap<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().contains("jmh-worker")) {
        long ns = threads.getThreadCpuTime(t.getId());
        if (ns >= 0) {
          cpu.put(t.getId(), ns);
        }
      }
    }
    return cpu;
  }
}
