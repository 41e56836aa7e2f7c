package io.helmwatch.fabric8;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIGroupBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The choice of version from a discovery document, including documents a real cluster may serve. */
class ServedHelmReleaseApisTest {

  @Test
  void theDocumentsVersionsAndPreferredVersionAreRead() {
    APIGroup group = new APIGroupBuilder().withName(HelmReleaseApi.GROUP)
        .addNewVersion().withGroupVersion("helm.toolkit.fluxcd.io/v2").withVersion("v2").endVersion()
        .addNewVersion().withGroupVersion("helm.toolkit.fluxcd.io/v2beta2").withVersion("v2beta2").endVersion()
        .withNewPreferredVersion().withGroupVersion("helm.toolkit.fluxcd.io/v2").withVersion("v2")
        .endPreferredVersion().build();

    ServedHelmReleaseApis served = ServedHelmReleaseApis.of(group);

    assertThat(served).isEqualTo(new ServedHelmReleaseApis(List.of("v2", "v2beta2"), "v2"));
    assertThat(served.select(null)).isEqualTo(HelmReleaseApi.V2);
    assertThat(served.select(HelmReleaseApi.V2BETA2)).isEqualTo(HelmReleaseApi.V2BETA2);
  }

  @Test
  void aMissingGroupOrAnEmptyDocumentServesNothing() {
    assertThat(ServedHelmReleaseApis.of(null).groupServed()).isFalse();
    assertThat(ServedHelmReleaseApis.of(new APIGroup()).groupServed()).isFalse();
    assertThatThrownBy(() -> ServedHelmReleaseApis.of(null).select(null))
        .isInstanceOf(HelmReleaseApiNotServedException.class)
        .hasMessage("helm.toolkit.fluxcd.io is not served by this cluster; is Flux installed?");
    assertThatThrownBy(() -> ServedHelmReleaseApis.of(null).select(HelmReleaseApi.V2))
        .hasMessage("v2 is not served by this cluster (no HelmRelease version is served); is Flux installed?");
  }

  @Test
  void aPreferredVersionHelmwatchDoesNotReadFallsBackToTheNewestItReads() {
    ServedHelmReleaseApis served = new ServedHelmReleaseApis(List.of("v3", "v2beta2", "v2"), "v3");

    assertThat(served.select(null)).isEqualTo(HelmReleaseApi.V2);
  }

  @Test
  void aDocumentWithoutAPreferredVersionIsWatchedInTheNewestServedOne() {
    assertThat(new ServedHelmReleaseApis(List.of("v2beta1", "v2beta2"), null).select(null))
        .isEqualTo(HelmReleaseApi.V2BETA2);
  }

  @Test
  void aGroupServingNoVersionHelmwatchReadsIsAnErrorNamingThem() {
    assertThatThrownBy(() -> new ServedHelmReleaseApis(List.of("v3"), "v3").select(null))
        .isInstanceOfSatisfying(HelmReleaseApiNotServedException.class, e -> {
          assertThat(e.requested()).isEmpty();
          assertThat(e.served()).containsExactly("v3");
        })
        .hasMessage("helm.toolkit.fluxcd.io is served in v3, none of which helmwatch reads (it reads v2, v2beta2"
            + " and v2beta1)");
  }

  @Test
  void eachVersionNotServedSaysWhichFluxDroppedIt() {
    ServedHelmReleaseApis v2Only = new ServedHelmReleaseApis(List.of("v2"), "v2");
    assertThatThrownBy(() -> v2Only.select(HelmReleaseApi.V2BETA2)).hasMessage("v2beta2 is not served by this"
        + " cluster (served: v2); helm-controller v1.5 (Flux 2.8) and later no longer serve v2beta2");
    assertThatThrownBy(() -> new ServedHelmReleaseApis(List.of("v2beta2", "v2beta1"), "v2beta2")
        .select(HelmReleaseApi.V2)).hasMessage("v2 is not served by this cluster (served: v2beta2, v2beta1);"
            + " Flux before 2.3 serves no v2");
  }

  @Test
  void repeatedOrBlankVersionsAreRefused() {
    assertThatIllegalArgumentException().isThrownBy(() -> new ServedHelmReleaseApis(List.of("v2", "v2"), "v2"));
    assertThatIllegalArgumentException().isThrownBy(() -> new ServedHelmReleaseApis(List.of(" "), null));
  }
}
