package io.helmwatch.benchmarks;

import io.helmwatch.core.ComponentEvent;
import io.helmwatch.core.CompositeReleaseSource;
import io.helmwatch.core.EmissionCause;
import io.helmwatch.core.EventSink;
import io.helmwatch.core.ReleaseSource;
import io.helmwatch.core.Watcher;
import io.helmwatch.fabric8.Fabric8ReleaseSource;
import io.helmwatch.support.UsedHeap;
import io.helmwatch.testing.HelmReleases;
import io.helmwatch.testing.fabric8.FakeCluster;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What a fleet costs in one JVM: {@code clusters} fake API servers with {@code releases} HelmReleases each,
 * one watcher over one {@link CompositeReleaseSource} of one {@link Fabric8ReleaseSource} (lean cache) per
 * cluster. Prints the time from start until every first observation is delivered, the used heap after GC
 * that the watch adds (the fake servers and their objects are in the baseline), and the threads started and
 * alive. Not JMH: one run, one set of numbers.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.helmwatch.benchmarks.FleetMeasurement [clusters] [releases]
 * </pre>
 */
public final class FleetMeasurement {
  private FleetMeasurement() {}

  public static void main(String[] args) throws Exception {
    int clusters = args.length > 0 ? Integer.parseInt(args[0]) : 50;
    int releases = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    List<FakeCluster> fleet = new ArrayList<>();
    try {
      long t = System.nanoTime();
      for (int c = 0; c < clusters; c++) {
        fleet.add(FakeCluster.start());
      }
      // Filling is not measured: clusters are filled four at a time, each by one thread (a FakeCluster's
      // writes are serialised anyway).
      ExecutorService fill = Executors.newFixedThreadPool(4);
      try {
        List<Future<?>> filled = new ArrayList<>();
        for (FakeCluster cluster : fleet) {
          filled.add(fill.submit(() -> {
            for (int r = 0; r < releases; r++) {
              cluster.create(HelmReleases.named("release-" + r).installed());
            }
          }));
        }
        for (Future<?> f : filled) {
          f.get();
        }
      } finally {
        fill.shutdown();
      }
      System.out.printf("populated %d clusters x %d releases in %.1f s%n", clusters, releases,
          (System.nanoTime() - t) / 1e9);
      measure(fleet, releases);
    } finally {
      fleet.forEach(FakeCluster::close);
    }
  }

  private static void measure(List<FakeCluster> fleet, int releases) throws InterruptedException {
    int total = fleet.size() * releases;
    CountDownLatch firsts = new CountDownLatch(total);
    EventSink counter = new EventSink() {
      @Override
      public void onEvent(ComponentEvent event) {
        if (event.cause() == EmissionCause.FIRST_OBSERVATION) {
          firsts.countDown();
        }
      }

      @Override
      public String name() {
        return "first-observation-counter";
      }
    };
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    Map<String, Integer> namesBefore = threadNames();
    long heapBefore = UsedHeap.afterGc();
    long startedBefore = threads.getTotalStartedThreadCount();
    int liveBefore = threads.getThreadCount();
    List<ReleaseSource> sources = new ArrayList<>();
    for (int c = 0; c < fleet.size(); c++) {
      Fabric8ReleaseSource.Builder b = Fabric8ReleaseSource.builder().client(fleet.get(c).client());
      sources.add(c == 0 ? b.build() : b.cluster("c" + c).build());
    }
    long t0 = System.nanoTime();
    try (Watcher watcher = Watcher.builder(CompositeReleaseSource.of(sources)).sink(counter).continuous().build()) {
      watcher.start();
      if (!firsts.await(30, TimeUnit.MINUTES)) {
        throw new IllegalStateException(firsts.getCount() + " of " + total + " first observations missing");
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      long heapAfter = UsedHeap.afterGc();
      System.out.printf("%d clusters x %d releases (%s %s): all %d first observations delivered %.2f s after"
              + " start; used heap after GC +%.1f MB (%.0f B per release, %.1f KB per cluster);"
              + " threads started %d, alive +%d (%.2f per cluster)%n",
          fleet.size(), releases, System.getProperty("java.vm.name"), System.getProperty("java.version"), total,
          seconds, (heapAfter - heapBefore) / 1e6, (heapAfter - heapBefore) / (double) total,
          (heapAfter - heapBefore) / 1e3 / fleet.size(), threads.getTotalStartedThreadCount() - startedBefore,
          threads.getThreadCount() - liveBefore, (threads.getThreadCount() - liveBefore) / (double) fleet.size());
      Map<String, Integer> added = new TreeMap<>(threadNames());
      added.replaceAll((name, n) -> n - namesBefore.getOrDefault(name, 0));
      added.values().removeIf(n -> n == 0);
      System.out.println("threads added, by name with digits folded to #: " + added);
    }
  }

  /** Live threads by name, digits folded, so that one cluster's threads show as one group each. */
  private static Map<String, Integer> threadNames() {
    Map<String, Integer> names = new HashMap<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      names.merge(t.getName().replaceAll("[0-9]+", "#"), 1, Integer::sum);
    }
    return names;
  }
}
