package io.helmwatch.integration.watcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.helmwatch.core.CompositeReleaseSource;
import io.helmwatch.core.WatchOutcome;
import io.helmwatch.core.WatchResult;
import io.helmwatch.core.Watcher;
import io.helmwatch.testing.FakeReleaseSource;
import io.helmwatch.testing.HelmRelease;
import io.helmwatch.testing.HelmReleases;
import io.helmwatch.testing.ManualTime;
import io.helmwatch.testing.RecordingSink;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class MultiClusterTest {

  @Test
  void componentsOfSecondaryClustersAreQualifiedAndTheWatchWaitsForEveryClusterToSync() {
    FakeReleaseSource primary = FakeReleaseSource.create();
    FakeReleaseSource sin2 = FakeReleaseSource.forCluster("sin-2").holdInitialList();
    primary.apply(HelmReleases.named("bp-powerdns").installed());
    sin2.apply(HelmReleases.named("bp-reloader").progressing());
    ManualTime time = ManualTime.create();
    RecordingSink sink = new RecordingSink();

    try (Watcher watcher = Watcher.builder(CompositeReleaseSource.of(primary, sin2)).namePrefix("bp-")
        .sink(sink).clock(time.clock()).scheduler(time).build()) {
      CompletableFuture<WatchResult> result = watcher.start();
      sin2.patch("bp-reloader", HelmRelease::installed);
      assertThat(result).as("sin-2 has not synced").isNotDone();
      sin2.finishInitialList();

      assertThat(result.join().outcome()).isEqualTo(WatchOutcome.READY);
      assertThat(sink.events()).extracting(e -> e.component().value())
          .containsExactly("powerdns", "sin-2:reloader", "sin-2:reloader");
      assertThat(primary.isStarted()).isFalse();
      assertThat(sin2.isStarted()).isFalse();
    }
  }

  @Test
  void twoSourcesForOneClusterAreRejected() {
    assertThatThrownBy(() -> CompositeReleaseSource.of(FakeReleaseSource.create(), FakeReleaseSource.create()))
        .hasMessageContaining("two sources watch cluster 'primary'");
  }
}
