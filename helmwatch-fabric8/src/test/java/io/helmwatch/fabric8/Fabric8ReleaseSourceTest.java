package io.helmwatch.fabric8;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;

import io.helmwatch.core.ComponentEvent;
import io.helmwatch.core.ComponentSnapshot;
import io.helmwatch.core.ComponentState;
import io.helmwatch.core.EmissionCause;
import io.helmwatch.core.EventSink;
import io.helmwatch.core.ReleaseKey;
import io.helmwatch.core.ReleaseObservation;
import io.helmwatch.core.ReleaseSource;
import io.helmwatch.core.WatchNotice;
import io.helmwatch.core.WatchOutcome;
import io.helmwatch.core.WatchResult;
import io.helmwatch.core.Watcher;
import io.helmwatch.core.flux.FluxReasons;
import io.helmwatch.testing.HelmRelease;
import io.helmwatch.testing.HelmReleases;
import io.helmwatch.testing.RecordingSink;
import io.helmwatch.testing.fabric8.FakeCluster;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Fabric8ReleaseSource over real HTTP against a {@link FakeCluster}. */
class Fabric8ReleaseSourceTest {
  private static final Duration WAIT = Duration.ofSeconds(15);

  private FakeCluster cluster;

  @BeforeEach
  void startCluster() {
    cluster = FakeCluster.start();
  }

  @AfterEach
  void stopCluster() {
    cluster.close();
  }

  private Fabric8ReleaseSource.Builder source() {
    return Fabric8ReleaseSource.builder().client(cluster.client());
  }

  private static HelmRelease release(String name) {
    return HelmReleases.named(name);
  }

  @Test
  void attachTimeReadyReleasesEmitOneInstalledEachOnBothPathsAndAgainAfterRestart() throws Exception {
    List<String> names = List.of("bp-cilium", "bp-cert-manager", "bp-flux", "bp-spire");
    names.forEach(n -> cluster.create(release(n).installed()));

    for (int run = 0; run < 2; run++) {
      RecordingSink primary = new RecordingSink("primary");
      RecordingSink subscriber = new RecordingSink("subscriber");
      try (Watcher watcher = Watcher.builder(source().build()).sink(primary).expectAtLeast(4).build()) {
        watcher.subscribe(subscriber);
        WatchResult result = watcher.start().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(result.outcome()).isEqualTo(WatchOutcome.READY);
      }
      for (RecordingSink sink : List.of(primary, subscriber)) {
        assertThat(sink.events()).as("run %d, sink %s", run, sink.name()).hasSize(4)
            .allSatisfy(e -> {
              assertThat(e.state()).isEqualTo(ComponentState.INSTALLED);
              assertThat(e.cause()).isEqualTo(EmissionCause.FIRST_OBSERVATION);
            });
        assertThat(sink.events()).extracting(e -> e.component().value())
            .containsExactlyInAnyOrderElementsOf(names);
      }
    }
  }

  @Test
  void transitionsArriveInOrder() throws Exception {
    cluster.create(release("app"));
    RecordingSink sink = new RecordingSink();
    try (Watcher watcher = Watcher.builder(source().build()).sink(sink).build()) {
      CompletableFuture<WatchResult> result = watcher.start();
      sink.awaitState("app", ComponentState.PENDING, WAIT);
      awaitOpenWatch();
      cluster.patchStatus("app", HelmRelease::progressing);
      sink.awaitState("app", ComponentState.INSTALLING, WAIT);
      cluster.patchStatus("app", HelmRelease::installed);
      assertThat(result.get(WAIT.toSeconds(), TimeUnit.SECONDS).outcome()).isEqualTo(WatchOutcome.READY);
    }
    assertThat(sink.statesOf("app"))
        .containsExactly(ComponentState.PENDING, ComponentState.INSTALLING, ComponentState.INSTALLED);
  }

  @Test
  void failedInstallEndsTheWatchFailed() throws Exception {
    cluster.create(release("ok").installed());
    cluster.create(release("broken").progressing());
    RecordingSink sink = new RecordingSink();
    try (Watcher watcher = Watcher.builder(source().build()).sink(sink).expectAtLeast(2).build()) {
      CompletableFuture<WatchResult> result = watcher.start();
      sink.awaitState("broken", ComponentState.INSTALLING, WAIT);
      awaitOpenWatch();
      cluster.patchStatus("broken", r -> r.installFailed("timed out"));
      WatchResult r = result.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(r.outcome()).isEqualTo(WatchOutcome.FAILED);
    }
    assertThat(sink.statesOf("broken")).containsExactly(ComponentState.INSTALLING, ComponentState.FAILED);
    assertThat(sink.statesOf("ok")).containsExactly(ComponentState.INSTALLED);
  }

