package io.helmwatch.testing.fabric8;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.helmwatch.testing.HelmRelease;
import io.helmwatch.testing.HelmReleases;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A {@link FakeCluster} started without the HelmRelease CRD, as before Flux's bootstrap. */
class FakeClusterCrdTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @Test
  void withoutTheCrdEveryVersionAnswers404UntilItIsInstalled() {
    try (FakeCluster cluster = FakeCluster.builder().withoutHelmReleaseCrd().start()) {
      assertThat(cluster.helmReleaseCrdInstalled()).isFalse();
      for (String version : FakeCluster.VERSIONS) {
        assertThatThrownBy(() -> cluster.client().genericKubernetesResources(FakeCluster.context(version))
            .inNamespace(HelmReleases.FLUX_NAMESPACE).list())
            .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(404));
      }
      assertThatThrownBy(() -> cluster.client().genericKubernetesResources(FakeCluster.context("v2"))
          .inAnyNamespace().list())
          .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(404));
      assertThatThrownBy(() -> cluster.create(HelmReleases.named("early").installed()))
          .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(404));
      cluster.awaitRefusedHelmReleaseRequests(FakeCluster.VERSIONS.size() + 2, WAIT);

      cluster.installHelmReleaseCrd();

      assertThat(cluster.helmReleaseCrdInstalled()).isTrue();
      cluster.create(HelmReleases.named("app").installed());
      assertThat(cluster.client().genericKubernetesResources(FakeCluster.context("v2"))
          .inNamespace(HelmReleases.FLUX_NAMESPACE).list().getItems())
          .extracting(r -> r.getMetadata().getName()).containsExactly("app");
      assertThat(cluster.get(HelmReleases.FLUX_NAMESPACE, "app").getAdditionalProperties()).containsKey("status");
    }
  }

  @Test
  void theDefaultClusterServesHelmReleasesAndRefusesNothing() {
    try (FakeCluster cluster = FakeCluster.start()) {
      assertThat(cluster.helmReleaseCrdInstalled()).isTrue();
      assertThat(cluster.client().genericKubernetesResources(FakeCluster.context("v2beta1"))
          .inAnyNamespace().list().getItems()).isEmpty();
      assertThatThrownBy(() -> cluster.awaitRefusedHelmReleaseRequests(1, Duration.ofMillis(1)))
          .isInstanceOf(AssertionError.class).hasMessageContaining("but 0 were");
    }
  }

  @Test
  void theApiServerAssignsEachCreatedReleaseAUidAsARealOneDoes() {
    try (FakeCluster cluster = FakeCluster.start()) {
      cluster.create(HelmReleases.named("a").installed());
      cluster.create(HelmReleases.named("b").installed());
      String a = cluster.get(HelmReleases.FLUX_NAMESPACE, "a").getMetadata().getUid();
      String b = cluster.get(HelmReleases.FLUX_NAMESPACE, "b").getMetadata().getUid();
      assertThat(a).isNotBlank();
      assertThat(b).isNotBlank().isNotEqualTo(a);
    }
  }
}
