package io.helmwatch.benchmarks;

import io.helmwatch.core.ComponentState;
import io.helmwatch.core.Condition;
import io.helmwatch.core.Derivation;
import io.helmwatch.core.ReleaseKey;
import io.helmwatch.core.ReleaseObservation;
import io.helmwatch.core.flux.FluxHelmReleaseDeriver;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link FluxHelmReleaseDeriver} over typical condition sets: {@code state} is what the watcher runs on
 * every update; {@code derive} (state, level and message) only when it emits.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class DerivationBenchmark {

  /** 1: Ready only; 3: Ready, Released, TestSuccess; 6: a v2 release with every condition helm-controller writes. */
  @Param({"1", "3", "6"})
  public int conditions;

  private ReleaseObservation observation;
  private final FluxHelmReleaseDeriver deriver = FluxHelmReleaseDeriver.instance();

  @Setup
  public void setUp() {
    String[] types = {"Released", "TestSuccess", "Remediated", "Reconciling", "Stalled"};
    ReleaseObservation.Builder b = ReleaseObservation.builder(ReleaseKey.of("flux-system", "bp-keycloak"))
        .generation(3)
        .observedGeneration(3);
    // Ready last, so a lookup walks every condition.
    for (int i = 0; i < conditions - 1; i++) {
      String status = types[i].equals("Stalled") || types[i].equals("Reconciling") ? "False" : "True";
      b.condition(new Condition(types[i], status, "InstallSucceeded", "ok", Instant.EPOCH, 3));
    }
    b.condition(new Condition("Ready", "True", "InstallSucceeded",
        "Helm install succeeded for release flux-system/bp-keycloak.v1", Instant.EPOCH, 3));
    observation = b.build();
  }

  @Benchmark
  public ComponentState state() {
    return deriver.state(observation);
  }

  @Benchmark
  public Derivation derive() {
    return deriver.derive(observation);
  }
}
