package io.helmwatch.benchmarks;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.helmwatch.fabric8.HelmReleaseApi;
import io.helmwatch.fabric8.internal.LeanItemStore;
import io.helmwatch.support.HelmReleaseJson;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.management.ObjectName;
import io.helmwatch.support.UsedHeap;

/**
 * Heap retained per watched HelmRelease by the informer's item store, full (fabric8's default) and lean
 * (helmwatch's default): {@value #RELEASES} realistic releases ({@link HelmReleaseJson#reconciled}) are
 * parsed as fabric8 parses them and put into the store; the used heap after forced GCs is compared with the
 * used heap before. Not JMH: one number per store, stable to a few bytes.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.helmwatch.benchmarks.RetainedHeapMeasurement [--histogram]
 * </pre>
 *
 * <p>{@code --histogram} also prints, per store, the classes that grew most (live-object histograms before
 * and after, bytes per release): what dominates the footprint.
 */
public final class RetainedHeapMeasurement {
  static final int RELEASES = 10_000;
  private static final int HISTOGRAM_ROWS = 15;

  private RetainedHeapMeasurement() {}

  public static void main(String[] args) throws Exception {
    boolean histogram = List.of(args).contains("--histogram");
    KubernetesSerialization serialization = new KubernetesSerialization();
    // Warm the parser up so that its one-time allocations are not counted against the first store.
    measure(new BasicItemStore<>(Cache::metaNamespaceKeyFunc), serialization, false);
    long full = measure(new BasicItemStore<>(Cache::metaNamespaceKeyFunc), serialization, histogram);
    long lean = measure(new LeanItemStore(HelmReleaseApi.V2.apiVersion()), serialization, histogram);
    System.out.printf("Informer item store, %d HelmReleases (%s %s): full %d B/release, lean %d B/release%n",
        RELEASES, System.getProperty("java.vm.name"), System.getProperty("java.version"), full, lean);
  }

  private static long measure(ItemStore<GenericKubernetesResource> store, KubernetesSerialization s,
      boolean histogram) throws Exception {
    List<String> json = new ArrayList<>(RELEASES);
    for (int i = 0; i < RELEASES; i++) {
      json.add(HelmReleaseJson.reconciled(i));
    }
    Map<String, long[]> before = histogram ? histogram() : Map.of();
    long used = UsedHeap.afterGc();
    for (int i = 0; i < RELEASES; i++) {
      GenericKubernetesResource r = s.unmarshal(json.get(i), GenericKubernetesResource.class);
      store.put(store.getKey(r), r);
    }
    long retained = (UsedHeap.afterGc() - used) / RELEASES;
    if (histogram) {
      printGrowth(store.getClass().getSimpleName(), before, histogram());
    }
    if (store.size() != RELEASES) {
      throw new IllegalStateException("store holds " + store.size() + " releases, expected " + RELEASES);
    }
    return retained;
  }


  /** Class name to {instances, bytes} of live objects, from the JVM's GC.class_histogram command. */
  private static Map<String, long[]> histogram() throws Exception {
    String text = (String) ManagementFactory.getPlatformMBeanServer().invoke(
        new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
        new Object[] {null}, new String[] {String[].class.getName()});
    Map<String, long[]> out = new HashMap<>();
    for (String line : text.split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (f.length >= 4 && f[0].endsWith(":")) {
        out.put(f[3], new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])});
      }
    }
    return out;
  }

  private static void printGrowth(String store, Map<String, long[]> before, Map<String, long[]> after) {
    System.out.printf("%s: classes that grew most, per release%n", store);
    after.entrySet().stream()
        .map(e -> {
          long[] b = before.getOrDefault(e.getKey(), new long[2]);
          return Map.entry(e.getKey(), new long[] {e.getValue()[0] - b[0], e.getValue()[1] - b[1]});
        })
        .sorted(Comparator.comparingLong((Map.Entry<String, long[]> e) -> e.getValue()[1]).reversed())
        .limit(HISTOGRAM_ROWS)
        .forEach(e -> System.out.printf("  %8.1f B  %6.2f objects  %s%n",
            e.getValue()[1] / (double) RELEASES, e.getValue()[0] / (double) RELEASES, e.getKey()));
  }
}
