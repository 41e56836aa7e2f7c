package io.helmwatch.fabric8;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.helmwatch.core.ComponentState;
import io.helmwatch.core.Subscription;
import io.helmwatch.core.ReleaseSelection;
import io.helmwatch.core.Watcher;
import io.helmwatch.jobs.InMemoryJobStore;
import io.helmwatch.jobs.JobsBridge;
import io.helmwatch.jobs.LogLine;
import io.helmwatch.testing.HelmReleases;
import io.helmwatch.testing.RecordingSink;
import io.helmwatch.testing.fabric8.FakeCluster;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The README's "helm-controller logs in the jobs table" example, end to end against a FakeCluster. */
class TailHelmControllerLogsExampleTest {
  private static final Duration WAIT = Duration.ofSeconds(15);

  @Test
  void controllerLinesLandInTheComponentsOpenExecution() {
    try (FakeCluster cluster = FakeCluster.start()) {
      cluster.create(HelmReleases.named("bp-cilium").progressing());
      cluster.runHelmController("helm-controller-7d9f", Instant.now().minusSeconds(3600));
      KubernetesClient client = cluster.client();
      RecordingSink states = new RecordingSink();
      Recorded<io.helmwatch.core.ComponentLog> routed = new Recorded<>();
      cluster.clearRequests();

      // --- README example starts
      InMemoryJobStore store = new InMemoryJobStore();
      JobsBridge bridge = JobsBridge.builder(store, "kit").build();
      ReleaseSelection kit = ReleaseSelection.namePrefix("bp-");   // bp-cilium is followed, as "cilium"
      Fabric8ReleaseSource source = Fabric8ReleaseSource.builder().client(client).selection(kit).build();
      try (Watcher watcher = Watcher.builder(source).selection(kit).sink(states).continuous().build();
          Subscription jobs = bridge.attach(watcher);
          HelmControllerLogTailer tailer = HelmControllerLogTailer.builder(client)
              .selection(kit, source)                  // the watcher's releases and ids
              .target(log -> {
                bridge.onLog(log);                     // or .sink(bridge)
                routed.accept(log);
              })
              .build()) {
        watcher.start();
        tailer.start();
        // --- README example ends

        states.awaitState("cilium", ComponentState.INSTALLING, WAIT);
        assertThat(jobs.flush(WAIT)).isTrue();
        cluster.podLog("helm-controller-7d9f", Instant.now().plusSeconds(1),
            "{\"level\":\"info\",\"ts\":\"2024-05-01T10:00:03Z\",\"msg\":\"running 'install' action\","
                + "\"controllerKind\":\"HelmRelease\",\"HelmRelease\":{\"name\":\"bp-cilium\",\"namespace\":"
                + "\"flux-system\"},\"name\":\"bp-cilium\",\"namespace\":\"flux-system\"}",
            "{\"level\":\"info\",\"msg\":\"not watched\",\"controllerKind\":\"HelmRelease\","
                + "\"HelmRelease\":{\"name\":\"podinfo\",\"namespace\":\"flux-system\"}}");
        routed.await(1, WAIT);
      }

      assertThat(store.lines("kit", "install-cilium", 1, 0, 10).lines()).extracting(LogLine::message)
          .containsExactly("[installing] Fulfilling prerequisites", "running 'install' action");
      assertThat(cluster.requests()).as("watcher and tailer only read").allMatch(r -> r.startsWith("GET "));
    }
  }
}
