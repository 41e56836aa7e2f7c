package io.helmwatch.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.helmwatch.core.ComponentState;
import io.helmwatch.core.Subscription;
import io.helmwatch.core.WatchNotice;
import io.helmwatch.core.Watcher;
import io.helmwatch.core.LaneOptions;
import io.helmwatch.core.RetryPolicy;
import io.helmwatch.fabric8.Fabric8ReleaseSource;
import io.helmwatch.jobs.FileJobStore;
import io.helmwatch.jobs.JobsBridge;
import io.helmwatch.testing.HelmControllerSimulator;
import io.helmwatch.testing.HelmRelease;
import io.helmwatch.testing.HelmReleases;
import io.helmwatch.testing.RecordingSink;
import io.helmwatch.testing.fabric8.FakeCluster;
import io.helmwatch.testing.fabric8.FaultProxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Rollouts played by {@link HelmControllerSimulator} into a {@link FakeCluster} while the watch path
 * fails in every way we can script: dropped watch connections, 410 Gone, 500 and 429 answers, a slow API
 * (through {@link FaultProxy}), sinks that fail or stall, a watcher restart and a jobs store that crashes
 * between writes. Sizes and seed: {@link FaultSize}.
 */
@Tag("faults")
class FaultInjectionTest {
  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final String DEPLOYMENT = "kit";

  @TempDir Path dir;

  /** {@code fail} releases stall after their retries, {@code flaky} fail once and are retried, {@code upgrade} are upgraded. */
  private static HelmControllerSimulator simulator(List<HelmRelease> kit, Random random, int fail, int upgrade,
      int flaky) {
    HelmControllerSimulator.Builder b = HelmControllerSimulator.builder(kit).churn(1).roundDelay(Duration.ZERO);
    List<String> names = new ArrayList<>(kit.stream().map(HelmRelease::name).toList());
    java.util.Collections.shuffle(names, random);
    names.subList(0, fail).forEach(b::fail);
    names.subList(fail, fail + upgrade).forEach(b::upgrade);
    names.subList(fail + upgrade, fail + upgrade + flaky).forEach(b::failOnce);
    return b.build();
  }

  /** The watcher's client goes through the proxy, with short retries so that faults surface quickly. */
  /** {@code count} distinct write indexes in {@code [0, bound)}, each a point of the rollout for a fault. */
  private static TreeSet<Integer> points(Random random, int count, int bound) {
    TreeSet<Integer> points = new TreeSet<>();
    while (points.size() < Math.min(count, bound)) {
      points.add(random.nextInt(bound));
    }
    return points;
  }

