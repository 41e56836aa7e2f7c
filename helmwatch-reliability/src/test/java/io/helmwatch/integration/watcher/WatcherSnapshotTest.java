package io.helmwatch.integration.watcher;

import static io.helmwatch.core.ComponentState.INSTALLED;
import static io.helmwatch.core.ComponentState.PENDING;
import static org.assertj.core.api.Assertions.assertThat;

import io.helmwatch.core.ComponentId;
import io.helmwatch.core.ComponentSnapshot;
import io.helmwatch.core.ReleaseDetails;
import io.helmwatch.core.ReleaseKey;
import io.helmwatch.core.Watcher;
import io.helmwatch.testing.FakeReleaseSource;
import io.helmwatch.testing.HelmReleases;
import io.helmwatch.testing.ManualTime;
import io.helmwatch.testing.RecordingSink;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Snapshot and initial sync section of the original behaviour. */
class WatcherSnapshotTest {
  private static final Instant READY_AT = Instant.parse("2026-05-15T19:16:00Z");

  private final FakeReleaseSource source = FakeReleaseSource.create();
  private final ManualTime time = ManualTime.create();
  private Watcher watcher;

  private Watcher build() {
    watcher = Watcher.builder(source).namePrefix("bp-").sink(new RecordingSink()).continuous()
        .clock(time.clock()).scheduler(time).build();
    return watcher;
  }

  @AfterEach
  void close() {
    watcher.close();
  }

  @Test
  void snapshotListsEachComponentWithReleaseReadyTimeMessageStrippedDependenciesAndStateTime() {
    source.apply(HelmReleases.named("bp-cilium").at(READY_AT).installed());
    source.apply(HelmReleases.named("bp-cert-manager").dependsOn("bp-cilium").waitingForDependency());
    build().start();

    assertThat(watcher.snapshot()).containsExactly(
        new ComponentSnapshot(ComponentId.of("cert-manager"), PENDING,
            ReleaseKey.of("flux-system", "bp-cert-manager"), HelmReleases.DEFAULT_TIME,
            "dependency 'flux-system/bp-cilium' is not ready", List.of(ComponentId.of("cilium")),
            new ReleaseDetails("DependencyNotReady", "", "bp-cert-manager", "", "", 0, 0, 0), time.now()),
        new ComponentSnapshot(ComponentId.of("cilium"), INSTALLED, ReleaseKey.of("flux-system", "bp-cilium"),
            READY_AT, "Helm install succeeded for release flux-system/bp-cilium", List.of(),
            new ReleaseDetails("InstallSucceeded", "install", "bp-cilium", "", "", 0, 0, 0), time.now()));
  }

  @Test
  void snapshotOfAReleaseWithoutReadyHasNoReadyTime() {
    source.apply(HelmReleases.named("bp-cilium"));
    build().start();
    assertThat(watcher.snapshot()).singleElement().satisfies(s -> assertThat(s.readySince()).isNull());
  }

  @Test
  void initialListSyncedHookRunsExactlyOnceWithTheSnapshot() {
    source.apply(HelmReleases.named("bp-cilium").installed());
    source.holdInitialList();
    List<List<ComponentSnapshot>> calls = new ArrayList<>();
    build().onInitialListSynced(calls::add);
    watcher.start();
    assertThat(calls).as("not before the list has synced").isEmpty();

    source.finishInitialList();
    source.relist();
    source.finishInitialList();

    assertThat(calls).hasSize(1);
    assertThat(calls.get(0)).extracting(s -> s.component().value()).containsExactly("cilium");
  }

  @Test
  void aHookRegisteredAfterTheSyncRunsAtOnce() {
    source.apply(HelmReleases.named("bp-cilium").installed());
    build().start();
    List<List<ComponentSnapshot>> calls = new ArrayList<>();
    watcher.onInitialListSynced(calls::add);
    assertThat(calls).hasSize(1);
    assertThat(calls.get(0)).hasSize(1);
  }

  @Test
  void aThrowingHookDoesNotKeepOthersFromRunning() {
    source.holdInitialList();
    List<String> ran = new ArrayList<>();
    build().onInitialListSynced(s -> {
      throw new IllegalStateException("hook bug");
    });
    watcher.onInitialListSynced(s -> ran.add("second"));
    watcher.start();
    source.finishInitialList();
    assertThat(ran).containsExactly("second");
  }
}
