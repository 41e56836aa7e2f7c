package io.helmwatch.benchmarks;

import io.helmwatch.core.MessageRedactor;
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
 * {@link MessageRedactor#defaults()} on the messages helm-controller writes: {@code clean} has nothing to
 * mask (the common case, and the 200 ns goal), {@code credential} carries a URL with a password and
 * a bearer token, which the redactor masks.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class RedactorBenchmark {

  @Param({"clean", "credential"})
  public String message;

  private String text;
  private final MessageRedactor redactor = MessageRedactor.defaults();

  @Setup
  public void setUp() {
    text = switch (message) {
      case "clean" -> "Helm upgrade succeeded for release flux-system/bp-keycloak.v7 with chart keycloak@24.0.3";
      case "credential" -> "failed to pull chart from https://ci:s3cr3t@charts.example.com/index.yaml:"
          + " Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig";
      default -> throw new IllegalArgumentException(message);
    };
  }

  @Benchmark
  public String redact() {
    return redactor.redact(text);
  }
}
