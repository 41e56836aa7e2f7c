package io.helmwatch.fabric8.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.helmwatch.fabric8.HelmReleaseApi;
import io.helmwatch.support.HelmReleaseJson;
import java.util.List;
import org.junit.jupiter.api.Test;

class LeanItemStoreTest {
  private static final KubernetesSerialization JSON = new KubernetesSerialization();
  private final LeanItemStore store = new LeanItemStore(HelmReleaseApi.V2.apiVersion());

  @Test
  void aLeanObjectReadsExactlyAsTheFullOne() {
    assertReadsAlike(HelmReleaseJson.reconciled(7));
  }

  @Test
  void aLeanObjectOfHelmController16ReadsExactlyAsTheFullOne() {
    String json = HelmReleaseJson.reconciledByV16(7)
        .replace("\"lastAttemptedRevision\":\"1.0.0\",", "\"lastAttemptedRevision\":\"1.0.0\","
            + "\"lastAttemptedRevisionDigest\":\"sha256:0a1b2c3d4e5f\",");
    HelmReleaseView full = new HelmReleaseView("primary");
    full.read(parse(json));
    assertThat(List.of(full.driftDetectionMode(), full.latestReleaseAction(), full.latestReleaseVersion(),
        full.lastAttemptedReleaseActionDuration(), full.lastAttemptedRevisionDigest()))
        .as("what the full object says (checks the fixture)")
        .containsExactly("warn", "upgrade", 5L, "8.7s", "sha256:0a1b2c3d4e5f");
    assertReadsAlike(json);
  }

  @Test
  void aLeanObjectKeepsMalformedShapesSoTheyAreReportedAlike() {
    assertReadsAlike("""
        {"apiVersion":"helm.toolkit.fluxcd.io/v2","kind":"HelmRelease",
         "metadata":{"name":"app","namespace":"flux-system","generation":2,"resourceVersion":"9"},
         "spec":{"suspend":"yes","dependsOn":[{"name":"a"},"b",{"namespace":"x"}]},
         "status":{"observedGeneration":"2","conditions":[{"type":"Ready","status":"False","reason":null,
           "message":"dependency 'flux-system/a' is not ready","observedGeneration":"2"},42]}}""");
    assertReadsAlike("""
        {"apiVersion":"helm.toolkit.fluxcd.io/v2","kind":"HelmRelease",
         "metadata":{"name":"app","namespace":"flux-system","deletionTimestamp":"2026-01-01T00:00:00Z"},
         "spec":[],"status":{"conditions":{"type":"Ready"}}}""");
  }

  @Test
  void repeatedStringsAreSharedAcrossObjects() {
    GenericKubernetesResource a = store.trim(parse(HelmReleaseJson.reconciled(1)));
    GenericKubernetesResource b = store.trim(parse(HelmReleaseJson.reconciled(2)));
    assertThat(a.getMetadata().getNamespace()).isSameAs(b.getMetadata().getNamespace());
    HelmReleaseView va = new HelmReleaseView("primary");
    HelmReleaseView vb = new HelmReleaseView("primary");
    va.read(a);
    vb.read(b);
    assertThat(va.conditionType(0)).isSameAs(vb.conditionType(0));
    assertThat(va.conditionReason(0)).isSameAs(vb.conditionReason(0));
  }

  private void assertReadsAlike(String json) {
    GenericKubernetesResource full = parse(json);
    GenericKubernetesResource lean = store.trim(parse(json));
    HelmReleaseView fullView = new HelmReleaseView("primary");
    HelmReleaseView leanView = new HelmReleaseView("primary");
    assertThat(leanView.read(lean)).isNotNull();
    assertThat(fullView.read(full)).isNotNull();
    assertThat(leanView.malformation()).isEqualTo(fullView.malformation());
    assertThat(leanView.resourceVersion()).isEqualTo(fullView.resourceVersion());
    assertThat(ObservationValues.of(leanView)).isEqualTo(ObservationValues.of(fullView));
  }

  private static GenericKubernetesResource parse(String json) {
    return JSON.unmarshal(json, GenericKubernetesResource.class);
  }
}
