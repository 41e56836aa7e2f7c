package io.helmwatch.integration.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.helmwatch.core.Subscription;
import io.helmwatch.core.WatchOutcome;
import io.helmwatch.core.Watcher;
import io.helmwatch.jobs.ExecutionStatus;
import io.helmwatch.jobs.FileJobStore;
import io.helmwatch.jobs.Job;
import io.helmwatch.jobs.JobStatus;
import io.helmwatch.jobs.JobsBridge;
import io.helmwatch.jobs.LogLine;
import io.helmwatch.testing.FakeReleaseSource;
import io.helmwatch.testing.HelmReleases;
import io.helmwatch.testing.ManualTime;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A JobsBridge wired through {@code watcher.subscribe}, fed by a fake source, over files. */
class JobsBridgeEndToEndTest {
  @TempDir Path root;
  private final ManualTime time = ManualTime.create();

  private Watcher watcher(FakeReleaseSource source) {
    return Watcher.builder(source).namePrefix("bp-").expectAtLeast(2).clock(time.clock()).scheduler(time).build();
  }

  private List<String> lines(FileJobStore store, String job, int execution) {
    return store.lines("kit", job, execution, 0, 100).lines().stream().map(LogLine::message).toList();
  }

  @Test
  void rolloutThroughSubscribeFillsTheJobsTable() {
    FakeReleaseSource source = FakeReleaseSource.create();
    source.apply(HelmReleases.named("bp-cilium"));
    source.apply(HelmReleases.named("bp-flux").dependsOn("bp-cilium"));
    FileJobStore store = FileJobStore.open(root);
    JobsBridge bridge = JobsBridge.builder(store, "kit").clock(time.clock()).build();

    try (Watcher watcher = watcher(source); Subscription sub = bridge.attach(watcher)) {
      watcher.start();
      source.patch("bp-cilium", r -> r.progressing());
      time.advance(Duration.ofSeconds(30));
      source.patch("bp-cilium", r -> r.installed());
      source.patch("bp-flux", r -> r.progressing());
      source.patch("bp-flux", r -> r.installed());

      assertThat(watcher.result().join().outcome()).isEqualTo(WatchOutcome.READY);
    }

    assertThat(store.jobs("kit")).extracting(Job::name, Job::status).containsExactly(
        org.assertj.core.groups.Tuple.tuple("install-cilium", JobStatus.SUCCEEDED),
        org.assertj.core.groups.Tuple.tuple("install-flux", JobStatus.SUCCEEDED));
    Job cilium = store.job("kit", "install-cilium").orElseThrow();
    assertThat(cilium.executions()).singleElement().satisfies(e -> {
      assertThat(e.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
      assertThat(e.duration()).isEqualTo(Duration.ofSeconds(30));
    });
    assertThat(lines(store, "install-cilium", 1)).containsExactly(
        "[installing] Fulfilling prerequisites",
        "[installed] Helm install succeeded for release flux-system/bp-cilium");
    assertThat(store.job("kit", "install-flux").orElseThrow().dependsOn()).containsExactly("install-cilium");
  }

  @Test
  void restartedProcessOverTheSameDirectoryContinuesTheRollout() {
    FakeReleaseSource source = FakeReleaseSource.create();
    source.apply(HelmReleases.named("bp-cilium").progressing());
    source.apply(HelmReleases.named("bp-flux").dependsOn("bp-cilium").waitingForDependency());
    try (Watcher first = watcher(source)) {
      JobsBridge bridge = JobsBridge.builder(FileJobStore.open(root), "kit").clock(time.clock()).build();
      first.subscribe(bridge);
      first.start();
    }

    FileJobStore store = FileJobStore.open(root);
    JobsBridge bridge = JobsBridge.builder(store, "kit").clock(time.clock()).build();
    try (Watcher second = watcher(source)) {
      bridge.attach(second);
      second.start();
      source.patch("bp-cilium", r -> r.installed());
      source.patch("bp-flux", r -> r.installed());
      assertThat(second.result().join().outcome()).isEqualTo(WatchOutcome.READY);
    }

    assertThat(store.executions("kit", "install-cilium")).singleElement()
        .extracting(e -> e.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(lines(store, "install-cilium", 1)).containsExactly(
        "[installing] Fulfilling prerequisites",
        "[installed] Helm install succeeded for release flux-system/bp-cilium");
    assertThat(store.executions("kit", "install-flux")).singleElement()
        .extracting(e -> e.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
  }
}
