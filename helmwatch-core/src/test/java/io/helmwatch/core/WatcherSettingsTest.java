package io.helmwatch.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WatcherSettingsTest {

  @Test
  void unsetVariablesKeepTheDefaults() {
    assertThat(WatcherSettings.fromEnvironment(Map.of())).isEqualTo(WatcherSettings.DEFAULTS);
  }

  @Test
  void readsAllThreeVariables() {
    WatcherSettings s = WatcherSettings.fromEnvironment(Map.of(
        "HELMWATCH_TIMEOUT", "90s",
        "HELMWATCH_FIRST_SEEN_TIMEOUT", "PT2M",
        "HELMWATCH_EXPECT_AT_LEAST", "11"));
    assertThat(s).isEqualTo(new WatcherSettings(Duration.ofSeconds(90), Duration.ofMinutes(2), 11));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "  ", "soon", "-5m", "0s", "PT0S", "15 minutes", "99999999999999999999s"})
  void emptyUnparseableOrNonPositiveDurationsFallBack(String value) {
    assertThat(WatcherSettings.fromEnvironment(Map.of("HELMWATCH_TIMEOUT", value)).timeout())
        .isEqualTo(Duration.ofMinutes(60));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "eleven", "0", "-3", "1.5"})
  void emptyUnparseableOrNonPositiveCountsFallBack(String value) {
    assertThat(WatcherSettings.fromEnvironment(Map.of("HELMWATCH_EXPECT_AT_LEAST", value)).expectAtLeast())
        .isEqualTo(1);
  }

  @Test
  void parsesEveryUnit() {
    assertThat(WatcherSettings.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(WatcherSettings.parseDuration("15m")).isEqualTo(Duration.ofMinutes(15));
    assertThat(WatcherSettings.parseDuration("1h")).isEqualTo(Duration.ofHours(1));
    assertThat(WatcherSettings.parseDuration("2d")).isEqualTo(Duration.ofDays(2));
    assertThat(WatcherSettings.parseDuration("pt1h")).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void constructorRejectsNonsense() {
    assertThatThrownBy(() -> new WatcherSettings(Duration.ZERO, Duration.ofMinutes(1), 1))
        .hasMessageContaining("timeout must be positive");
    assertThatThrownBy(() -> new WatcherSettings(Duration.ofMinutes(1), Duration.ofMinutes(1), -1))
        .hasMessageContaining("expectAtLeast must be >= 0");
  }
}
