package io.helmwatch.fabric8;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Measures the heap an informer's item store retains per HelmRelease, full and lean: 10,000 realistic
 * releases (values, history, managedFields) are deserialized as fabric8 does, put into the store, and the
 * used heap after full GCs is compared with the used heap before. Prints both figures.
 */
class LeanCacheFootprintTest {
  private static final int RELEASES = 10_000;

  @Test
  void leanStoreRetainsAFractionOfTheFullObject() {
    KubernetesSerialization serialization = new KubernetesSerialization();
    long full = retainedPerRelease(new BasicItemStore<>(Cache::metaNamespaceKeyFunc), serialization);
    long lean = retainedPerRelease(new LeanItemStore(HelmReleaseApi.V2.apiVersion()), serialization);
    System.out.printf("Informer item store, %d HelmReleases: full %d B/release, lean %d B/release%n",
        RELEASES, full, lean);
    assertThat(lean).isLessThan(full / 2);
  }

  private static long retainedPerRelease(ItemStore<GenericKubernetesResource> store, KubernetesSerialization s) {
    List<String> json = new ArrayList<>(RELEASES);
    for (int i = 0; i < RELEASES; i++) {
      json.add(realistic(i));
    }
    long before = usedAfterGc();
    for (int i = 0; i < RELEASES; i++) {
      GenericKubernetesResource r = s.unmarshal(json.get(i), GenericKubernetesResource.class);
      store.put(store.getKey(r), r);
    }
    long after = usedAfterGc();
    assertThat(store.size()).isEqualTo(RELEASES);
    return (after - before) / RELEASES;
  }

  private static long usedAfterGc() {
    Runtime rt = Runtime.getRuntime();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      used = Math.min(used, rt.totalMemory() - rt.freeMemory());
    }
    return used;
  }

  /** A HelmRelease shaped like one helm-controller has reconciled a few times. */
  static String realistic(int i) {
    String name = "release-" + i;
    StringBuilder values = new StringBuilder();
    for (int v = 0; v < 20; v++) {
      values.append("\"key").append(v).append("\":{\"enabled\":true,\"replicas\":").append(v)
          .append(",\"image\":\"registry.example.com/team/component-").append(v).append(":1.").append(i % 50)
          .append(".0\"},");
    }
    StringBuilder history = new StringBuilder();
    for (int h = 0; h < 5; h++) {
      history.append(h == 0 ? "" : ",").append("{\"chartName\":\"").append(name)
          .append("\",\"chartVersion\":\"1.").append(h).append(".0\",\"configDigest\":\"sha256:")
          .append(Integer.toHexString(i * 31 + h).repeat(8)).append("\",\"digest\":\"sha256:")
          .append(Integer.toHexString(i * 17 + h).repeat(8)).append("\",\"firstDeployed\":\"2026-01-0")
          .append(h + 1).append("T00:00:00Z\",\"lastDeployed\":\"2026-01-0").append(h + 1)
          .append("T00:01:00Z\",\"name\":\"").append(name).append("\",\"namespace\":\"apps\",\"status\":\"")
          .append(h == 0 ? "deployed" : "superseded").append("\",\"version\":").append(5 - h).append('}');
    }
    return "{\"apiVersion\":\"helm.toolkit.fluxcd.io/v2\",\"kind\":\"HelmRelease\",\"metadata\":{"
        + "\"name\":\"" + name + "\",\"namespace\":\"flux-system\",\"uid\":\"" + java.util.UUID.randomUUID()
        + "\",\"generation\":3,\"resourceVersion\":\"" + (100000 + i) + "\","
        + "\"creationTimestamp\":\"2026-01-01T00:00:00Z\","
        + "\"labels\":{\"kustomize.toolkit.fluxcd.io/name\":\"bootstrap\",\"kustomize.toolkit.fluxcd.io/namespace\":\"flux-system\"},"
        + "\"annotations\":{\"reconcile.fluxcd.io/requestedAt\":\"2026-01-02T00:00:00Z\"},"
        + "\"finalizers\":[\"finalizers.fluxcd.io\"],"
        + "\"managedFields\":[{\"apiVersion\":\"helm.toolkit.fluxcd.io/v2\",\"fieldsType\":\"FieldsV1\","
        + "\"fieldsV1\":{\"f:metadata\":{\"f:labels\":{\".\":{},\"f:kustomize.toolkit.fluxcd.io/name\":{}}},"
        + "\"f:spec\":{\".\":{},\"f:chart\":{},\"f:dependsOn\":{},\"f:interval\":{},\"f:values\":{}}},"
        + "\"manager\":\"kustomize-controller\",\"operation\":\"Apply\",\"time\":\"2026-01-01T00:00:00Z\"},"
        + "{\"apiVersion\":\"helm.toolkit.fluxcd.io/v2\",\"fieldsType\":\"FieldsV1\",\"fieldsV1\":{\"f:status\":{"
        + "\"f:conditions\":{},\"f:history\":{},\"f:observedGeneration\":{}}},\"manager\":\"helm-controller\","
        + "\"operation\":\"Update\",\"subresource\":\"status\",\"time\":\"2026-01-02T00:00:00Z\"}]},"
        + "\"spec\":{\"interval\":\"10m\",\"chart\":{\"spec\":{\"chart\":\"" + name + "\",\"version\":\"1.x\","
        + "\"sourceRef\":{\"kind\":\"HelmRepository\",\"name\":\"charts\",\"namespace\":\"flux-system\"}}},"
        + "\"dependsOn\":[{\"name\":\"release-" + (i / 2) + "\",\"namespace\":\"flux-system\"}],"
        + "\"install\":{\"remediation\":{\"retries\":3}},\"upgrade\":{\"remediation\":{\"retries\":3}},"
        + "\"values\":{" + values + "\"last\":true}},"
        + "\"status\":{\"observedGeneration\":3,\"lastAttemptedGeneration\":3,"
        + "\"lastAttemptedRevision\":\"1.0.0\",\"lastAttemptedConfigDigest\":\"sha256:abc\","
        + "\"lastHandledReconcileAt\":\"2026-01-02T00:00:00Z\",\"helmChart\":\"flux-system/flux-system-" + name + "\","
        + "\"storageNamespace\":\"apps\",\"history\":[" + history + "],\"conditions\":["
        + "{\"type\":\"Ready\",\"status\":\"True\",\"observedGeneration\":3,\"lastTransitionTime\":\"2026-01-02T00:01:00Z\","
        + "\"reason\":\"UpgradeSucceeded\",\"message\":\"Helm upgrade succeeded for release apps/" + name + ".v5 with chart " + name + "@1.0.0\"},"
        + "{\"type\":\"Released\",\"status\":\"True\",\"observedGeneration\":3,\"lastTransitionTime\":\"2026-01-02T00:01:00Z\","
        + "\"reason\":\"UpgradeSucceeded\",\"message\":\"Helm upgrade succeeded for release apps/" + name + ".v5 with chart " + name + "@1.0.0\"}]}}";
  }
}