  @Test
  void statusPatchesThatChangeOnlyTimestampsEmitNothing() {
    cluster.create(release("app").installed());
    RecordingSink sink = new RecordingSink();
    try (Watcher watcher = Watcher.builder(source().build()).sink(sink).continuous().build()) {
      watcher.start();
      sink.awaitState("app", ComponentState.INSTALLED, WAIT);
      awaitOpenWatch();
      for (int i = 0; i < 100; i++) {
        cluster.touchStatus("app");
      }
      // A real change afterwards is the barrier: once it arrives, every touch before it was processed.
      cluster.patchStatus("app", r -> r.notReady("HealthCheckFailed", "health check failed"));
      sink.awaitState("app", ComponentState.DEGRADED, WAIT);
      assertThat(watcher.stats().observations()).isGreaterThanOrEqualTo(102);
    }
    assertThat(sink.statesOf("app")).containsExactly(ComponentState.INSTALLED, ComponentState.DEGRADED);
  }

  @Test
  void generationBumpReadsInstallingUntilReadyOfTheNewGeneration() {
    cluster.create(release("app").installed());
    RecordingSink sink = new RecordingSink();
    try (Watcher watcher = Watcher.builder(source().build()).sink(sink).continuous().build()) {
      watcher.start();
      sink.awaitState("app", ComponentState.INSTALLED, WAIT);
      awaitOpenWatch();
      long generation = cluster.bumpGeneration("app");
      assertThat(generation).isEqualTo(2);
      sink.awaitState("app", ComponentState.INSTALLING, WAIT);
      cluster.patchStatus("app", r -> r.ready(FluxReasons.UPGRADE_SUCCEEDED, "Helm upgrade succeeded"));
      sink.awaitEvent(e -> e.state() == ComponentState.INSTALLED && e.previous() == ComponentState.INSTALLING,
          "app installed after the upgrade", WAIT);
    }
    assertThat(sink.statesOf("app"))
        .containsExactly(ComponentState.INSTALLED, ComponentState.INSTALLING, ComponentState.INSTALLED);
  }

  @Test
  void deleteEmitsRemoved() {
    cluster.create(release("app").installed());
    RecordingSink sink = new RecordingSink();
    try (Watcher watcher = Watcher.builder(source().build()).sink(sink).continuous().build()) {
      watcher.start();
      sink.awaitState("app", ComponentState.INSTALLED, WAIT);
      awaitOpenWatch();
      cluster.delete("app");
      sink.awaitState("app", ComponentState.REMOVED, WAIT);
    }
    assertThat(sink.statesOf("app")).containsExactly(ComponentState.INSTALLED, ComponentState.REMOVED);
  }

  @Test
  void allNamespacesSeesEveryNamespaceWithQualifiedIdsAndTheDefaultOnlyFluxSystem() {
    cluster.create(release("in-flux").installed());
    cluster.create(release("in-apps").inNamespace("apps").installed());

    assertThat(syncedIds(source().allNamespaces().build())).containsExactly("apps/in-apps", "flux-system/in-flux");
    assertThat(syncedIds(source().build())).containsExactly("in-flux");
    assertThat(syncedIds(source().namespace("apps").build())).containsExactly("in-apps");
  }

  @Test
  void labelSelectorKeepsOnlyMatchingReleases() {
    cluster.create(release("platform").installed(), FakeCluster.DEFAULT_VERSION, Map.of("tier", "platform"));
    cluster.create(release("other").installed(), FakeCluster.DEFAULT_VERSION, Map.of("tier", "apps"));
    cluster.create(release("unlabelled").installed());

    assertThat(syncedIds(source().labelSelector("tier=platform").build())).containsExactly("platform");
  }

  @Test
  void nameFilterDropsReleasesBeforeTheWatcherSeesThem() {
    cluster.create(release("bp-cilium").installed());
    cluster.create(release("unrelated").installed());

    assertThat(syncedIds(source().filter(key -> key.name().startsWith("bp-")).build()))
        .containsExactly("bp-cilium");
  }

