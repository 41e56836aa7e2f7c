package io.helmwatch.benchmarks;

import com.sun.management.OperatingSystemMXBean;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.helmwatch.core.ReleaseKey;
import io.helmwatch.core.ReleaseObservation;
import io.helmwatch.core.ReleaseSource;
import io.helmwatch.core.Watcher;
import io.helmwatch.fabric8.Fabric8ReleaseSource;
import io.helmwatch.testing.HelmReleases;
import io.helmwatch.testing.fabric8.FakeCluster;
import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Status churn through a real fabric8 informer over {@link FakeCluster} (fabric8's mock API server, over
 * loopback HTTP and a watch websocket, in the benchmark's JVM), handled either by helmwatch ({@link
 * Fabric8ReleaseSource}, lean cache, into a continuous {@link Watcher} with a no-op sink) or by a bare informer
 * on the same client and CRD whose {@link ResourceEventHandler} does nothing. One operation is one status
 * update ({@code updateStatus} of {@code lastHandledReconcileAt}, which changes no derived state) until the
 * handler side has received it; each invocation writes {@value #BATCH} updates across {@value #RELEASES}
 * releases, then waits until all {@value #BATCH} arrived. Score: events/s.
 *
 * <p>What is measured, honestly: the whole loop — the writer's HTTP round trip, the mock server's CRUD and
 * watch broadcast, the informer's decoding and cache update, then the handler. The server and the writer
 * dominate, so the score ratio of the two handlers is an upper bound on helmwatch's relative cost, diluted
 * by costs both share; the handler's own cost in isolation is {@link ChurnDedupeBenchmark}. The tear-down
 * prints the process CPU time per event, which other processes on the machine do not inflate.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
@State(Scope.Benchmark)
public class PipelineBenchmark {
  static final int RELEASES = 10;
  static final int BATCH = 50;

  @Param({"helmwatch", "bareInformer"})
  public String handler;

  private FakeCluster cluster;
  private NonNamespaceOperation<GenericKubernetesResource, GenericKubernetesResourceList,
      Resource<GenericKubernetesResource>> releases;
  private final GenericKubernetesResource[] current = new GenericKubernetesResource[RELEASES];
  /** One permit per update that reached the handler side. */
  private final Semaphore arrived = new Semaphore(0);
  private @Nullable Watcher watcher;
  private @Nullable SharedIndexInformer<GenericKubernetesResource> informer;
  private int next;
  private long churn;

  private final OperatingSystemMXBean os =
      (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private long cpuAtStart;
  private long churnAtStart;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    // The mock server logs every request through java.util.logging: that would be most of what is measured.
    java.util.logging.LogManager.getLogManager().reset();
    java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
    cluster = FakeCluster.start();
    for (int i = 0; i < RELEASES; i++) {
      cluster.create(HelmReleases.named("bp-release-" + i).installed());
    }
    releases = cluster.client().genericKubernetesResources(FakeCluster.context(FakeCluster.DEFAULT_VERSION))
        .inNamespace(HelmReleases.FLUX_NAMESPACE);
    for (int i = 0; i < RELEASES; i++) {
      current[i] = releases.withName("bp-release-" + i).get();
    }
    switch (handler) {
      case "helmwatch" -> startHelmwatch();
      case "bareInformer" -> startBareInformer();
      default -> throw new IllegalArgumentException("Unknown handler " + handler);
    }
    arrived.drainPermits();
  }

  private void startHelmwatch() throws InterruptedException {
    ReleaseSource counted = new CountingSource(
        Fabric8ReleaseSource.builder().client(cluster.client()).build(), arrived);
    watcher = Watcher.builder(counted).sink(event -> {}).continuous().build();
    CountDownLatch synced = new CountDownLatch(1);
    watcher.onInitialListSynced(snapshot -> synced.countDown());
    watcher.start();
    if (!synced.await(60, TimeUnit.SECONDS)) {
      throw new IllegalStateException("helmwatch did not sync within 60s");
    }
  }

  private void startBareInformer() throws Exception {
    SharedIndexInformer<GenericKubernetesResource> i = releases.runnableInformer(0);
    i.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(GenericKubernetesResource obj) {
        arrived.release();
      }

      @Override
      public void onUpdate(GenericKubernetesResource oldObj, GenericKubernetesResource newObj) {
        arrived.release();
      }

      @Override
      public void onDelete(GenericKubernetesResource obj, boolean deletedFinalStateUnknown) {
        arrived.release();
      }
    });
    informer = i;
    i.start().toCompletableFuture().get(60, TimeUnit.SECONDS);
    if (!arrived.tryAcquire(RELEASES, 60, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the bare informer did not deliver its initial list within 60s");
    }
  }

  @Setup(Level.Iteration)
  public void startCpuClock() {
    cpuAtStart = os.getProcessCpuTime();
    churnAtStart = churn;
  }

  @TearDown(Level.Iteration)
  public void printCpuPerEvent() {
    long events = churn - churnAtStart;
    if (events > 0) {
      System.out.printf(" [process CPU %.1f us/event] ", (os.getProcessCpuTime() - cpuAtStart) / 1e3 / events);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    if (watcher != null) {
      watcher.close();
    }
    if (informer != null) {
      informer.stop();
    }
    cluster.close();
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void statusChurn() throws InterruptedException {
    for (int n = 0; n < BATCH; n++) {
      GenericKubernetesResource r = current[next];
      @SuppressWarnings("unchecked")
      Map<String, Object> status = (Map<String, Object>) r.getAdditionalProperties().get("status");
      status.put("lastHandledReconcileAt", "churn-" + (++churn));
      current[next] = releases.resource(r).updateStatus();
      next = (next + 1) % RELEASES;
    }
    if (!arrived.tryAcquire(BATCH, 60, TimeUnit.SECONDS)) {
      throw new IllegalStateException("updates did not reach the " + handler + " handler within 60s");
    }
  }

  /** Hands {@code delegate}'s reports to the watcher and counts each upsert once the watcher returns. */
  private static final class CountingSource implements ReleaseSource {
    private final ReleaseSource delegate;
    private final Semaphore arrived;

    CountingSource(ReleaseSource delegate, Semaphore arrived) {
      this.delegate = delegate;
      this.arrived = arrived;
    }

    @Override
    public String cluster() {
      return delegate.cluster();
    }

    @Override
    public void start(Listener listener) {
      delegate.start(new Listener() {
        @Override
        public void upsert(ReleaseObservation observation) {
          listener.upsert(observation);
          arrived.release();
        }

        @Override
        public void delete(ReleaseKey key) {
          listener.delete(key);
          arrived.release();
        }

        @Override
        public void synced() {
          listener.synced();
        }

        @Override
        public void error(String cluster, String message, @Nullable Throwable cause) {
          listener.error(cluster, message, cause);
        }

        @Override
        public void stopped(String cluster, String reason) {
          listener.stopped(cluster, reason);
        }
      });
    }

    @Override
    public void close() {
      delegate.close();
    }
  }
}
