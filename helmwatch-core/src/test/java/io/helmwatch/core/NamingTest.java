package io.helmwatch.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NamingTest {

  @Test
  void defaultIdIsTheReleaseName() {
    assertThat(ComponentNamer.releaseName().name(ReleaseKey.of("flux-system", "bp-cilium")))
        .isEqualTo(ComponentId.of("bp-cilium"));
  }

  @Test
  void secondaryClustersQualifyIds() {
    assertThat(ComponentNamer.releaseName().name(new ReleaseKey("sin-2", "flux-system", "reloader")))
        .isEqualTo(ComponentId.of("sin-2:reloader"));
  }

  @Test
  void prefixIsStrippedAndQualifiedOutsideThePrimaryCluster() {
    ComponentNamer namer = ComponentNamer.stripPrefix("bp-");
    assertThat(namer.name(ReleaseKey.of("flux-system", "bp-cilium"))).isEqualTo(ComponentId.of("cilium"));
    assertThat(namer.name(new ReleaseKey("sin-2", "flux-system", "bp-reloader")))
        .isEqualTo(ComponentId.of("sin-2:reloader"));
    assertThat(namer.name(ReleaseKey.of("flux-system", "bp-"))).isEqualTo(ComponentId.of("bp-"));
  }

  @Test
  void prefixFilterKeepsOnlyPrefixedNames() {
    ReleaseFilter filter = ReleaseFilter.namePrefix("bp-");
    assertThat(filter.accept(ReleaseKey.of("flux-system", "bp-cilium"))).isTrue();
    assertThat(filter.accept(ReleaseKey.of("flux-system", "podinfo"))).isFalse();
  }

  @Test
  void keysAndIdsRejectBlanks() {
    assertThatThrownBy(() -> ReleaseKey.of("", "x")).hasMessage("namespace must not be blank");
    assertThatThrownBy(() -> ComponentId.of(" ")).hasMessage("component id must not be blank");
  }
}
