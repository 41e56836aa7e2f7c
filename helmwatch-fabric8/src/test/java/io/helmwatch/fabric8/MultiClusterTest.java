package io.helmwatch.fabric8;

import static org.assertj.core.api.Assertions.assertThat;

import io.helmwatch.core.ComponentId;
import io.helmwatch.core.ComponentState;
import io.helmwatch.core.CompositeReleaseSource;
import io.helmwatch.core.WatchNotice;
import io.helmwatch.core.WatchOutcome;
import io.helmwatch.core.WatchResult;
import io.helmwatch.core.Watcher;
import io.helmwatch.core.flux.FluxReasons;
import io.helmwatch.testing.HelmReleases;
import io.helmwatch.testing.RecordingSink;
import io.helmwatch.testing.fabric8.FakeCluster;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** One watcher over two clusters through core's {@link CompositeReleaseSource}. */
class MultiClusterTest {
  private static final Duration WAIT = Duration.ofSeconds(15);

  @Test
  void twoClustersFeedOneWatcherWithQualifiedIdsAndIndependentStates() throws Exception {
    try (FakeCluster primary = FakeCluster.start(); FakeCluster sin2 = FakeCluster.start()) {
      primary.create(HelmReleases.named("reloader").installed());
      sin2.create(HelmReleases.named("reloader").runningAction().installFailed("install failed"));
      RecordingSink sink = new RecordingSink();
      var source = CompositeReleaseSource.of(
          Fabric8ReleaseSource.builder().client(primary.client()).build(),
          Fabric8ReleaseSource.builder().client(sin2.client()).cluster("sin-2").build());
      try (Watcher watcher = Watcher.builder(source).sink(sink).expectAtLeast(2).build()) {
        WatchResult result = watcher.start().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(result.outcome()).isEqualTo(WatchOutcome.FAILED);
        assertThat(result.states())
            .containsEntry(ComponentId.of("reloader"), ComponentState.INSTALLED)
            .containsEntry(ComponentId.of("sin-2:reloader"), ComponentState.FAILED);
      }
      assertThat(sink.statesOf("reloader")).containsExactly(ComponentState.INSTALLED);
      assertThat(sink.statesOf("sin-2:reloader")).containsExactly(ComponentState.FAILED);
    }
  }

  @Test
  void anUnreachableClusterReportsNoticesAndDoesNotStallTheOthers() {
    try (FakeCluster primary = FakeCluster.start()) {
      primary.create(HelmReleases.named("reloader").progressing());
      String kubeconfig = """
          apiVersion: v1
          kind: Config
          clusters: [{name: gone, cluster: {server: "http://127.0.0.1:1"}}]
          users: [{name: u, user: {token: s3cr3t-token}}]
          contexts: [{name: gone, context: {cluster: gone, user: u}}]
          current-context: gone
          """;
      var gone = Kubeconfigs.fromString(kubeconfig, null);
      // Fail fast instead of fabric8's default request retries, so the notice comes within the test's wait.
      gone.setRequestRetryBackoffLimit(0);
      gone.setConnectionTimeout(1000);
      RecordingSink sink = new RecordingSink();
      var source = CompositeReleaseSource.of(
          Fabric8ReleaseSource.builder().client(primary.client()).build(),
          Fabric8ReleaseSource.builder().config(gone).cluster("sin-2").build());
      try (Watcher watcher = Watcher.builder(source).sink(sink).continuous().build()) {
        watcher.start();
        sink.awaitState("reloader", ComponentState.INSTALLING, WAIT);
        primary.patchStatus("reloader", r -> r.installed());
        sink.awaitState("reloader", ComponentState.INSTALLED, WAIT);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (sink.notices().stream().noneMatch(n -> "sin-2".equals(n.cluster()))
            && System.nanoTime() < deadline) {
          java.util.concurrent.locks.LockSupport.parkNanos(10_000_000);
        }
      }
      assertThat(sink.notices()).filteredOn(n -> "sin-2".equals(n.cluster())).isNotEmpty()
          .allSatisfy(n -> {
            assertThat(n.kind()).isIn(WatchNotice.Kind.SOURCE_ERROR, WatchNotice.Kind.SOURCE_STOPPED);
            assertThat(n.message()).doesNotContain("s3cr3t");
          });
    }
  }
}