  @Test
  void v2beta2ReleasesAreWatchedWhenSelected() {
    cluster.create(release("legacy").installed(), "v2beta2", Map.of());
    cluster.create(release("old").progressing(), "v2beta1", Map.of());

    assertThat(syncedIds(source().api(HelmReleaseApi.V2BETA2).build())).containsExactly("legacy");
    assertThat(syncedIds(source().api(HelmReleaseApi.V2BETA1).build())).containsExactly("old");
    assertThat(syncedIds(source().build())).isEmpty();
  }

  @Test
  void initialListIsDeliveredBeforeSynced() {
    for (int i = 0; i < 30; i++) {
      cluster.create(release("r" + i).installed());
    }
    assertThat(syncedIds(source().build())).hasSize(30);
  }

  @Test
  void droppedWatchesMidRolloutConvergeWithoutDuplicateEvents() throws Exception {
    List<String> names = List.of("a", "b", "c");
    names.forEach(n -> cluster.create(release(n)));
    RecordingSink sink = new RecordingSink();
    Fabric8ReleaseSource source = source().build();
    try (Watcher watcher = Watcher.builder(source).sink(sink).expectAtLeast(3).build()) {
      CompletableFuture<WatchResult> result = watcher.start();
      names.forEach(n -> sink.awaitState(n, ComponentState.PENDING, WAIT));
      awaitOpenWatch();
      cluster.patchStatus("a", HelmRelease::progressing);
      sink.awaitState("a", ComponentState.INSTALLING, WAIT);

      assertThat(cluster.dropWatches()).isPositive();
      cluster.patchStatus("a", HelmRelease::installed);
      cluster.patchStatus("b", HelmRelease::progressing);
      sink.awaitState("b", ComponentState.INSTALLING, WAIT);

      assertThat(cluster.dropWatches()).isPositive();
      cluster.patchStatus("b", HelmRelease::installed);
      cluster.patchStatus("c", HelmRelease::installed);

      assertThat(result.get(WAIT.toSeconds(), TimeUnit.SECONDS).outcome()).isEqualTo(WatchOutcome.READY);
    }
    for (String n : names) {
      List<ComponentState> states = sink.statesOf(n);
      assertThat(states).as(n).last().isEqualTo(ComponentState.INSTALLED);
      for (int i = 1; i < states.size(); i++) {
        assertThat(states.get(i)).as("%s event %d of %s", n, i, states).isNotEqualTo(states.get(i - 1));
      }
    }
  }

  @Test
  void theSourceOnlyReads() throws Exception {
    cluster.create(release("a").installed());
    cluster.create(release("b").progressing());
    cluster.clearRequests();
    RecordingSink sink = new RecordingSink();
    try (Watcher watcher = Watcher.builder(source().build()).sink(sink).continuous().build()) {
      watcher.start();
      sink.awaitState("a", ComponentState.INSTALLED, WAIT);
      sink.awaitState("b", ComponentState.INSTALLING, WAIT);
      awaitOpenWatch();
    }
    List<String> requests = cluster.requests();
    assertThat(requests).first().as("the served versions, read once").isEqualTo("GET /apis/helm.toolkit.fluxcd.io");
    assertThat(requests.subList(1, requests.size())).isNotEmpty()
        .allSatisfy(r -> assertThat(r).startsWith("GET /apis/helm.toolkit.fluxcd.io/v2/"));
    assertThat(requests).anySatisfy(r -> assertThat(r).contains("watch=true"));
  }

  @Test
  void closeIsIdempotentAndSafeAfterTheWatcherClosedItFromItsCallback() throws Exception {
    cluster.create(release("a").installed());
    Fabric8ReleaseSource source = source().build();
    try (Watcher watcher = Watcher.builder(source).build()) {
      // The watch ends inside the upsert of "a", on the informer thread, which closes the source there.
      assertThat(watcher.start().get(WAIT.toSeconds(), TimeUnit.SECONDS).outcome()).isEqualTo(WatchOutcome.READY);
    }
    assertThatNoException().isThrownBy(source::close);
    assertThat(source.isWatching()).isFalse();
  }

  @Test
  void keysOfFilteredOutDeletedObjectsAndOfMissingDependenciesAreNotKept() {
    RecordingSink sink = new RecordingSink();
    Fabric8ReleaseSource source = source().filter(key -> !key.name().startsWith("skip-")).build();
    try (Watcher watcher = Watcher.builder(source).sink(sink).continuous().build()) {
      watcher.start();
      awaitOpenWatch();
      for (int i = 0; i < 25; i++) {
        cluster.create(release("skip-" + i).installed());
        cluster.create(release("keep-" + i).dependsOn("ghost-" + i).installed());
        cluster.delete("skip-" + i);
        cluster.delete("keep-" + i);
      }
      // The handler is serial: once a later object has reached the sink, every delete before it is done.
      cluster.create(release("last").installed());
      sink.awaitState("last", ComponentState.INSTALLED, WAIT);
      assertThat(source.cachedKeyCount()).as("keys kept after 25 rounds of create and delete, with one object left")
          .isEqualTo(1);
    }
  }

