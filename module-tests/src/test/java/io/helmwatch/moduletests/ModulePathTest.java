package io.helmwatch.moduletests;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.Config;
import io.helmwatch.cloudevents.CloudEventsFormat;
import io.helmwatch.core.ComponentEvent;
import io.helmwatch.core.ComponentState;
import io.helmwatch.core.Subscription;
import io.helmwatch.core.Watcher;
import io.helmwatch.core.sink.EventFormat;
import io.helmwatch.fabric8.Fabric8ReleaseSource;
import io.helmwatch.jobs.FileJobStore;
import io.helmwatch.jobs.Job;
import io.helmwatch.jobs.JobStatus;
import io.helmwatch.jobs.JobsBridge;
import io.helmwatch.testing.FakeReleaseSource;
import io.helmwatch.testing.HelmReleases;
import io.helmwatch.testing.RecordingSink;
import io.helmwatch.testing.junit5.EventSinkContract;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * helmwatch's published jars used as modules by a modular application: every helmwatch type below is
 * loaded from a named module, and this test from {@code io.helmwatch.moduletests}, which reads them only
 * through their {@code requires}.
 */
class ModulePathTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void runsAsNamedModules() {
    assertThat(getClass().getModule().getName()).isEqualTo("io.helmwatch.moduletests");
    assertThat(LinesSink.class.getModule()).isSameAs(getClass().getModule());
    assertThat(Watcher.class.getModule().getName()).isEqualTo("io.helmwatch.core");
    assertThat(JobsBridge.class.getModule().getName()).isEqualTo("io.helmwatch.jobs");
    assertThat(Fabric8ReleaseSource.class.getModule().getName()).isEqualTo("io.helmwatch.fabric8");
    assertThat(CloudEventsFormat.class.getModule().getName()).isEqualTo("io.helmwatch.cloudevents");
    assertThat(FakeReleaseSource.class.getModule().getName()).isEqualTo("io.helmwatch.testing");
    assertThat(EventSinkContract.class.getModule().getName()).isEqualTo("io.helmwatch.testing.junit5");
    for (Class<?> type : List.of(Watcher.class, JobsBridge.class, Fabric8ReleaseSource.class,
        CloudEventsFormat.class, FakeReleaseSource.class)) {
      assertThat(type.getModule().getDescriptor().isAutomatic())
          .as("%s has a module descriptor of its own", type.getModule().getName()).isFalse();
    }
  }

  @Test
  void coreExportsNoEngineToTheUsersModuleNorToTheContract() {
    Module core = Watcher.class.getModule();
    List<String> internal = core.getPackages().stream().filter(p -> p.contains(".internal")).sorted().toList();
    assertThat(internal).contains("io.helmwatch.core.internal.lane");
    for (Module reader : List.of(getClass().getModule(), EventSinkContract.class.getModule())) {
      assertThat(internal).as("core's internal packages exported to %s", reader.getName())
          .noneMatch(p -> core.isExported(p, reader));
    }
  }

  @Test
  void aWatcherOverAFakeSourceDeliversToTheUsersSink() {
    FakeReleaseSource source = FakeReleaseSource.create();
    LinesSink lines = new LinesSink();
    RecordingSink recording = new RecordingSink();
    try (Watcher watcher = Watcher.builder(source).sink(recording).continuous().build()) {
      Subscription subscription = watcher.subscribe(lines);
      watcher.start();
      source.apply(HelmReleases.named("bp-cilium").runningAction().actionSucceeded());
      recording.awaitState("bp-cilium", ComponentState.INSTALLED, WAIT);
      assertThat(subscription.flush(WAIT)).isTrue();
    }
    assertThat(lines.lines()).anySatisfy(l -> assertThat(l).startsWith("event bp-cilium installed"));
  }

  @Test
  void aJobsBridgeKeepsJobsInAFileJobStore(@TempDir Path dir) {
    FileJobStore store = FileJobStore.open(dir);
    FakeReleaseSource source = FakeReleaseSource.create();
    RecordingSink recording = new RecordingSink();
    try (Watcher watcher = Watcher.builder(source).sink(recording).continuous().build()) {
      Subscription jobs = watcher.subscribe(JobsBridge.builder(store, "sovereign-1").build());
      watcher.start();
      source.apply(HelmReleases.named("bp-cilium").runningAction().actionSucceeded());
      recording.awaitState("bp-cilium", ComponentState.INSTALLED, WAIT);
      assertThat(jobs.flush(WAIT)).isTrue();
    }
    assertThat(FileJobStore.open(dir).job("sovereign-1", "install-bp-cilium")).get()
        .extracting(Job::status).isEqualTo(JobStatus.SUCCEEDED);
  }

  @Test
  void aCloudEventIsFormatted() {
    FakeReleaseSource source = FakeReleaseSource.create();
    RecordingSink recording = new RecordingSink();
    ComponentEvent installed;
    try (Watcher watcher = Watcher.builder(source).sink(recording).continuous().build()) {
      watcher.start();
      source.apply(HelmReleases.named("bp-cilium").runningAction().actionSucceeded());
      installed = recording.awaitState("bp-cilium", ComponentState.INSTALLED, WAIT);
    }
    EventFormat.Message message = CloudEventsFormat.structured().event(installed);
    assertThat(message.contentType()).isEqualTo("application/cloudevents+json");
    assertThat(message.body()).contains("\"specversion\":\"1.0\"", "\"type\":\"io.helmwatch.component.installed\"");
  }

  @Test
  void aFabric8ReleaseSourceIsBuiltWithoutACluster() {
    Config config = Config.empty();
    config.setMasterUrl("https://127.0.0.1:6443");
    Fabric8ReleaseSource source = Fabric8ReleaseSource.builder().config(config).cluster("west")
        .namespace("flux-system").build();
    try {
      assertThat(source.cluster()).isEqualTo("west");
      assertThat(source.isWatching()).isFalse();
    } finally {
      source.close();
    }
  }
}
