package io.helmwatch.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.helmwatch.core.Watcher;
import io.helmwatch.fabric8.Fabric8ReleaseSource;
import io.helmwatch.testing.HelmReleases;
import io.helmwatch.testing.RecordingSink;
import io.helmwatch.testing.fabric8.FakeCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Thousands of HelmReleases with broken status and spec shapes, served by a {@link FakeCluster} and read by
 * the real adapter: every one is derived to a state and counted, each logged once, and nothing is thrown
 * on the informer's thread.
 */
@Tag("faults")
class MalformedObjectsTest {
  private static final Duration WAIT = Duration.ofSeconds(120);

  /** Each shape breaks one thing the adapter reads; all of them are flagged by the in-place view. */
  private static final List<Function<Random, Object[]>> SHAPES = List.of(
      r -> status("Ready=" + r.nextInt()),
      r -> status(List.of(r.nextInt(), "x")),
      r -> status(map("conditions", "Ready")),
      r -> status(map("conditions", map("type", "Ready"))),
      r -> status(map("conditions", List.of("Ready", r.nextLong()))),
      r -> status(map("conditions", List.of(map("type", r.nextInt(), "status", r.nextBoolean())))),
      r -> status(map("conditions", List.of(map("status", "True", "reason", "InstallSucceeded")))),
      r -> status(map("conditions", List.of(ready("True")), "observedGeneration", "gen-" + r.nextInt())),
      r -> status(map("conditions", List.of(withObservedGeneration(ready("Unknown"), List.of(r.nextInt()))))),
      r -> status(map("conditions", Arrays.asList(null, ready("False")))),
      r -> status(map("conditions", List.of(map("type", "Ready", "status", "True",
          "message", "m".repeat(64 * 1024 + r.nextInt(1024)), "observedGeneration", "huge")))),
      r -> spec("suspend", "yes-" + r.nextInt()),
      r -> spec("dependsOn", "bp-" + r.nextInt()));

  private static Object[] status(Object status) {
    return new Object[] {"status", status};
  }

  private static Object[] spec(String field, Object value) {
    return new Object[] {"spec", field, value};
  }

  private static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  private static Map<String, Object> ready(String status) {
    return map("type", "Ready", "status", status, "reason", "Whatever", "message", "m");
  }

  private static Map<String, Object> withObservedGeneration(Map<String, Object> c, Object g) {
    c.put("observedGeneration", g);
    return c;
  }

  @Test
  void brokenShapesAreCountedLoggedOnceAndNeverThrowOnTheInformerThread() throws Exception {
    FaultSize size = FaultSize.current();
    long seed = FaultSize.seed("malformed objects");
    Random random = new Random(seed);
    int n = size.malformed();

    try (FakeCluster cluster = FakeCluster.start(); CapturedOutput out = CapturedOutput.start()) {
      NonNamespaceOperation<GenericKubernetesResource, GenericKubernetesResourceList,
          Resource<GenericKubernetesResource>> ops =
          cluster.client().genericKubernetesResources(FakeCluster.context("v2")).inNamespace("flux-system");
      for (int i = 0; i < n; i++) {
        Object[] shape = SHAPES.get(i % SHAPES.size()).apply(random);
        GenericKubernetesResource r = FakeCluster.toResource(HelmReleases.named(Kits.name(i)), "v2");
        r.getMetadata().setResourceVersion(null);
        r.getAdditionalProperties().remove("status");
        if (shape[0].equals("spec")) {
          @SuppressWarnings("unchecked")
          Map<String, Object> spec = (Map<String, Object>) r.getAdditionalProperties().get("spec");
          spec.put((String) shape[1], shape[2]);
          ops.resource(r).create();
        } else {
          GenericKubernetesResource created = ops.resource(r).create();
          created.setAdditionalProperty("status", shape[1]);
          ops.resource(created).updateStatus();
        }
      }

      List<Throwable> uncaught = new ArrayList<>();
      Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
      Thread.setDefaultUncaughtExceptionHandler((t, e) -> {
        synchronized (uncaught) {
          uncaught.add(e);
        }
      });
      RecordingSink sink = new RecordingSink();
      Fabric8ReleaseSource source = Fabric8ReleaseSource.builder().client(cluster.client()).build();
      try (Watcher watcher = Watcher.builder(source).sink(sink).continuous().build()) {
        watcher.start();
        sink.awaitEvents(n, WAIT);
        assertThat(source.malformedCount()).as("malformed objects counted").isEqualTo(n);
      } finally {
        Thread.setDefaultUncaughtExceptionHandler(previous);
      }

      String log = out.text();
      long loggedMalformed = log.lines().filter(l -> l.contains(") is malformed: ")).count();
      System.out.println("[reliability] malformed objects: " + n + " served, " + source.malformedCount()
          + " counted, " + loggedMalformed + " logged, " + sink.events().size() + " events, "
          + uncaught.size() + " uncaught exceptions");
      assertThat(loggedMalformed).as("each malformed object logged once").isEqualTo(n);
      assertThat(uncaught).as("uncaught exceptions").isEmpty();
      assertThat(log).as("log output")
          .doesNotContain("Listener failed", "could not be processed", "Exception", "\tat ");
      assertThat(sink.events()).hasSize(n);
    }
  }
}
