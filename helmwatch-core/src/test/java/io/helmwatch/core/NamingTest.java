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
  void aPrefixSelectionFiltersAndNamesByTheSourcesNamespaces() {
    ReleaseSelection kit = ReleaseSelection.namePrefix("bp-");
    ReleaseKey cilium = ReleaseKey.of("dev", "bp-cilium");
    assertThat(kit.filter().accept(cilium)).isTrue();
    assertThat(kit.filter().accept(ReleaseKey.of("dev", "podinfo"))).isFalse();
    assertThat(kit.namer(false).name(cilium)).isEqualTo(ComponentId.of("cilium"));
    assertThat(kit.namer(true).name(cilium)).isEqualTo(ComponentId.of("dev/cilium"));
  }

  @Test
  void aSelectionWithItsOwnNamerKeepsItWhateverTheSource() {
    ComponentNamer upper = key -> ComponentId.of(key.name().toUpperCase(java.util.Locale.ROOT));
    ReleaseSelection custom = ReleaseSelection.of(ReleaseFilter.all(), upper);
    assertThat(custom.namer(true).name(ReleaseKey.of("dev", "app"))).isEqualTo(ComponentId.of("APP"));
    assertThat(ReleaseSelection.all().namer(false).name(ReleaseKey.of("dev", "bp-app")))
        .isEqualTo(ComponentId.of("bp-app"));
    assertThatThrownBy(() -> ReleaseSelection.namePrefix(" ")).hasMessage("prefix must not be blank");
  }

  @Test
  void keysAndIdsRejectBlanks() {
    assertThatThrownBy(() -> ReleaseKey.of("", "x")).hasMessage("namespace must not be blank");
    assertThatThrownBy(() -> ComponentId.of(" ")).hasMessage("component id must not be blank");
  }
}
