package io.helmwatch.benchmarks;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.helmwatch.core.EmissionPolicy;
import io.helmwatch.core.ReleaseSource;
import io.helmwatch.core.Watcher;
import io.helmwatch.fabric8.internal.HelmReleaseView;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * The cost of one informer update, from the {@link GenericKubernetesResource} fabric8 hands over to the
 * decision to emit or not, for helmwatch and for the original's per-update work ({@link SeedLiteralBaseline}).
 *
 * <p>{@code helmwatch}: what {@code Fabric8ReleaseSource} does on the informer thread ({@link InformerHandoff}:
 * re-point the {@link HelmReleaseView} at the resource, check its shape, call the watcher's {@link
 * ReleaseSource.Listener#upsert}
 * (derive, apply the policy, emit to a synchronous primary sink that
 * only consumes the event when it says so), clear the view —
 * under each {@link EmissionPolicy}. {@code seedLiteral}: {@link SeedLiteralBaseline#processEvent} on the same
 * objects. Both are primed with every component once (the initial list) before measuring.
 *
 * <p>{@code transitionEvery}: {@code 0} is pure churn (no update changes a derived state); {@code 100} makes
 * one update in 100 a real transition (see {@link ChurnWorkload}). Run with {@code -prof gc} for B/op.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class ChurnDedupeBenchmark {

  /** The replayed updates; shared by both sides of the comparison. */
  @State(Scope.Thread)
  public static class Workload {
    @Param({"100", "10000"})
    public int components;

    @Param({"0", "100"})
    public int transitionEvery;

    ChurnWorkload updates;

    @Setup(Level.Trial)
    public void setUp() {
      updates = new ChurnWorkload(components, transitionEvery);
    }
  }

  /** A watcher whose listener the benchmark thread calls, as the informer's handler thread would. */
  @State(Scope.Thread)
  public static class Helmwatch {
    @Param({"firstObservationOrTransition", "transitionsOnly", "everyObservation"})
    public String policy;

    Watcher watcher;
    InformerHandoff handoff;

    @Setup(Level.Trial)
    public void setUp(Workload workload, Blackhole blackhole) {
      CapturedListenerSource source = new CapturedListenerSource();
      watcher = Watcher.builder(source)
          .namePrefix("bp-")
          .policy(policy(policy))
          .sink(blackhole::consume)
          .continuous()
          .build();
      ReleaseSource.Listener listener = source.start(watcher);
      handoff = new InformerHandoff(listener);
      for (int c = 0; c < workload.updates.components(); c++) {
        handoff.deliver(workload.updates.initial(c));
      }
      listener.synced();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      watcher.close();
      handoff.checkWellFormed();
    }

    private static EmissionPolicy policy(String name) {
      return switch (name) {
        case "firstObservationOrTransition" -> EmissionPolicy.firstObservationOrTransition();
        case "transitionsOnly" -> EmissionPolicy.transitionsOnly();
        case "everyObservation" -> EmissionPolicy.everyObservation();
        default -> throw new IllegalArgumentException("Unknown policy " + name);
      };
    }
  }

  /** The original's per-update work; its emitter only consumes the event, like helmwatch's sink. */
  @State(Scope.Thread)
  public static class Seed {
    SeedLiteralBaseline baseline;

    @Setup(Level.Trial)
    public void setUp(Workload workload, Blackhole blackhole) {
      baseline = new SeedLiteralBaseline(blackhole::consume);
      for (int c = 0; c < workload.updates.components(); c++) {
        baseline.processEvent(workload.updates.initial(c));
      }
    }
  }

  @Benchmark
  public void helmwatch(Workload workload, Helmwatch helmwatch) {
    helmwatch.handoff.deliver(workload.updates.next());
  }

  @Benchmark
  public void seedLiteral(Workload workload, Seed seed) {
    seed.baseline.processEvent(workload.updates.next());
  }
}