  private static void awaitOpenWatch(FakeCluster cluster) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (cluster.openWatches() == 0) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no watch connection opened within " + WAIT);
      }
      java.util.concurrent.locks.LockSupport.parkNanos(2_000_000);
    }
  }

  private static void awaitUsedUp(FaultProxy proxy) {
    try {
      if (!proxy.awaitUsedUp(WAIT)) {
        throw new AssertionError("scripted faults not used up within " + WAIT);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /**
   * Waits until {@code sink} has seen every write made to {@code cluster} so far, then the truth. A release's
   * truth can be reached before its last writes are delivered (an upgrade goes installed, installing,
   * installed), so the truth alone does not mean the informer is done: one more object, written last and
   * delivered last by the watch, does.
   */
  private static void awaitTruth(FakeCluster cluster, RecordingSink sink, Map<String, ComponentState> truth) {
    String marker = "zz-delivered-" + Long.toHexString(System.nanoTime());
    cluster.create(HelmReleases.named(marker).runningAction().actionSucceeded());
    sink.awaitState(marker, ComponentState.INSTALLED, WAIT);
    truth.forEach((name, state) -> sink.awaitState(name, state, WAIT));
  }

  @Test
  void rolloutConvergesThroughDroppedWatchesApiFaultsAndFailingSinks() throws Exception {
    FaultSize size = FaultSize.current();
    long seed = FaultSize.seed("watch faults");
    Random random = new Random(seed);
    List<HelmRelease> kit = Kits.generate(size.releases(), random);
    HelmControllerSimulator sim = simulator(kit, random, 2, 3, 3);
    Map<String, ComponentState> truth = sim.finalTruth();
    int minWrites = size.releases() * 3 * 2;
    TreeSet<Integer> drops = points(random, size.drops(), minWrites);
    List<Integer> episodes = new ArrayList<>(points(random, 4, minWrites));
    java.util.Collections.shuffle(episodes, random);

    try (FakeCluster cluster = FakeCluster.start();
        FaultProxy proxy = FaultProxy.in(cluster)) {
      KubernetesClient client = proxy.client();
      RecordingSink primary = new RecordingSink("primary");
      RecordingSink flakyOut = new RecordingSink("flaky");
      RecordingSink stallingOut = new RecordingSink("stalling");
      FlakySink flaky = new FlakySink(flakyOut);
      FileJobStore store = FileJobStore.open(dir);
      JobsBridge bridge = JobsBridge.builder(store, DEPLOYMENT).build();
      Fabric8ReleaseSource source = Fabric8ReleaseSource.builder().client(client).build();
      AtomicInteger dropped = new AtomicInteger();
      AtomicInteger closedConnections = new AtomicInteger();
      Map<Integer, Runnable> faults = new HashMap<>();
      // 410 Gone on the watch makes the informer relist; the relist then meets 500s, or 429s, for a while.
      faults.put(episodes.get(0), () -> {
        proxy.expireWatches(1);
        proxy.fail(FaultProxy.Target.LIST, 500, 3);
      });
      faults.put(episodes.get(1), () -> {
        proxy.expireWatches(1);
        proxy.fail(FaultProxy.Target.LIST, 429, 3);
      });
      faults.put(episodes.get(2), () -> proxy.fail(FaultProxy.Target.WATCH, 500, 3));
      // A slow API server: the reconnecting watch, the relist and the next watch each answer 400 ms late.
      faults.put(episodes.get(3), () -> {
        proxy.delay(FaultProxy.Target.ANY, Duration.ofMillis(400), 3);
        proxy.expireWatches(1);
      });

      LaneOptions flakyLane = LaneOptions.defaults()
          .withRetry(RetryPolicy.exponential(3, Duration.ofMillis(1), Duration.ofMillis(10)));
      LaneOptions smallLane = LaneOptions.defaults().withCapacity(4);
      try (Watcher watcher = Watcher.builder(source).sink(primary).continuous().build()) {
        Subscription flakySub = watcher.subscribe(flaky, flakyLane);
        Subscription stallingSub = watcher.subscribe(
            new StallingSink(stallingOut, Duration.ofSeconds(1), kit.size() / 2, 5), smallLane);
        Subscription bridgeSub = bridge.attach(watcher);
        watcher.start();

        // Each fault hits an open watch, and the rollout goes on once the scripted faults are used up, so
        // that every run injects the same faults whatever the timing.
        sim.run(new ClusterWriter(cluster, index -> {
          Runnable fault = faults.get(index);
          if (fault == null && !drops.contains(index)) {
            return;
          }
          awaitOpenWatch(cluster);
          if (fault != null) {
            fault.run();
          }
          dropped.incrementAndGet();
          closedConnections.addAndGet(cluster.dropWatches());
          awaitUsedUp(proxy);
          // The CRUD mock keeps no event history: a write between the informer's relist and its new watch
          // would never be delivered (a real API server replays it from the resourceVersion). Write on only
          // once the new watch is open, so the harness does not lose what the library would not.
          awaitOpenWatch(cluster);
        }), pause -> {});
        proxy.heal();

        awaitTruth(cluster, primary, truth);
        assertThat(flakySub.flush(WAIT)).as("flaky lane drained").isTrue();
        assertThat(stallingSub.flush(WAIT)).as("stalling lane drained").isTrue();
        assertThat(bridgeSub.flush(WAIT)).as("bridge lane drained").isTrue();

        Map<String, List<ComponentState>> reference = Invariants.byComponent(primary.events());
        Invariants inv = new Invariants(truth);
        inv.lane("primary", primary.events(), reference, false);
        inv.lane("flaky", flakyOut.events(), reference, flakySub.stats().coalesced() > 0);
        inv.lane("stalling", stallingOut.events(), reference, stallingSub.stats().coalesced() > 0);
        inv.jobs(store, DEPLOYMENT,
            bridgeSub.stats().coalesced() > 0 ? Map.of() : Invariants.attempts(reference));

        long sourceErrors = primary.notices().stream()
            .filter(n -> n.kind() == WatchNotice.Kind.SOURCE_ERROR).count();
        long lists = proxy.requests().stream()
            .filter(r -> r.startsWith("GET ") && !r.contains("watch=")).count();
        long faultsInjected = dropped.get() + proxy.injected() + flaky.failures() + 5;
        System.out.println(inv.summary("watch faults", faultsInjected)
            + " (releases " + kit.size() + ", watch drops " + dropped.get() + " closing " + closedConnections.get()
            + " connections, proxy faults " + proxy.injected() + ", sink failures " + flaky.failures()
            + ", stalls 5, lists " + lists + ", SOURCE_ERROR notices " + sourceErrors
            + ", stalling lane coalesced " + stallingSub.stats().coalesced() + ")");

        primary.notices().forEach(n -> System.out.println("  notice: " + n.kind() + " " + n.message()));
        System.out.println("  fault episodes at writes " + episodes + ", watch drops at writes " + drops);
        assertThat(inv.violations()).as("invariant violations (seed %d)", seed).isEmpty();
        assertThat(sourceErrors).as("SOURCE_ERROR notices").isPositive();
        assertThat(lists).as("lists: the initial one and relists after 410 Gone").isGreaterThan(1);
        assertThat(proxy.injected()).as("proxy faults injected").isGreaterThanOrEqualTo(2 + 3 + 3 + 2 + 3 + 1);
        assertThat(closedConnections.get()).as("watch connections dropped").isEqualTo(dropped.get());
      }
    }
  }

  @ParameterizedTest(name = "store crash: {0}")
  @ValueSource(booleans = {false, true})
  void restartMidRolloutKeepsTheJobsTableConsistent(boolean crash) throws Exception {
    FaultSize size = FaultSize.current();
    long seed = FaultSize.seed("restart" + (crash ? " after a store crash" : ""));
    Random random = new Random(seed);
    List<HelmRelease> kit = Kits.generate(size.releases(), random);
    HelmControllerSimulator sim = simulator(kit, random, 2, 0, 3);
    Map<String, ComponentState> truth = sim.finalTruth();
    int crashAt = size.releases() + random.nextInt(2 * size.releases());
    int restartRound = 2 + random.nextInt(3);

    try (FakeCluster cluster = FakeCluster.start()) {
      ClusterWriter writer = new ClusterWriter(cluster, index -> {});
      HelmControllerSimulator.Rollout rollout = sim.start(writer);
      int rounds = 0;

      CrashingJobStore first = new CrashingJobStore(FileJobStore.open(dir), crash ? crashAt : Integer.MAX_VALUE);
      try (Watcher watcher = Watcher.builder(Fabric8ReleaseSource.builder().client(cluster.client()).build())
          .continuous().build()) {
        JobsBridge bridge = JobsBridge.builder(first, DEPLOYMENT).build();
        Subscription sub = bridge.attach(watcher);
        watcher.start();
        while (!rollout.finished() && (crash ? !first.hasCrashed() : rounds < restartRound)) {
          rollout.round();
          rounds++;
          assertThat(sub.flush(WAIT)).isTrue();
        }
        assertThat(rollout.finished()).as("the restart happens mid-rollout (round %d)", rounds).isFalse();
      }

      RecordingSink primary = new RecordingSink("after restart");
      FileJobStore store = FileJobStore.open(dir);
      JobsBridge bridge = JobsBridge.builder(store, DEPLOYMENT).build();
      try (Watcher watcher = Watcher.builder(Fabric8ReleaseSource.builder().client(cluster.client()).build())
          .sink(primary).continuous().build()) {
        Subscription sub = bridge.attach(watcher);
        watcher.start();
        while (!rollout.finished()) {
          rollout.round();
        }
        awaitTruth(cluster, primary, truth);
        assertThat(sub.flush(WAIT)).isTrue();
      }

      Map<String, Integer> attempts = new HashMap<>();
      truth.forEach((name, state) -> attempts.put(name, state == ComponentState.PENDING ? 0 : 1));
      Invariants inv = new Invariants(truth);
      inv.lane("after restart", primary.events(), Invariants.byComponent(primary.events()), false);
      inv.jobs(store, DEPLOYMENT, attempts);
      System.out.println(inv.summary("restart" + (crash ? " after a store crash at write " + crashAt : "")
          + " at round " + rounds, 1 + (crash ? 1 : 0)) + " (releases " + kit.size() + ", writes "
          + writer.writes() + ")");
      assertThat(inv.violations()).as("invariant violations (seed %d)", seed).isEmpty();
    }
  }
}
