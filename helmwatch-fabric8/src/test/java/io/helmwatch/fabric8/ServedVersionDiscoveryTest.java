package io.helmwatch.fabric8;

import static org.assertj.core.api.Assertions.assertThat;

import io.helmwatch.core.ComponentSnapshot;
import io.helmwatch.core.CompositeReleaseSource;
import io.helmwatch.core.ReleaseKey;
import io.helmwatch.core.ReleaseObservation;
import io.helmwatch.core.ReleaseSource;
import io.helmwatch.core.Watcher;
import io.helmwatch.testing.HelmReleases;
import io.helmwatch.testing.fabric8.FakeCluster;
import io.helmwatch.testing.fabric8.FaultProxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * A source without an explicit version watches the one the API server prefers, read from {@code GET
 * /apis/helm.toolkit.fluxcd.io}; an explicit version must be served. Over real HTTP against {@link
 * FakeCluster}s serving the versions of given Flux releases.
 */
class ServedVersionDiscoveryTest {
  private static final Duration WAIT = Duration.ofSeconds(15);

  @Test
  void withoutAVersionAV2OnlyClusterIsWatchedInV2() {
    try (FakeCluster cluster = FakeCluster.builder().servedVersions("v2").start()) {
      cluster.create(HelmReleases.named("cilium").installed());
      Fabric8ReleaseSource source = Fabric8ReleaseSource.builder().client(cluster.client()).build();
      assertThat(source.api()).as("not known before start").isEmpty();

      assertThat(syncedIds(source)).containsExactly("cilium");
      assertThat(source.api()).contains(HelmReleaseApi.V2);
      assertThat(cluster.requests()).contains("GET /apis/helm.toolkit.fluxcd.io");
    }
  }

  @Test
  void withoutAVersionAFlux22ClusterIsWatchedInV2beta2() {
    try (FakeCluster cluster = FakeCluster.builder().servedVersions("v2beta2", "v2beta1").start()) {
      cluster.create(HelmReleases.named("legacy").installed());
      Fabric8ReleaseSource source = Fabric8ReleaseSource.builder().client(cluster.client()).build();

      assertThat(syncedIds(source)).containsExactly("legacy");
      assertThat(source.api()).contains(HelmReleaseApi.V2BETA2);
      assertThat(cluster.requests()).noneMatch(r -> r.startsWith("GET /apis/helm.toolkit.fluxcd.io/v2/"));
    }
  }

  @Test
  void anExplicitServedVersionOverridesThePreferredOne() {
    try (FakeCluster cluster = FakeCluster.builder().servedVersions("v2", "v2beta2").start()) {
      cluster.create(HelmReleases.named("legacy").installed(), "v2beta2", java.util.Map.of());
      cluster.create(HelmReleases.named("current").installed());
      Fabric8ReleaseSource source = Fabric8ReleaseSource.builder().client(cluster.client())
          .api(HelmReleaseApi.V2BETA2).build();
      assertThat(source.api()).contains(HelmReleaseApi.V2BETA2);

      assertThat(syncedIds(source)).containsExactly("legacy");
    }
  }

  @Test
  void anExplicitVersionTheClusterDoesNotServeIsReportedNamingTheServedOnesAndTheSourceStops() {
    try (FakeCluster cluster = FakeCluster.builder().servedVersions("v2").start();
        Fabric8ReleaseSource source = Fabric8ReleaseSource.builder().client(cluster.client())
            .api(HelmReleaseApi.V2BETA1).build()) {
      Reports reports = new Reports();
      source.start(reports);

      String line = "v2beta1 is not served by this cluster (served: v2); helm-controller v1.4 (Flux 2.7) and later"
          + " no longer serve v2beta1";
      assertThat(List.of(reports.take(), reports.take())).containsExactly("error: " + line, "stopped: " + line);
      assertThat(reports.causes).singleElement().isInstanceOfSatisfying(HelmReleaseApiNotServedException.class,
          e -> {
            assertThat(e.requested()).contains(HelmReleaseApi.V2BETA1);
            assertThat(e.served()).containsExactly("v2");
          });
      assertThat(cluster.requests()).as("nothing listed").containsExactly("GET /apis/helm.toolkit.fluxcd.io");
    }
  }