  @Test
  void aWatchThatEndsInTheHandlerStopsTheInformerOnTheSourcesOwnThreadEvenWithTheCommonPoolBusy()
      throws Exception {
    cluster.create(release("a").progressing());
    RecordingSink sink = new RecordingSink();
    Fabric8ReleaseSource source = source().cluster("ends-itself").build();
    try (BusyCommonPool busy = BusyCommonPool.occupy(WAIT)) {
      try (Watcher watcher = Watcher.builder(source).sink(sink).build()) {
        CompletableFuture<WatchResult> result = watcher.start();
        sink.awaitState("ends-itself:a", ComponentState.INSTALLING, WAIT);
        awaitOpenWatch();
        // Delivered by the open watch: the watcher ends, and closes the source, on the handler thread.
        cluster.patchStatus("a", HelmRelease::installed);
        assertThat(result.get(WAIT.toSeconds(), TimeUnit.SECONDS).outcome()).isEqualTo(WatchOutcome.READY);
      }
      source.close();
      assertThat(source.isWatching()).as("watching after a later close()").isFalse();
      awaitNoOpenWatch();
      awaitNoThread(Fabric8ReleaseSource.STOP_THREAD_PREFIX + "ends-itself");
    }
  }

  /** Every worker of the common pool blocked until closed, as in a JVM whose pool is busy elsewhere. */
  private static final class BusyCommonPool implements AutoCloseable {
    private final java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);

