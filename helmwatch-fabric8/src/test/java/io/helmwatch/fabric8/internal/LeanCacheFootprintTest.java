package io.helmwatch.fabric8.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.helmwatch.fabric8.HelmReleaseApi;
import io.helmwatch.support.HelmReleaseJson;
import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import io.helmwatch.support.UsedHeap;

/**
 * Measures the heap an informer's item store retains per HelmRelease, full and lean: 10,000 realistic
 * releases (values, history, managedFields) are deserialized as fabric8 does, put into the store, and the
 * used heap after full GCs is compared with the used heap before. Prints both figures. The same for releases
 * as helm-controller v1.6 writes them with drift detection on (history actions, attempt duration, a {@code
 * Drifted} condition).
 */
class LeanCacheFootprintTest {
  private static final int RELEASES = 10_000;

  @Test
  void leanStoreRetainsAFractionOfTheFullObject() {
    KubernetesSerialization serialization = new KubernetesSerialization();
    long full = retainedPerRelease(new BasicItemStore<>(Cache::metaNamespaceKeyFunc), serialization,
        HelmReleaseJson::reconciled);
    long lean = retainedPerRelease(new LeanItemStore(HelmReleaseApi.V2.apiVersion()), serialization,
        HelmReleaseJson::reconciled);
    System.out.printf("Informer item store, %d HelmReleases: full %d B/release, lean %d B/release%n",
        RELEASES, full, lean);
    assertThat(lean).isLessThan(full / 2);
    assertThat(lean).as("lean bytes per release").isLessThan(2048);
  }

  @Test
  void leanStoreStaysSmallForReleasesWithDriftDetection() {
    KubernetesSerialization serialization = new KubernetesSerialization();
    long full = retainedPerRelease(new BasicItemStore<>(Cache::metaNamespaceKeyFunc), serialization,
        HelmReleaseJson::reconciledByV16);
    long lean = retainedPerRelease(new LeanItemStore(HelmReleaseApi.V2.apiVersion()), serialization,
        HelmReleaseJson::reconciledByV16);
    System.out.printf("Informer item store, %d HelmReleases by helm-controller v1.6 with drift detection: "
        + "full %d B/release, lean %d B/release%n", RELEASES, full, lean);
    assertThat(lean).isLessThan(full / 2);
    // the Drifted condition such a release carries is kept like any condition: about 250 B of the budget
    assertThat(lean).as("lean bytes per release").isLessThan(2048 + 384);
  }

  private static long retainedPerRelease(ItemStore<GenericKubernetesResource> store, KubernetesSerialization s,
      IntFunction<String> release) {
    List<String> json = new ArrayList<>(RELEASES);
    for (int i = 0; i < RELEASES; i++) {
      json.add(release.apply(i));
    }
    long before = UsedHeap.afterGc();
    for (int i = 0; i < RELEASES; i++) {
      GenericKubernetesResource r = s.unmarshal(json.get(i), GenericKubernetesResource.class);
      store.put(store.getKey(r), r);
    }
    long after = UsedHeap.afterGc();
    // the JSON was there before the first reading: it must still be there at the second
    Reference.reachabilityFence(json);
    assertThat(store.size()).isEqualTo(RELEASES);
    return (after - before) / RELEASES;
  }

}