  @Test
  void aFailedDiscoveryIsReportedAndReadAgainWithBackoff() {
    try (FakeCluster cluster = FakeCluster.start(); FaultProxy proxy = FaultProxy.in(cluster)) {
      cluster.create(HelmReleases.named("app").installed());
      proxy.fail(FaultProxy.Target.LIST, 503, 2);
      Reports reports = new Reports();
      try (Fabric8ReleaseSource source = Fabric8ReleaseSource.builder().client(proxy.client())
          .crdRetryBackoff(Duration.ofMillis(10), Duration.ofMillis(10)).build()) {
        source.start(reports);

        List<String> before = reports.takeUntil("synced");
        assertThat(before).isNotEmpty().allSatisfy(r -> assertThat(r)
            .startsWith("error: reading the served helm.toolkit.fluxcd.io versions (GET /apis/helm.toolkit.fluxcd.io)"
                + " failed, retrying in 10ms: HTTP 503"));
        assertThat(source.api()).contains(HelmReleaseApi.V2);
      }
    }
  }

  @Test
  void withAnExplicitVersionAFailedDiscoveryStartsTheWatchAnyway() {
    try (FakeCluster cluster = FakeCluster.start(); FaultProxy proxy = FaultProxy.in(cluster)) {
      cluster.create(HelmReleases.named("app").installed());
      proxy.fail(FaultProxy.Target.LIST, 503, 2);
      Reports reports = new Reports();
      try (Fabric8ReleaseSource source = Fabric8ReleaseSource.builder().client(proxy.client())
          .api(HelmReleaseApi.V2).build()) {
        source.start(reports);

        // The informer's own list may meet a fault left over and report it; discovery reports nothing.
        assertThat(reports.takeUntil("synced")).noneMatch(r -> r.contains("reading the served"));
      }
    }
  }

  @Test
  void eachClusterOfAFleetIsWatchedInTheVersionItPrefers() throws Exception {
    try (FakeCluster current = FakeCluster.builder().servedVersions("v2").start();
        FakeCluster old = FakeCluster.builder().servedVersions("v2beta2", "v2beta1").start()) {
      current.create(HelmReleases.named("cilium").installed());
      old.create(HelmReleases.named("reloader").installed());
      Fabric8ReleaseSource primary = Fabric8ReleaseSource.builder().client(current.client()).build();
      Fabric8ReleaseSource sin2 = Fabric8ReleaseSource.builder().client(old.client()).cluster("sin-2").build();

      assertThat(syncedIds(CompositeReleaseSource.of(primary, sin2))).containsExactly("cilium", "sin-2:reloader");
      assertThat(List.of(primary.api(), sin2.api()))
          .containsExactly(Optional.of(HelmReleaseApi.V2), Optional.of(HelmReleaseApi.V2BETA2));
    }
  }

  private static List<String> syncedIds(ReleaseSource source) {
    CompletableFuture<List<ComponentSnapshot>> synced = new CompletableFuture<>();
    try (Watcher watcher = Watcher.builder(source).continuous().build()) {
      watcher.onInitialListSynced(synced::complete);
      watcher.start();
      return synced.get(WAIT.toSeconds(), TimeUnit.SECONDS).stream()
          .map(s -> s.component().value()).sorted().toList();
    } catch (Exception e) {
      throw new AssertionError("initial list did not sync within " + WAIT, e);
    }
  }

  private static final class Reports implements ReleaseSource.Listener {
    private final BlockingQueue<String> queue = new LinkedBlockingQueue<>();
    final List<Throwable> causes = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public void upsert(ReleaseObservation observation) {}

    @Override
    public void delete(ReleaseKey key) {}

    @Override
    public void synced() {
      queue.add("synced");
    }

    @Override
    public void error(String cluster, String message, @Nullable Throwable cause) {
      if (cause != null) {
        causes.add(cause);
      }
      queue.add("error: " + message);
    }

    @Override
    public void stopped(String cluster, String reason) {
      queue.add("stopped: " + reason);
    }

    String take() {
      try {
        String next = queue.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (next == null) {
          throw new AssertionError("expected a report within " + WAIT);
        }
        return next;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for a report", e);
      }
    }

    /** The reports before {@code last}, which is taken too. */
    List<String> takeUntil(String last) {
      List<String> before = new ArrayList<>();
      for (String r = take(); !r.equals(last); r = take()) {
        before.add(r);
      }
      return before;
    }
  }
}