    static BusyCommonPool occupy(Duration timeout) throws InterruptedException {
      BusyCommonPool busy = new BusyCommonPool();
      int workers = java.util.concurrent.ForkJoinPool.getCommonPoolParallelism();
      java.util.concurrent.CountDownLatch running = new java.util.concurrent.CountDownLatch(workers);
      for (int i = 0; i < workers; i++) {
        java.util.concurrent.ForkJoinPool.commonPool().execute(() -> {
          running.countDown();
          try {
            busy.release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
      }
      if (!running.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        busy.close();
        throw new AssertionError("the common pool's " + workers + " workers did not all start within " + timeout);
      }
      return busy;
    }

    @Override
    public void close() {
      release.countDown();
    }
  }

  @Test
  void malformedStatusOverHttpIsDerivedAndCounted() {
    var resource = FakeCluster.toResource(release("odd"), "v2");
    resource.getMetadata().setResourceVersion(null);
    cluster.client().genericKubernetesResources(FakeCluster.context("v2")).inNamespace("flux-system")
        .resource(resource).create();
    var stored = cluster.get("flux-system", "odd");
    stored.setAdditionalProperty("status", Map.of("conditions", "not-a-list", "observedGeneration", "one"));
    cluster.client().genericKubernetesResources(FakeCluster.context("v2")).inNamespace("flux-system")
        .resource(stored).updateStatus();

    RecordingSink sink = new RecordingSink();
    Fabric8ReleaseSource source = source().build();
    try (Watcher watcher = Watcher.builder(source).sink(sink).continuous().build()) {
      watcher.start();
      ComponentEvent event = sink.awaitState("odd", ComponentState.PENDING, WAIT);
      assertThat(event.cause()).isEqualTo(EmissionCause.FIRST_OBSERVATION);
    }
    assertThat(source.malformedCount()).isPositive();
  }

  /**
   * Polls the server (a state, not an event) until a watch connection is open. fabric8 8 may deliver the
   * initial list before its watch is open, and the CRUD mock server keeps no history to replay a change
   * made in between, as a real API server would: tests that change the cluster wait for the watch first.
   */
  @Test
  void releasesNamedAlikeInTwoNamespacesAreTwoComponentsWhenWatchingAllNamespaces() throws Exception {
    cluster.create(release("podinfo").inNamespace("dev").runningAction().actionSucceeded());
    cluster.create(release("podinfo").inNamespace("staging").runningAction().installFailed());
    RecordingSink sink = new RecordingSink();
    try (Watcher watcher = Watcher.builder(source().allNamespaces().build()).sink(sink).expectAtLeast(2).build()) {
      WatchResult result = watcher.start().get(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(result.states()).containsOnly(
          Map.entry(io.helmwatch.core.ComponentId.of("dev/podinfo"), ComponentState.INSTALLED),
          Map.entry(io.helmwatch.core.ComponentId.of("staging/podinfo"), ComponentState.FAILED));
      assertThat(watcher.snapshot()).extracting(s -> s.release().namespace()).containsExactly("dev", "staging");
    }
  }

  private void awaitOpenWatch() {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (cluster.openWatches() == 0) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no watch connection opened within " + WAIT);
      }
      java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
    }
  }

  /** Polls the server until no watch connection is open. */
  private void awaitNoOpenWatch() {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (cluster.openWatches() > 0) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(cluster.openWatches() + " watch connection(s) still open " + WAIT + " after close()");
      }
      java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
    }
  }

  /** The ids a fresh watcher over {@code source} knows once the initial list has synced, sorted. */
  private static List<String> syncedIds(Fabric8ReleaseSource source) {
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

  @Test
  void writesAfterAWatchEndedOnItsOwnDoNotStallTheApiServer() throws Exception {
    cluster.create(release("bp-a").progressing());
    cluster.create(release("bp-b").progressing());
    RecordingSink sink = new RecordingSink();
    try (Watcher watcher = Watcher.builder(source().build()).sink(sink).build()) {
      var result = watcher.start();
      sink.awaitEvents(2, WAIT);
      cluster.patchStatus("bp-a", HelmRelease::installed);
      cluster.patchStatus("bp-b", r -> r.installFailed("boom"));
      assertThat(result.get(WAIT.toSeconds(), TimeUnit.SECONDS).outcome()).isEqualTo(WatchOutcome.FAILED);

      // The watch closed its informer from the handler thread; the server must go on answering at once.
      org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(5),
          () -> cluster.patchStatus("bp-b", r -> r.stalled("RetriesExceeded", "gave up")));
    }
  }

  private static final String CRD_MISSING =
      "HelmRelease CRD helmreleases.helm.toolkit.fluxcd.io is not installed; is Flux installed?";

  /** This test's cluster is one where Flux is not installed yet. */
  private void restartWithoutHelmReleaseCrd() {
    cluster.close();
    cluster = FakeCluster.builder().withoutHelmReleaseCrd().start();
  }

  @Test
  void waitingForTheCrdReportsItMissingThenWatchesAsUsualOnceItIsInstalled() throws Exception {
    restartWithoutHelmReleaseCrd();
    Fabric8ReleaseSource source = source().waitForCrd(true)
        .crdRetryBackoff(Duration.ofMillis(20), Duration.ofMillis(40)).build();
    RecordingSink sink = new RecordingSink();
    Notices notices = new Notices();
    CompletableFuture<List<ComponentSnapshot>> synced = new CompletableFuture<>();
    try (Watcher watcher = Watcher.builder(source).sink(sink).build()) {
      watcher.subscribe(notices);
      watcher.onInitialListSynced(synced::complete);
      CompletableFuture<WatchResult> result = watcher.start();

      WatchNotice first = notices.take(WAIT);
      assertThat(first.kind()).isEqualTo(WatchNotice.Kind.SOURCE_ERROR);
      assertThat(first.message()).isEqualTo(CRD_MISSING + " retrying in 20ms");
      assertThat(notices.take(WAIT).message()).isEqualTo(CRD_MISSING + " retrying in 40ms");
      assertThat(notices.take(WAIT).message()).as("bounded by the max").isEqualTo(CRD_MISSING + " retrying in 40ms");
      assertThat(synced).isNotDone();

      cluster.installHelmReleaseCrd();
      assertThat(synced.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEmpty();
      awaitOpenWatch();
      cluster.create(release("app").progressing());
      sink.awaitState("app", ComponentState.INSTALLING, WAIT);
      cluster.patchStatus("app", HelmRelease::installed);
      assertThat(result.get(WAIT.toSeconds(), TimeUnit.SECONDS).outcome()).isEqualTo(WatchOutcome.READY);
    }
    // Created without a status, then given one, as helm-controller does: the watch sees both.
    assertThat(sink.statesOf("app"))
        .containsExactly(ComponentState.PENDING, ComponentState.INSTALLING, ComponentState.INSTALLED);
    assertThat(sink.notices()).extracting(WatchNotice::kind).doesNotContain(WatchNotice.Kind.SOURCE_STOPPED);
    awaitNoCrdWaitThread("primary");
  }

  @Test
  void withoutWaitingAMissingCrdIsReportedAndTheSourceStops() {
    restartWithoutHelmReleaseCrd();
    Reports reports = new Reports();
    try (Fabric8ReleaseSource source = source().build()) {
      source.start(reports);
      String detail = CRD_MISSING + " (HTTP 404; waitForCrd(true) waits for it)";
      assertThat(List.of(reports.take(WAIT), reports.take(WAIT))).containsExactly("error: " + detail,
          "stopped: " + detail);
      assertThat(source.isWatching()).isFalse();
    }
    assertThat(cluster.requests()).as("one look at the group, not retried, and no list")
        .containsExactly("GET /apis/helm.toolkit.fluxcd.io");
  }

  @Test
  void closeWhileWaitingForTheCrdLeavesNoThread() {
    restartWithoutHelmReleaseCrd();
    Reports reports = new Reports();
    Fabric8ReleaseSource source = source().cluster("not-yet").waitForCrd(true)
        .crdRetryBackoff(Duration.ofMillis(10), Duration.ofMillis(10)).build();
    source.start(reports);
    assertThat(reports.take(WAIT)).isEqualTo("error: " + CRD_MISSING + " retrying in 10ms");
    assertThat(crdWaitThreads("not-yet")).isNotEmpty();

    source.close();

    // close() waits for the check thread's pool to end; the thread itself may still be returning from it.
    awaitNoCrdWaitThread("not-yet");
    assertThat(source.isWatching()).isFalse();
  }

  @Test
  void waitingForACrdThatIsInstalledWatchesAtOnceAndKeepsNoThreadOfItsOwn() throws Exception {
    cluster.create(release("app").installed());
    RecordingSink sink = new RecordingSink();
    try (Watcher watcher = Watcher.builder(source().cluster("ready").waitForCrd(true).build()).sink(sink).build()) {
      assertThat(watcher.start().get(WAIT.toSeconds(), TimeUnit.SECONDS).outcome()).isEqualTo(WatchOutcome.READY);
      awaitNoCrdWaitThread("ready");
    }
    assertThat(sink.notices()).isEmpty();
  }

  @Test
  void crdRetryBackoffMustBePositiveAndItsMaxNoShorter() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> source().crdRetryBackoff(Duration.ZERO, Duration.ofSeconds(1)));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> source().crdRetryBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)));
    assertThatNoException().isThrownBy(() -> source().crdRetryBackoff(Duration.ofSeconds(1), Duration.ofSeconds(1)));
  }

  private static List<Thread> crdWaitThreads(String clusterName) {
    return threadsNamed(Fabric8ReleaseSource.CRD_WAIT_THREAD_PREFIX + clusterName);
  }

  private static List<Thread> threadsNamed(String name) {
    return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name)).toList();
  }

  private static void awaitNoCrdWaitThread(String clusterName) {
    awaitNoThread(Fabric8ReleaseSource.CRD_WAIT_THREAD_PREFIX + clusterName);
  }

  /** Joins, each within {@link #WAIT}, the threads named {@code name}; fails if one is still alive. */
  private static void awaitNoThread(String name) {
    for (Thread t : threadsNamed(name)) {
      try {
        t.join(WAIT.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    assertThat(threadsNamed(name)).as("threads named %s", name).filteredOn(Thread::isAlive).isEmpty();
  }

  /** The notices a watcher delivers, taken one by one. */
  private static final class Notices implements EventSink {
    private final BlockingQueue<WatchNotice> queue = new LinkedBlockingQueue<>();

    @Override
    public void onEvent(ComponentEvent event) {}

    @Override
    public void onNotice(WatchNotice notice) {
      queue.add(notice);
    }

    WatchNotice take(Duration timeout) {
      return poll(queue, timeout, "a notice");
    }
  }

  /** What a source reports to its listener as {@code error: message} or {@code stopped: reason}. */
  private static final class Reports implements ReleaseSource.Listener {
    private final BlockingQueue<String> queue = new LinkedBlockingQueue<>();

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
      queue.add("error: " + message);
    }

    @Override
    public void stopped(String cluster, String reason) {
      queue.add("stopped: " + reason);
    }

    String take(Duration timeout) {
      return poll(queue, timeout, "a report");
    }
  }

  private static <T> T poll(BlockingQueue<T> queue, Duration timeout, String what) {
    try {
      T next = queue.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (next == null) {
        throw new AssertionError("expected " + what + " within " + timeout);
      }
      return next;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for " + what, e);
    }
  }
}
