package io.helmwatch.testing.fabric8;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.helmwatch.testing.HelmReleases;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FaultProxyTest {

  private static int listCount(KubernetesClient client) {
    return client.genericKubernetesResources(FakeCluster.context("v2"))
        .inNamespace(HelmReleases.FLUX_NAMESPACE).list().getItems().size();
  }

  @Test
  void scriptedStatusesAnswerTheNextRequestsThenTheClusterDoes() throws Exception {
    try (FakeCluster cluster = FakeCluster.start();
        FaultProxy proxy = FaultProxy.in(cluster)) {
      cluster.create(HelmReleases.named("cilium").installed());
      KubernetesClient client = proxy.client();
      // the proxy's client retries once: two 500s fail one list, the third request reaches the cluster
      proxy.fail(FaultProxy.Target.LIST, 500, 2);

      assertThatThrownBy(() -> listCount(client))
          .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(500));
      assertThat(proxy.awaitUsedUp(Duration.ofSeconds(5))).isTrue();
      assertThat(listCount(client)).isEqualTo(1);
      assertThat(proxy.injected()).isEqualTo(2);
    }
  }

  @Test
  void healForgetsWhatIsLeftAndRequestsAreRecordedTyped() {
    try (FakeCluster cluster = FakeCluster.start();
        FaultProxy proxy = FaultProxy.in(cluster)) {
      KubernetesClient client = proxy.client();
      proxy.fail(FaultProxy.Target.ANY, 429, 100);
      proxy.heal();

      assertThat(listCount(client)).isZero();
      assertThat(proxy.recordedRequests()).singleElement().satisfies(r -> {
        assertThat(r.method()).isEqualTo("GET");
        assertThat(r.path()).endsWith("/namespaces/flux-system/helmreleases");
        assertThat(r.isWatch()).isFalse();
        assertThat(r.isRead()).isTrue();
      });
      assertThat(cluster.recordedRequests()).extracting(ApiRequest::path)
          .contains("/apis/helm.toolkit.fluxcd.io/v2/namespaces/flux-system/helmreleases");
    }
  }

  @Test
  void aRequestTargetSplitsIntoPathAndDecodedParameters() {
    ApiRequest r = ApiRequest.of("GET", "/api/v1/pods?labelSelector=app%3Dhelm-controller&watch=true");
    assertThat(r.path()).isEqualTo("/api/v1/pods");
    assertThat(r.param("labelSelector")).isEqualTo("app=helm-controller");
    assertThat(r.param("missing")).isNull();
    assertThat(r.isWatch()).isTrue();
    assertThat(r).hasToString("GET /api/v1/pods?labelSelector=app%3Dhelm-controller&watch=true");
  }
}
