package io.helmwatch.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.helmwatch.core.ComponentEvent;
import io.helmwatch.core.ComponentId;
import io.helmwatch.core.ComponentSnapshot;
import io.helmwatch.core.ComponentState;
import io.helmwatch.core.EmissionCause;
import io.helmwatch.core.EventLevel;
import io.helmwatch.core.EventSink;
import io.helmwatch.core.ReleaseKey;
import io.helmwatch.core.Subscription;
import io.helmwatch.core.WatchNotice;
import io.helmwatch.core.Watcher;
import io.helmwatch.core.flux.FluxReasons;
import io.helmwatch.testing.FakeReleaseSource;
import io.helmwatch.testing.HelmRelease;
import io.helmwatch.testing.HelmReleases;
import io.helmwatch.testing.ManualTime;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MicrometerSinkTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final MicrometerSink metrics = new MicrometerSink(registry);
  private final FakeReleaseSource source = FakeReleaseSource.create();
  private final ManualTime time = ManualTime.create();

  private double components(String cluster, ComponentState state) {
    return registry.get(MicrometerSink.COMPONENTS).tag("cluster", cluster).tag("state", state.wireName()).gauge()
        .value();
  }

  private double transitions(String from, String to) {
    return registry.get(MicrometerSink.TRANSITIONS).tag("from", from).tag("to", to).counter().count();
  }

  private Watcher watcher() {
    return Watcher.builder(source).sink(metrics).continuous().clock(time.clock()).scheduler(time).build();
  }

  private double drifted(String component) {
    return registry.get(MicrometerSink.DRIFTED).tag("cluster", "primary").tag("component", component).gauge()
        .value();
  }

  @Test
  void theDriftedGaugeIsOneWhileTheReleaseHasDriftedAndGoesWithTheComponent() {
    try (Watcher watcher = watcher()) {
      HelmRelease installed = HelmReleases.named("podinfo").driftDetection("warn").runningAction()
          .actionSucceeded();
      source.apply(installed);
      watcher.start();
      assertThat(drifted("podinfo")).isZero();
      source.apply(installed.drifted("Deployment/podinfo/podinfo changed (0 additions, 1 changes, 0 removals)"));
      assertThat(drifted("podinfo")).isEqualTo(1);
      assertThat(components("primary", ComponentState.INSTALLED)).as("warn mode: still installed").isEqualTo(1);
      source.patch("podinfo", HelmRelease::driftCorrected);
      assertThat(drifted("podinfo")).isZero();
      source.delete("podinfo");
      assertThat(registry.find(MicrometerSink.DRIFTED).gauges()).isEmpty();
    }
  }

  @Test
  void gaugeCountsComponentsPerStateAndCluster() {
    try (Watcher watcher = watcher()) {
      source.apply(HelmReleases.named("cilium"));
      source.apply(HelmReleases.named("flux"));
      watcher.start();
      assertThat(components("primary", ComponentState.PENDING)).isEqualTo(2);
      source.patch("cilium", HelmRelease::installed);
      assertThat(components("primary", ComponentState.PENDING)).isEqualTo(1);
      assertThat(components("primary", ComponentState.INSTALLED)).isEqualTo(1);
      source.delete("flux");
      assertThat(components("primary", ComponentState.PENDING)).isZero();
    }
    metrics.onEvent(event("sin-2:reloader", "sin-2", ComponentState.FAILED, null));
    assertThat(components("sin-2", ComponentState.FAILED)).isEqualTo(1);
    assertThat(components("primary", ComponentState.INSTALLED)).isEqualTo(1);
  }

  @Test
  void transitionsAreCountedByFromAndTo() {
    try (Watcher watcher = watcher()) {
      source.apply(HelmReleases.named("cilium"));
      watcher.start();
      source.patch("cilium", HelmRelease::progressing);
      source.patch("cilium", HelmRelease::installed);
      source.patch("cilium", hr -> hr.bumpGeneration().progressing());
      source.patch("cilium", HelmRelease::installed);
    }
    assertThat(transitions("none", "pending")).isEqualTo(1);
    assertThat(transitions("pending", "installing")).isEqualTo(1);
    assertThat(transitions("installing", "installed")).isEqualTo(2);
    assertThat(transitions("installed", "installing")).isEqualTo(1);
  }

  @Test
  void installDurationRunsFromTheFirstNonPendingStateToTheTerminalOneInEventTime() {
    try (Watcher watcher = watcher()) {
      source.apply(HelmReleases.named("cilium"));
      watcher.start();
      time.advance(Duration.ofSeconds(5));
      source.patch("cilium", HelmRelease::progressing);
      time.advance(Duration.ofSeconds(30));
      source.patch("cilium", hr -> hr.notReady("HealthCheckFailed", "not yet"));
      time.advance(Duration.ofSeconds(30));
      source.patch("cilium", HelmRelease::installed);
      source.apply(HelmReleases.named("flux").runningAction().installFailed("boom"));
    }
    var installed = registry.get(MicrometerSink.INSTALL_DURATION).tag("result", "installed").timer();
    assertThat(installed.count()).isEqualTo(1);
    assertThat(installed.totalTime(TimeUnit.SECONDS)).isEqualTo(60);
    assertThat(registry.find(MicrometerSink.INSTALL_DURATION).tag("result", "failed").timer())
        .as("first seen already failed: its start was not seen").isNull();
  }

  @Test
  void recoveryDurationTimesADegradedEpisodeUntilInstalled() {
    try (Watcher watcher = watcher()) {
      source.apply(HelmReleases.named("cilium").progressing());
      watcher.start();
      time.advance(Duration.ofSeconds(5));
      source.patch("cilium", hr -> hr.notReady("HealthCheckFailed", "not yet"));
      time.advance(Duration.ofSeconds(40));
      source.patch("cilium", HelmRelease::installed);
    }
    var recovery = registry.get(MicrometerSink.RECOVERY_DURATION).tag("cluster", "primary").timer();
    assertThat(recovery.count()).isEqualTo(1);
    assertThat(recovery.totalTime(TimeUnit.SECONDS)).isEqualTo(40);
  }

  @Test
  void aSnapshotResetsTheCounts() {
    metrics.onEvent(event("a", "primary", ComponentState.INSTALLING, null));
    metrics.onEvent(event("b", "primary", ComponentState.INSTALLING, null));
    metrics.onSnapshot(List.of(new ComponentSnapshot(ComponentId.of("a"), ComponentState.INSTALLED,
        ReleaseKey.of("flux-system", "a"), null, "", List.of())));
    assertThat(components("primary", ComponentState.INSTALLING)).isZero();
    assertThat(components("primary", ComponentState.INSTALLED)).isEqualTo(1);
  }

  @Test
  void timeInStateIsAGaugePerComponentTaggedWithItsCurrentState() {
    MockClock clock = new MockClock();
    SimpleMeterRegistry timed = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);
    MicrometerSink sink = new MicrometerSink(timed);
    clock.add(time.now().toEpochMilli() - clock.wallTime(), TimeUnit.MILLISECONDS);
    try (Watcher watcher = Watcher.builder(source).sink(sink).continuous().clock(time.clock()).scheduler(time)
        .snapshotEvery(Duration.ofMinutes(1)).build()) {
      source.apply(HelmReleases.named("cilium").runningAction());
      watcher.start();
      advance(clock, Duration.ofMinutes(4));
      assertThat(timed.get(MicrometerSink.STATE_SECONDS).tag("component", "cilium").tag("state", "installing")
          .tag("cluster", "primary").gauge().value()).isEqualTo(240);

      source.patch("cilium", HelmRelease::actionSucceeded);
      advance(clock, Duration.ofSeconds(90));
      assertThat(timed.find(MicrometerSink.STATE_SECONDS).tag("state", "installing").gauge())
          .as("the old state's series is gone").isNull();
      assertThat(timed.get(MicrometerSink.STATE_SECONDS).tag("component", "cilium").tag("state", "installed")
          .gauge().value()).isEqualTo(90);

      source.delete("cilium");
      assertThat(timed.find(MicrometerSink.STATE_SECONDS).gauges()).isEmpty();
    }
  }

  @Test
  void aSnapshotSetsTheTimeInStateToTheWatchersOwn() {
    MockClock clock = new MockClock();
    SimpleMeterRegistry timed = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);
    MicrometerSink sink = new MicrometerSink(timed);
    java.time.Instant now = java.time.Instant.ofEpochMilli(clock.wallTime());
    sink.onEvent(event("a", "primary", ComponentState.INSTALLING, null));
    sink.onEvent(event("gone", "primary", ComponentState.INSTALLING, null));
    sink.onSnapshot(List.of(new ComponentSnapshot(ComponentId.of("a"), ComponentState.INSTALLING,
        ReleaseKey.of("flux-system", "a"), null, "", List.of(), io.helmwatch.core.ReleaseDetails.NONE,
        now.minusSeconds(600))));
    assertThat(timed.get(MicrometerSink.STATE_SECONDS).tag("component", "a").gauge().value()).isEqualTo(600);
    assertThat(timed.find(MicrometerSink.STATE_SECONDS).tag("component", "gone").gauge())
        .as("not in the snapshot: no longer watched").isNull();
  }

  private void advance(MockClock clock, Duration by) {
    time.advance(by);
    clock.add(by);
  }

  @Test
  void laneFailuresAndNoticesAreCounted() {
    EventSink broken = e -> {
      throw new IllegalStateException("down");
    };
    try (Watcher watcher = watcher()) {
      Subscription lane = watcher.subscribe(broken);
      metrics.bindLane(lane).bindWatcher(watcher);
      watcher.start();
      source.apply(HelmReleases.named("cilium"));
      source.fail("watch dropped");
      assertThat(lane.flush(Duration.ofSeconds(5))).isTrue();
      assertThat(registry.get(MicrometerSink.SINK_FAILURES).tag("sink", lane.sink().name()).functionCounter()
          .count()).isEqualTo(1);
      assertThat(registry.get(MicrometerSink.WATCHER_SINK_FAILURES).functionCounter().count()).isEqualTo(1);
      assertThat(registry.get(MicrometerSink.SINK_QUEUED).gauge().value()).isZero();
    }
    assertThat(registry.get(MicrometerSink.NOTICES).tag("kind", "source_error").tag("cluster", "primary")
        .counter().count()).isEqualTo(1);
  }

  @Test
  void eachClustersSourceIsUpUntilAnErrorAndUpAgainWhenItRecovers() {
    metrics.onEvent(event("cilium", "primary", ComponentState.INSTALLED, null));
    metrics.onEvent(event("sin-2:cilium", "sin-2", ComponentState.INSTALLED, null));
    assertThat(up("primary")).isEqualTo(1);
    assertThat(up("sin-2")).isEqualTo(1);

    metrics.onNotice(notice(WatchNotice.Kind.SOURCE_ERROR, "sin-2"));
    assertThat(up("sin-2")).isZero();
    assertThat(up("primary")).as("the other cluster is not affected").isEqualTo(1);
    metrics.onNotice(notice(WatchNotice.Kind.FIRST_SEEN_TIMEOUT, "sin-2"));
    assertThat(up("sin-2")).as("not a health notice").isZero();
    metrics.onNotice(notice(WatchNotice.Kind.SOURCE_RECOVERED, "sin-2"));
    assertThat(up("sin-2")).isEqualTo(1);
    metrics.onNotice(notice(WatchNotice.Kind.SOURCE_STOPPED, "eu-1"));
    assertThat(up("eu-1")).as("registered by its first notice").isZero();
  }

  private double up(String cluster) {
    return registry.get(MicrometerSink.SOURCE_UP).tag("cluster", cluster).gauge().value();
  }

  private WatchNotice notice(WatchNotice.Kind kind, String cluster) {
    return new WatchNotice(kind, EventLevel.WARN, "x", time.now(), cluster);
  }

  private ComponentEvent event(String id, String cluster, ComponentState state, ComponentState previous) {
    return new ComponentEvent(ComponentId.of(id), new ReleaseKey(cluster, "flux-system", id), state, previous,
        EmissionCause.FIRST_OBSERVATION, EventLevel.of(state), "", time.now(),
        List.of());
  }
}
