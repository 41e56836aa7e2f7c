package io.helmwatch.fabric8;

import static org.assertj.core.api.Assertions.assertThat;

import io.helmwatch.core.ComponentState;
import io.helmwatch.core.CompositeReleaseSource;
import io.helmwatch.core.WatchNotice;
import io.helmwatch.core.Watcher;
import io.helmwatch.testing.HelmReleases;
import io.helmwatch.testing.RecordingSink;
import io.helmwatch.testing.fabric8.FakeCluster;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A cluster whose watch fails and then works again says so with one {@code SOURCE_RECOVERED} notice. */
class SourceRecoveredNoticeTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @Test
  void aClusterThatComesBackReportsRecoveredOnceAfterItsErrorsThroughTheComposite() {
    try (FakeCluster primary = FakeCluster.start();
        FakeCluster late = FakeCluster.builder().withoutHelmReleaseCrd().start()) {
      primary.create(HelmReleases.named("cilium").installed());
      RecordingSink sink = new RecordingSink();
      var source = CompositeReleaseSource.of(
          Fabric8ReleaseSource.builder().client(primary.client()).build(),
          Fabric8ReleaseSource.builder().client(late.client()).cluster("sin-2").waitForCrd(true)
              .crdRetryBackoff(Duration.ofMillis(20), Duration.ofMillis(40)).build());
      try (Watcher watcher = Watcher.builder(source).sink(sink).continuous().build()) {
        watcher.start();
        sink.awaitState("cilium", ComponentState.INSTALLED, WAIT);
        late.awaitRefusedHelmReleaseRequests(2, WAIT);
        late.installHelmReleaseCrd();
        late.create(HelmReleases.named("reloader").installed());
        sink.awaitState("sin-2:reloader", ComponentState.INSTALLED, WAIT);
      }
      List<WatchNotice> sin2 = sink.notices().stream().filter(n -> "sin-2".equals(n.cluster())).toList();
      assertThat(sin2).extracting(WatchNotice::kind).as("errors first, then one recovery")
          .startsWith(WatchNotice.Kind.SOURCE_ERROR, WatchNotice.Kind.SOURCE_ERROR)
          .endsWith(WatchNotice.Kind.SOURCE_RECOVERED)
          .containsOnlyOnce(WatchNotice.Kind.SOURCE_RECOVERED);
      assertThat(sink.notices()).filteredOn(n -> "primary".equals(n.cluster())).isEmpty();
      assertThat(sin2.get(sin2.size() - 1).message()).isEqualTo("watching again");
    }
  }
}
