package io.helmwatch.fabric8.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.helmwatch.core.ReleaseKey;
import org.junit.jupiter.api.Test;

class ReleaseKeyCacheTest {
  private final ReleaseKeyCache keys = new ReleaseKeyCache("sin-2");

  @Test
  void everyObjectOfANamespaceKeepsOneKey() {
    ReleaseKey first = keys.key("flux-system", "cilium");
    ReleaseKey second = keys.key("flux-system", "keycloak");

    assertThat(first).isEqualTo(new ReleaseKey("sin-2", "flux-system", "cilium"));
    assertThat(second).isEqualTo(new ReleaseKey("sin-2", "flux-system", "keycloak"));
    assertThat(keys.key("flux-system", "cilium")).isSameAs(first);
    assertThat(keys.key("flux-system", "keycloak")).isSameAs(second);
    assertThat(keys.reference("flux-system", "keycloak")).isSameAs(second);
    assertThat(keys.size()).isEqualTo(2);
  }

  @Test
  void aForgottenKeyIsKeptAgainOnTheNextDelivery() {
    ReleaseKey gone = keys.key("flux-system", "cilium");
    keys.forget(gone);
    assertThat(keys.size()).isZero();

    ReleaseKey again = keys.key("flux-system", "cilium");
    ReleaseKey other = keys.key("flux-system", "keycloak");

    assertThat(again).isEqualTo(gone).isNotSameAs(gone);
    assertThat(keys.key("flux-system", "cilium")).isSameAs(again);
    assertThat(keys.key("flux-system", "keycloak")).isSameAs(other);
    assertThat(keys.size()).isEqualTo(2);
  }

  @Test
  void forgettingOneKeyKeepsTheOthersOfItsNamespace() {
    ReleaseKey kept = keys.key("apps", "a");
    keys.forget(keys.key("apps", "b"));

    assertThat(keys.key("apps", "a")).isSameAs(kept);
    assertThat(keys.size()).isEqualTo(1);
  }

  @Test
  void blankOrMissingNamesHaveNoKey() {
    assertThat(keys.key(null, "a")).isNull();
    assertThat(keys.key("apps", null)).isNull();
    assertThat(keys.key(" ", "a")).isNull();
    keys.key("apps", "a");
    assertThat(keys.key("apps", "")).isNull();
    assertThat(keys.size()).isEqualTo(1);
  }
}
