package io.helmwatch.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.Config;
import io.helmwatch.core.ComponentId;
import io.helmwatch.core.ComponentState;
import io.helmwatch.core.CompositeReleaseSource;
import io.helmwatch.core.ReleaseSource;
import io.helmwatch.core.WatchNotice;
import io.helmwatch.core.WatchOutcome;
import io.helmwatch.core.WatchResult;
import io.helmwatch.core.Watcher;
import io.helmwatch.fabric8.Fabric8ReleaseSource;
import io.helmwatch.fabric8.Kubeconfigs;
import io.helmwatch.testing.HelmRelease;
import io.helmwatch.testing.HelmReleases;
import io.helmwatch.testing.RecordingSink;
import io.helmwatch.testing.fabric8.FakeCluster;
import io.helmwatch.testing.fabric8.FaultProxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One watcher over five clusters: two healthy, one unreachable from the start, one whose API answers 500s
 * and then recovers, one slow (every request delayed). The healthy clusters' events do not wait for the
 * others; the outcome waits for them only as the semantics say.
 */
class FleetIsolationTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  /** Every request of the slow cluster waits this long: an event of a healthy one that waited for it would show. */
  private static final Duration SLOW = Duration.ofSeconds(8);
  private static final int FAILING_REQUESTS = 2;

  private final List<AutoCloseable> resources = new ArrayList<>();
  private FakeCluster east;
  private FakeCluster west;
  private FakeCluster flaky;
  private FakeCluster slow;
  private FaultProxy flakyProxy;
  private FaultProxy slowProxy;

  @BeforeEach
  void startClusters() throws Exception {
    east = keep(FakeCluster.start());
    west = keep(FakeCluster.start());
    flaky = keep(FakeCluster.start());
    slow = keep(FakeCluster.start());
    for (FakeCluster c : List.of(east, west, flaky, slow)) {
      c.create(HelmReleases.named("cilium").progressing());
    }
    flakyProxy = keep(FaultProxy.in(flaky));
    slowProxy = keep(FaultProxy.in(slow));
  }

  @AfterEach
  void closeAll() throws Exception {
    for (int i = resources.size() - 1; i >= 0; i--) {
      resources.get(i).close();
    }
  }

  private <T extends AutoCloseable> T keep(T resource) {
    resources.add(resource);
    return resource;
  }

  private ReleaseSource fleet(boolean withUnhealthy) {
    List<ReleaseSource> sources = new ArrayList<>();
    sources.add(Fabric8ReleaseSource.builder().client(east.client()).build());
    sources.add(Fabric8ReleaseSource.builder().client(west.client()).cluster("west").build());
    if (withUnhealthy) {
      Config gone = Kubeconfigs.fromString("""
          apiVersion: v1
          kind: Config
          clusters: [{name: gone, cluster: {server: "http://127.0.0.1:1"}}]
          users: [{name: u, user: {token: t}}]
          contexts: [{name: gone, context: {cluster: gone, user: u}}]
          current-context: gone
          """, null);
      gone.setRequestRetryBackoffLimit(0);
      gone.setConnectionTimeout(1000);
      sources.add(Fabric8ReleaseSource.builder().config(gone).cluster("gone").build());
      sources.add(Fabric8ReleaseSource.builder().client(flakyProxy.client()).cluster("flaky").build());
      sources.add(Fabric8ReleaseSource.builder().client(slowProxy.client()).cluster("slow").build());
    }
    return CompositeReleaseSource.of(sources);
  }

  /** Seconds from a status patch in {@code cluster} until the watcher's sink has the new state. */
  private static double latency(FakeCluster cluster, String release, RecordingSink sink, String component) {
    long t0 = System.nanoTime();
    cluster.patchStatus(release, HelmRelease::installed);
    sink.awaitState(component, ComponentState.INSTALLED, WAIT);
    return (System.nanoTime() - t0) / 1e9;
  }

  @Test
  void aSlowClusterDoesNotDelayTheHealthyOnes() {
    // Alone: the healthy clusters' figure to compare with.
    RecordingSink alone = new RecordingSink();
    double aloneLatency;
    try (Watcher watcher = Watcher.builder(fleet(false)).sink(alone).continuous().build()) {
      watcher.start();
      alone.awaitState("west:cilium", ComponentState.INSTALLING, WAIT);
      aloneLatency = latency(west, "cilium", alone, "west:cilium");
    }
    west.patchStatus("cilium", HelmRelease::progressing);

    slowProxy.delay(FaultProxy.Target.ANY, SLOW, 1_000);
    RecordingSink sink = new RecordingSink();
    double fleetLatency;
    try (Watcher watcher = Watcher.builder(fleet(true)).sink(sink).continuous().build()) {
      watcher.start();
      sink.awaitState("west:cilium", ComponentState.INSTALLING, WAIT);
      fleetLatency = latency(west, "cilium", sink, "west:cilium");
      assertThat(sink.eventsFor("slow:cilium")).as("the slow cluster has not answered yet").isEmpty();
      sink.awaitState("slow:cilium", ComponentState.INSTALLING, WAIT);
    }
    System.out.printf("FleetIsolationTest: healthy patch-to-event %.3f s alone, %.3f s beside a cluster whose"
        + " requests take %s, an unreachable one and a failing one%n", aloneLatency, fleetLatency, SLOW);
    assertThat(fleetLatency).as("a healthy cluster's event did not wait for the slow one")
        .isLessThan(SLOW.toMillis() / 2000.0);
  }

  @Test
  void aClusterAnswering500sReportsErrorsThenRecoversWhileTheOthersFlow() {
    flakyProxy.fail(FaultProxy.Target.ANY, 500, FAILING_REQUESTS);
    RecordingSink sink = new RecordingSink();
    try (Watcher watcher = Watcher.builder(fleet(true)).sink(sink).continuous().build()) {
      watcher.start();
      sink.awaitState("cilium", ComponentState.INSTALLING, WAIT);
      double healthy = latency(east, "cilium", sink, "cilium");
      boolean recoveredMeanwhile = sink.eventsFor("flaky:cilium").size() > 0;
      System.out.printf("FleetIsolationTest: healthy patch-to-event %.3f s while a cluster answered 500s"
          + " (it had %s recovered by then)%n", healthy, recoveredMeanwhile ? "already" : "not");
      sink.awaitState("flaky:cilium", ComponentState.INSTALLING, WAIT);
      latency(flaky, "cilium", sink, "flaky:cilium");
    }
    List<WatchNotice.Kind> flakyNotices = sink.notices().stream().filter(n -> "flaky".equals(n.cluster()))
        .map(WatchNotice::kind).toList();
    assertThat(flakyNotices).as("errors while it answered 500, then one recovery")
        .contains(WatchNotice.Kind.SOURCE_ERROR).containsOnlyOnce(WatchNotice.Kind.SOURCE_RECOVERED)
        .endsWith(WatchNotice.Kind.SOURCE_RECOVERED);
    assertThat(sink.notices()).filteredOn(n -> List.of("primary", "west").contains(n.cluster())).isEmpty();
  }

  @Test
  void anUnreachableClusterEndsTheWatchByTimeoutWithTheOthersStatesAndItsNotSeen() {
    RecordingSink sink = new RecordingSink();
    WatchResult result;
    try (Watcher watcher = Watcher.builder(fleet(true)).sink(sink).timeout(Duration.ofSeconds(10)).build()) {
      watcher.start();
      for (FakeCluster c : List.of(east, west, flaky, slow)) {
        c.patchStatus("cilium", HelmRelease::installed);
      }
      result = sink.awaitOutcome(WAIT);
    }
    assertThat(result.outcome()).as("its initial list never synced: only the timeout ends the watch")
        .isEqualTo(WatchOutcome.TIMEOUT);
    assertThat(result.states()).containsEntry(ComponentId.of("cilium"), ComponentState.INSTALLED)
        .containsEntry(ComponentId.of("west:cilium"), ComponentState.INSTALLED)
        .containsEntry(ComponentId.of("flaky:cilium"), ComponentState.INSTALLED)
        .containsEntry(ComponentId.of("slow:cilium"), ComponentState.INSTALLED)
        .hasSize(4);
    assertThat(sink.notices()).filteredOn(n -> "gone".equals(n.cluster())).isNotEmpty()
        .allSatisfy(n -> assertThat(n.kind()).isIn(WatchNotice.Kind.SOURCE_ERROR, WatchNotice.Kind.SOURCE_STOPPED));
  }
}
