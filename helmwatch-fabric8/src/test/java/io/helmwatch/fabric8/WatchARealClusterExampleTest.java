package io.helmwatch.fabric8;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.helmwatch.core.WatchOutcome;
import io.helmwatch.core.WatchResult;
import io.helmwatch.core.Watcher;
import io.helmwatch.testing.HelmReleases;
import io.helmwatch.testing.fabric8.FakeCluster;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The README's "Watch a real cluster" example, compiled and run against a {@link FakeCluster}. */
class WatchARealClusterExampleTest {

  // README snippet: from here ...
  static WatchResult watchBootstrapKit(KubernetesClient client) {
    Fabric8ReleaseSource source = Fabric8ReleaseSource.builder()
        .client(client)                      // e.g. new KubernetesClientBuilder().build()
        .namespace("flux-system")
        .build();
    try (Watcher watcher = Watcher.builder(source)
        .namePrefix("bp-")
        .expectAtLeast(1)
        .timeout(Duration.ofMinutes(30))
        .sink(event -> System.out.printf("%s %s: %s%n",
            event.component(), event.state().wireName(), event.message()))
        .build()) {
      return watcher.start().join();
    }
  }
  // ... to here.

  @Test
  void theExampleWatchesAClusterToTheEnd() {
    try (FakeCluster cluster = FakeCluster.start()) {
      cluster.create(HelmReleases.named("bp-cilium").installed());
      assertThat(watchBootstrapKit(cluster.client()).outcome()).isEqualTo(WatchOutcome.READY);
    }
  }
}
