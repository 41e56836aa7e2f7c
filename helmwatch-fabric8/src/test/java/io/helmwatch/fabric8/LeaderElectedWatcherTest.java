package io.helmwatch.fabric8;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.helmwatch.core.ComponentEvent;
import io.helmwatch.core.ComponentState;
import io.helmwatch.core.EventSink;
import io.helmwatch.core.Subscription;
import io.helmwatch.core.Watcher;
import io.helmwatch.jobs.Execution;
import io.helmwatch.jobs.InMemoryJobStore;
import io.helmwatch.jobs.Job;
import io.helmwatch.jobs.JobsBridge;
import io.helmwatch.testing.HelmControllerSimulator;
import io.helmwatch.testing.HelmReleases;
import io.helmwatch.testing.RecordingSink;
import io.helmwatch.testing.fabric8.FakeCluster;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Two replicas in one JVM, one Lease on one fake API server: only the leader delivers, the other takes over. */
class LeaderElectedWatcherTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String NS = "flux-system";
  private static final String DEPLOYMENT = "default";
  // Whole seconds for the lease (a Lease stores seconds); 2.5 + 2 x 1 + 0.4 < 5, and a 1 s request timeout
  // that a loaded machine's first requests meet.
  private static final Duration LEASE = Duration.ofSeconds(5);
  private static final Duration RENEW = Duration.ofMillis(2500);
  private static final Duration RETRY = Duration.ofMillis(400);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(1);

  /** One replica: its elected wrapper, and what each of its terms built. */
  private static final class Replica implements AutoCloseable {
    final RecordingSink sink = new RecordingSink();
    /** When each term began (its watcher was built), in nanoTime. */
    final BlockingQueue<Long> terms = new LinkedBlockingQueue<>();
    final AtomicReference<JobsBridge> bridge = new AtomicReference<>();
    final LeaderElectedWatcher elected;

    Replica(FakeCluster cluster, String identity, InMemoryJobStore store) {
      elected = LeaderElectedWatcher.builder(cluster.client())
          .leaseNamespace(NS).leaseName("helmwatch").identity(identity)
          .leaseDuration(LEASE).renewDeadline(RENEW).retryPeriod(RETRY).requestTimeout(REQUEST_TIMEOUT)
          .watcher(() -> {
            terms.add(System.nanoTime());
            Watcher w = Watcher.builder(Fabric8ReleaseSource.builder().client(cluster.client()).build())
                .continuous().sink(sink).build();
            JobsBridge b = JobsBridge.builder(store, DEPLOYMENT).build();
            b.attach(w);
            bridge.set(b);
            return w;
          })
          .build();
    }

    @Override
    public void close() {
      elected.close();
    }
  }

  @Test
  void theFollowerTakesOverWithinTheLeaseAndTheJobsTableMatchesAnUninterruptedWatch() throws Exception {
    HelmControllerSimulator sim = HelmControllerSimulator.builder(HelmReleases.bootstrapKit())
        .upgrade("bp-cilium").failOnce("bp-spire").fail("bp-keycloak").build();
    InMemoryJobStore ha = new InMemoryJobStore();
    InMemoryJobStore control = new InMemoryJobStore();
    try (FakeCluster cluster = FakeCluster.start()) {
      HelmControllerSimulator.Rollout rollout = sim.start(cluster::apply);
      // The control: one watcher that is never interrupted, writing its own table.
      Watcher reference = Watcher.builder(Fabric8ReleaseSource.builder().client(cluster.client()).build())
          .continuous().build();
      JobsBridge.builder(control, DEPLOYMENT).build().attach(reference);
      reference.start();
      try (Replica a = new Replica(cluster, "replica-a", ha); Replica b = new Replica(cluster, "replica-b", ha)) {
        a.elected.start();
        nextTerm(a);
        b.elected.start();
        for (int i = 0; i < 6; i++) {
          rollout.round();
        }
        awaitStates(a.sink, rollout.expectedStates());
        assertThat(b.terms).as("the follower builds no watcher while the leader holds the lease").isEmpty();
        assertThat(b.sink.events()).isEmpty();
        assertThat(lease(cluster).getSpec().getHolderIdentity()).isEqualTo("replica-a");

        // The leader stops mid-rollout; helm-controller goes on while nobody leads.
        long stoppedAt = System.nanoTime();
        a.close();
        int deliveredByA = a.sink.events().size();
        rollout.round();
        double takeover = (nextTerm(b) - stoppedAt) / 1e9;
        assertThat(takeover).as("takeover after the leader released the lease, in seconds")
            .isLessThan(LEASE.toSeconds());
        while (!rollout.finished()) {
          rollout.round();
        }
        Map<String, ComponentState> truth = sim.finalTruth();
        awaitStates(b.sink, truth);
        b.close();
        reference.close();

        assertThat(a.sink.events()).as("nothing delivered by the old leader after it stopped").hasSize(deliveredByA);
        assertThat(a.sink.isClosed()).isTrue();
        assertThat(b.elected.terms()).isEqualTo(1);
        assertThat(b.bridge.get().suppressed())
            .as("the new leader's first observations of states already in the table are absorbed")
            .isPositive();
        assertThat(tableOf(ha)).as("the jobs table after a failover equals an uninterrupted one")
            .isEqualTo(tableOf(control));
        assertThat(ha.jobs(DEPLOYMENT)).allSatisfy(job -> assertThat(job.state())
            .isEqualTo(truth.get(job.component().value())));
        // An upgrade is a second attempt; nothing else gets one (a retried failure stays in its execution).
        assertThat(executions(ha, "install-bp-cilium")).hasSize(2);
        assertThat(executions(ha, "install-bp-spire")).hasSize(1);
        System.out.printf("LeaderElectedWatcherTest: takeover %.3f s after the leader's close (lease %s)%n",
            takeover, LEASE);
      }
    }
  }

  @Test
  void closingTheOnlyReplicaReleasesTheLease() throws Exception {
    try (FakeCluster cluster = FakeCluster.start(); Replica a = new Replica(cluster, "solo", new InMemoryJobStore())) {
      a.elected.start();
      nextTerm(a);
      assertThat(a.elected.isLeading()).isTrue();
      a.close();
      assertThat(a.elected.isLeading()).isFalse();
      assertThat(a.elected.result()).isDone();
      assertThat(lease(cluster).getSpec().getLeaseDurationSeconds())
          .as("released: the lease is shortened to 1 s instead of %s", LEASE).isEqualTo(1);
    }
  }

  @Test
  void builderRefusesDurationsThatAllowTwoLeaders() {
    var b = LeaderElectedWatcher.builder(new io.fabric8.kubernetes.client.ConfigBuilder().build());
    assertThatThrownBy(() -> b.leaseDuration(Duration.ofMillis(900)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("whole seconds");
    assertThatThrownBy(() -> b.leaseDuration(Duration.ofMillis(2500)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("whole seconds");
    assertThatThrownBy(() -> b.leaseNamespace("Flux_System"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DNS-1123");
    assertThatThrownBy(b::build).isInstanceOf(IllegalStateException.class).hasMessageContaining("leaseNamespace");
    b.leaseNamespace(NS);
    assertThatThrownBy(b::build).isInstanceOf(IllegalStateException.class).hasMessageContaining("watcher");
    b.watcher(() -> {
      throw new AssertionError("not called");
    });
    b.leaseDuration(Duration.ofSeconds(2)).renewDeadline(Duration.ofSeconds(2));
    assertThatThrownBy(b::build).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shorter than");
    b.renewDeadline(Duration.ofMillis(1500)).retryPeriod(Duration.ofMillis(1300));
    assertThatThrownBy(b::build).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1.2 x");
    b.retryPeriod(Duration.ofMillis(200)).requestTimeout(Duration.ofMillis(200));
    assertThatThrownBy(b::build).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("renewDeadline + 2 x requestTimeout + retryPeriod");
  }

  @Test
  void losingTheLeaseClosesTheWatcherAtOnceAndTheReplicaJoinsAgain() throws Exception {
    try (FakeCluster cluster = FakeCluster.start(); Replica a = new Replica(cluster, "a", new InMemoryJobStore())) {
      cluster.create(HelmReleases.named("cilium").installed());
      a.elected.start();
      nextTerm(a);
      a.sink.awaitState("cilium", ComponentState.INSTALLED, WAIT);
      Watcher first = a.elected.watcher();

      // Someone else takes the Lease (an operator, a replica with a skewed clock): a must stop delivering.
      Lease lease = lease(cluster);
      lease.getSpec().setHolderIdentity("rogue");
      lease.getSpec().setLeaseDurationSeconds(2);
      lease.getSpec().setRenewTime(ZonedDateTime.now(ZoneOffset.UTC));
      // A merge patch without a resourceVersion is unconditional: it does not race a's renewals.
      lease.getMetadata().setResourceVersion(null);
      long taken = System.nanoTime();
      cluster.client().resource(lease).patch(PatchContext.of(PatchType.JSON_MERGE));
      a.sink.awaitClosed(WAIT);
      double stopped = (System.nanoTime() - taken) / 1e9;
      assertThat(first.result()).succeedsWithin(WAIT).extracting(io.helmwatch.core.WatchResult::outcome)
          .isEqualTo(io.helmwatch.core.WatchOutcome.CANCELLED);

      // The rogue does not renew: once its lease has expired, a new elector of a's takes it.
      long rejoined = nextTerm(a);
      assertThat(a.elected.terms()).isEqualTo(2);
      assertThat(a.elected.watcher()).isNotSameAs(first);
      assertThat(a.elected.result()).as("losing the lease does not end the replica").isNotDone();
      System.out.printf("LeaderElectedWatcherTest: watcher closed %.3f s after the lease was taken, leading again"
          + " %.3f s after%n", stopped, (rejoined - taken) / 1e9);
      assertThat(stopped).as("stopped within the renew deadline").isLessThan(RENEW.toMillis() / 1000.0 + 1);
    }
  }

  @Test
  void aLeaderThatLostTheLeaseDeliversNothingMoreWhateverItsLanesHold() throws Exception {
    CountDownLatch firstCall = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch sinkClosed = new CountDownLatch(1);
    AtomicInteger calls = new AtomicInteger();
    EventSink slow = new EventSink() {
      @Override
      public void onEvent(ComponentEvent event) {
        calls.incrementAndGet();
        firstCall.countDown();
        try {
          release.await(); // a slow sink: a webhook waiting on its peer
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }

      @Override
      public void close() {
        sinkClosed.countDown();
      }
    };
    AtomicReference<Subscription> subscription = new AtomicReference<>();
    try (FakeCluster cluster = FakeCluster.start()) {
      for (int i = 0; i < 20; i++) {
        cluster.create(HelmReleases.named("r" + i).installed());
      }
      LeaderElectedWatcher elected = LeaderElectedWatcher.builder(cluster.client())
          .leaseNamespace(NS).leaseName("helmwatch").identity("a")
          .leaseDuration(LEASE).renewDeadline(RENEW).retryPeriod(RETRY).requestTimeout(REQUEST_TIMEOUT)
          .watcher(() -> {
            Watcher w = Watcher.builder(Fabric8ReleaseSource.builder().client(cluster.client()).build())
                .continuous().build();
            subscription.set(w.subscribe(slow));
            return w;
          })
          .build();
      try (elected) {
        elected.start();
        assertThat(firstCall.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).as("the first delivery").isTrue();

        takeLease(cluster, "rogue");
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (elected.isLeading() && System.nanoTime() < deadline) {
          Thread.onSpinWait();
        }
        assertThat(elected.isLeading()).as("a saw that it lost the lease").isFalse();
        int callsWhenLost = calls.get();
        release.countDown();

        assertThat(sinkClosed.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).as("the sink was closed").isTrue();
        assertThat(calls.get()).as("sink calls started after the lease was lost").isEqualTo(callsWhenLost);
        assertThat(callsWhenLost).isEqualTo(1);
        assertThat(subscription.get().stats().dropped()).as("what the lane held, dropped").isEqualTo(19);
      }
    }
  }

  @Test
  void aSecondCloseReturnsOnlyOnceTheFirstHasClosedTheWatchersSinks() throws Exception {
    CountDownLatch inClose = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger closedSinks = new AtomicInteger();
    EventSink slowToClose = new EventSink() {
      @Override
      public void onEvent(ComponentEvent event) {}

      @Override
      public void close() {
        inClose.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        closedSinks.incrementAndGet();
      }
    };
    CountDownLatch led = new CountDownLatch(1);
    try (FakeCluster cluster = FakeCluster.start()) {
      LeaderElectedWatcher elected = LeaderElectedWatcher.builder(cluster.client())
          .leaseNamespace(NS).leaseName("helmwatch").identity("solo")
          .leaseDuration(LEASE).renewDeadline(RENEW).retryPeriod(RETRY).requestTimeout(REQUEST_TIMEOUT)
          .watcher(() -> {
            Watcher w = Watcher.builder(Fabric8ReleaseSource.builder().client(cluster.client()).build())
                .continuous().sink(slowToClose).build();
            led.countDown();
            return w;
          })
          .build();
      elected.start();
      assertThat(led.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
      while (elected.watcher() == null) {
        Thread.onSpinWait();
      }
      Thread first = new Thread(elected::close, "first-close");
      first.start();
      assertThat(inClose.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
      Thread second = new Thread(elected::close, "second-close");
      second.start();
      awaitWaitingOrDone(second);
      assertThat(second.isAlive()).as("a second close() while the first still closes the sink").isTrue();

      release.countDown();
      second.join(WAIT.toMillis());
      assertThat(second.isAlive()).isFalse();
      assertThat(closedSinks.get()).as("sinks closed once the second close() returned").isEqualTo(1);
      assertThat(elected.result()).isDone();
      first.join(WAIT.toMillis());
    }
  }

  /** Until {@code thread} waits or ended: the order is decided by its state, not by a sleep. */
  private static void awaitWaitingOrDone(Thread thread) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      Thread.State s = thread.getState();
      if (s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING || s == Thread.State.BLOCKED
          || s == Thread.State.TERMINATED) {
        return;
      }
      Thread.onSpinWait();
    }
    throw new AssertionError(thread.getName() + " neither waited nor ended within " + WAIT);
  }

  /** Someone else takes the Lease; a merge patch without a resourceVersion does not race the renewals. */
  private static void takeLease(FakeCluster cluster, String holder) {
    Lease lease = lease(cluster);
    lease.getSpec().setHolderIdentity(holder);
    lease.getSpec().setLeaseDurationSeconds(2);
    lease.getSpec().setRenewTime(ZonedDateTime.now(ZoneOffset.UTC));
    lease.getMetadata().setResourceVersion(null);
    cluster.client().resource(lease).patch(PatchContext.of(PatchType.JSON_MERGE));
  }

  private static long nextTerm(Replica r) throws InterruptedException {
    Long at = r.terms.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(at).as("%s led within %s", r.elected.identity(), WAIT).isNotNull();
    return at;
  }

  private static void awaitStates(RecordingSink sink, Map<String, ComponentState> states) {
    states.forEach((name, state) -> sink.awaitState(name, state, WAIT));
  }

  private static Lease lease(FakeCluster cluster) {
    return cluster.client().leases().inNamespace(NS).withName("helmwatch").get();
  }

  private static List<Execution> executions(InMemoryJobStore store, String job) {
    return store.job(DEPLOYMENT, job).orElseThrow().executions();
  }

  /** What a table records, without times: per job its state, status and its executions' statuses. */
  private static Map<String, String> tableOf(InMemoryJobStore store) {
    return store.jobs(DEPLOYMENT).stream().collect(Collectors.toMap(Job::name, j -> j.state() + " " + j.status()
        + " " + j.executions().stream().map(e -> e.status().toString()).toList()));
  }
}
