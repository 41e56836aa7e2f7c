package io.helmwatch.testing.fabric8;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscovery;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.helmwatch.testing.HelmReleases;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link FakeCluster} serves the HelmRelease group's discovery document, consistent with what it serves. */
class FakeClusterDiscoveryTest {

  @Test
  void theDefaultClusterServesEveryVersionAndPrefersV2() {
    try (FakeCluster cluster = FakeCluster.start()) {
      APIGroup group = cluster.client().getApiGroup(FakeCluster.GROUP);

      assertThat(group.getName()).isEqualTo(FakeCluster.GROUP);
      assertThat(group.getVersions()).extracting(GroupVersionForDiscovery::getVersion)
          .containsExactly("v2", "v2beta2", "v2beta1");
      assertThat(group.getVersions()).extracting(GroupVersionForDiscovery::getGroupVersion)
          .containsExactly("helm.toolkit.fluxcd.io/v2", "helm.toolkit.fluxcd.io/v2beta2",
              "helm.toolkit.fluxcd.io/v2beta1");
      assertThat(group.getPreferredVersion().getVersion()).isEqualTo("v2");
      assertThat(cluster.preferredVersion()).isEqualTo("v2");
    }
  }

  @Test
  void aClusterServingChosenVersionsListsThemNewestFirstAndRefusesTheOthers() {
    try (FakeCluster cluster = FakeCluster.builder().servedVersions("v2beta1", "v2beta2").start()) {
      APIGroup group = cluster.client().getApiGroup(FakeCluster.GROUP);

      assertThat(group.getVersions()).extracting(GroupVersionForDiscovery::getVersion)
          .containsExactly("v2beta2", "v2beta1");
      assertThat(group.getPreferredVersion().getVersion()).isEqualTo("v2beta2");
      assertThat(cluster.servedVersions()).containsExactly("v2beta2", "v2beta1");
      assertThatThrownBy(() -> cluster.client().genericKubernetesResources(FakeCluster.context("v2"))
          .inNamespace(HelmReleases.FLUX_NAMESPACE).list())
          .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(404));
      cluster.awaitRefusedHelmReleaseRequests(1, java.time.Duration.ofSeconds(5));
    }
  }

  @Test
  void releasesAreCreatedInThePreferredVersionWithTheirStatusSubresource() {
    try (FakeCluster cluster = FakeCluster.builder().servedVersions("v2beta2").start()) {
      cluster.create(HelmReleases.named("app").installed());

      var items = cluster.client().genericKubernetesResources(FakeCluster.context("v2beta2"))
          .inNamespace(HelmReleases.FLUX_NAMESPACE).list().getItems();
      assertThat(items).extracting(r -> r.getMetadata().getName()).containsExactly("app");
      assertThat(items.get(0).getApiVersion()).isEqualTo("helm.toolkit.fluxcd.io/v2beta2");
      assertThat(items.get(0).getAdditionalProperties()).containsKey("status");
      assertThatIllegalArgumentException()
          .isThrownBy(() -> cluster.create(HelmReleases.named("other").installed(), "v2", Map.of()))
          .withMessage("v2 is not served by this cluster (served: v2beta2)");
    }
  }

  @Test
  void withoutTheCrdTheDiscoveryDocumentIsMissingToo() {
    try (FakeCluster cluster = FakeCluster.builder().withoutHelmReleaseCrd().start()) {
      assertThat(cluster.client().getApiGroup(FakeCluster.GROUP)).as("fabric8 reads a 404 as null").isNull();

      cluster.installHelmReleaseCrd();

      assertThat(cluster.client().getApiGroup(FakeCluster.GROUP).getPreferredVersion().getVersion())
          .isEqualTo("v2");
    }
  }

  @Test
  void servedVersionsRefusesNoneUnknownAndASecondCall() {
    assertThatIllegalArgumentException().isThrownBy(() -> FakeCluster.builder().servedVersions())
        .withMessageContaining("withoutHelmReleaseCrd()");
    assertThatIllegalArgumentException().isThrownBy(() -> FakeCluster.builder().servedVersions("v3"))
        .withMessage("Unknown HelmRelease version 'v3'; known: [v2, v2beta2, v2beta1]");
    assertThatIllegalStateException().isThrownBy(() -> FakeCluster.builder().servedVersions("v2")
        .servedVersions("v2beta2")).withMessage("servedVersions was already set to [v2]");
  }
}
