package io.helmwatch.fabric8;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.helmwatch.core.ComponentState;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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
    final CompletableFuture<Long> ledAt = new CompletableFuture<>();
    final AtomicReference<JobsBridge> bridge = new AtomicReference<>();
    final LeaderElectedWatcher elected;

    Replica(FakeCluster cluster, String identity, InMemoryJobStore store) {
      elected = LeaderElectedWatcher.builder(cluster.client())
          .leaseNamespace(NS).leaseName("helmwatch").identity(identity)
          .leaseDuration(LEASE).renewDeadline(RENEW).retryPeriod(RETRY).requestTimeout(REQUEST_TIMEOUT)
          .watcher(() -> {
            ledAt.complete(System.nanoTime());
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
        a.ledAt.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        b.elected.start();
        for (int i = 0; i < 6; i++) {
          rollout.round();
        }
        awaitStates(a.sink, rollout.expectedStates());
        assertThat(b.ledAt).as("the follower builds no watcher while the leader holds the lease").isNotDone();
        assertThat(b.sink.events()).isEmpty();
        assertThat(lease(cluster).getSpec().getHolderIdentity()).isEqualTo("replica-a");

        // The leader stops mid-rollout; helm-controller goes on while nobody leads.
        long stoppedAt = System.nanoTime();
        a.close();
        int deliveredByA = a.sink.events().size();
        rollout.round();
        double takeover = (b.ledAt.get(WAIT.toSeconds(), TimeUnit.SECONDS) - stoppedAt) / 1e9;
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
      a.ledAt.get(WAIT.toSeconds(), TimeUnit.SECONDS);
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
