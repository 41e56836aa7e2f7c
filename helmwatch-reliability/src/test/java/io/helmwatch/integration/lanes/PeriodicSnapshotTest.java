package io.helmwatch.integration.lanes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.helmwatch.core.ComponentSnapshot;
import io.helmwatch.core.ComponentState;
import io.helmwatch.core.Subscription;
import io.helmwatch.core.Watcher;
import io.helmwatch.testing.FakeReleaseSource;
import io.helmwatch.testing.HelmRelease;
import io.helmwatch.testing.HelmReleases;
import io.helmwatch.testing.ManualTime;
import io.helmwatch.testing.RecordingSink;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PeriodicSnapshotTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  private final FakeReleaseSource source = FakeReleaseSource.create();
  private final ManualTime time = ManualTime.create();

  @Test
  void everySinkReceivesTheWholeStateEveryPeriodInOrderWithEvents() {
    RecordingSink primary = new RecordingSink("primary");
    RecordingSink subscriber = new RecordingSink("subscriber");
    try (Watcher watcher = Watcher.builder(source).sink(primary).continuous()
        .clock(time.clock()).scheduler(time).snapshotEvery(Duration.ofMinutes(1)).build()) {
      Subscription sub = watcher.subscribe(subscriber);
      source.apply(HelmReleases.named("cilium"));
      watcher.start();
      time.advance(Duration.ofSeconds(59));
      assertThat(primary.snapshots()).isEmpty();

      time.advance(Duration.ofSeconds(1));
      source.patch("cilium", HelmRelease::installed);
      time.advance(Duration.ofMinutes(2));

      assertThat(primary.snapshots()).hasSize(3);
      assertThat(primary.snapshots().get(0)).extracting(ComponentSnapshot::state)
          .containsExactly(ComponentState.PENDING);
      assertThat(primary.snapshots().get(2)).extracting(ComponentSnapshot::state)
          .containsExactly(ComponentState.INSTALLED);
      assertThat(sub.flush(WAIT)).isTrue();
      assertThat(subscriber.received()).isEqualTo(primary.received());
    }
  }

  @Test
  void snapshotsStopWhenTheWatchEnds() {
    RecordingSink primary = new RecordingSink("primary");
    try (Watcher watcher = Watcher.builder(source).sink(primary)
        .clock(time.clock()).scheduler(time).snapshotEvery(Duration.ofMinutes(1)).build()) {
      source.apply(HelmReleases.named("cilium").installed());
      watcher.start();
      assertThat(primary.outcome()).isPresent();
      time.advance(Duration.ofMinutes(5));
      assertThat(primary.snapshots()).isEmpty();
      assertThat(time.pendingTasks()).isZero();
    }
  }

  @Test
  void snapshotPeriodMustBePositive() {
    assertThatThrownBy(() -> Watcher.builder(source).snapshotEvery(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("snapshotEvery must be positive");
  }
}
