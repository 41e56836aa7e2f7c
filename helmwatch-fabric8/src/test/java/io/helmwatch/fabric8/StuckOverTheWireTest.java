package io.helmwatch.fabric8;

import static io.helmwatch.core.ComponentState.INSTALLING;
import static org.assertj.core.api.Assertions.assertThat;

import io.helmwatch.core.ComponentId;
import io.helmwatch.core.WatchNotice;
import io.helmwatch.core.Watcher;
import io.helmwatch.testing.HelmReleases;
import io.helmwatch.testing.ManualTime;
import io.helmwatch.testing.RecordingSink;
import io.helmwatch.testing.fabric8.FakeCluster;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The helm-controller#1409 shape written into a {@link FakeCluster} and read over HTTP through the view and
 * the lean cache: the watcher reports it stuck with Helm's record and the release's own timeout.
 */
class StuckOverTheWireTest {
  private static final Duration WAIT = Duration.ofSeconds(15);

  @Test
  void aDeployedReleaseWhoseReadyNeverClearsIsReportedStuckOnce() {
    ManualTime time = ManualTime.create();
    RecordingSink sink = new RecordingSink();
    try (FakeCluster cluster = FakeCluster.start();
        Watcher watcher = Watcher.builder(Fabric8ReleaseSource.builder().client(cluster.client()).leanCache(true)
            .build()).sink(sink).continuous().clock(time.clock()).scheduler(time).build()) {
      cluster.create(HelmReleases.named("podinfo").timeout("3m0s").deployedButReadyNeverCleared());
      watcher.start();
      sink.awaitState("podinfo", INSTALLING, WAIT);

      time.advance(Duration.ofMinutes(5).plusSeconds(55));
      assertThat(sink.notices()).isEmpty();
      time.advance(Duration.ofSeconds(5));
      time.advance(Duration.ofHours(1));

      assertThat(sink.notices()).singleElement().satisfies(n -> {
        assertThat(n.kind()).isEqualTo(WatchNotice.Kind.STUCK);
        assertThat(n.component()).isEqualTo(ComponentId.of("podinfo"));
        assertThat(n.message())
            .startsWith("podinfo (flux-system/podinfo) has been installing for 6m (stuck after 6m, twice"
                + " spec.timeout 3m0s)")
            .contains("history[0].status=deployed for the current generation 1 while Ready is not True")
            .contains("Running 'install' action with timeout of 3m0s");
      });
    }
  }
}
