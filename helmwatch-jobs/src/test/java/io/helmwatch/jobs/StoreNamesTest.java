package io.helmwatch.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StoreNamesTest {

  @Test
  void storeNamesEncodeEverythingOutsideASafeSetAndDecodeBack() {
    assertThat(StoreNames.fileName("install-sin-2:reloader")).isEqualTo("install-sin-2%3Areloader");
    assertThat(StoreNames.fileName("a b%é")).isEqualTo("a%20b%25%C3%A9");
    assertThat(StoreNames.decode(StoreNames.fileName("a b%é:x"))).isEqualTo("a b%é:x");
  }
}
