package io.helmwatch.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class GoDurationTest {

  @Test
  void readsWhatFluxObjectsCarry() {
    assertThat(GoDuration.parse("5m")).isEqualTo(Duration.ofMinutes(5));
    assertThat(GoDuration.parse("5m0s")).isEqualTo(Duration.ofMinutes(5));
    assertThat(GoDuration.parse("10m30s")).isEqualTo(Duration.ofSeconds(630));
    assertThat(GoDuration.parse("1h")).isEqualTo(Duration.ofHours(1));
    assertThat(GoDuration.parse("1.5h")).isEqualTo(Duration.ofMinutes(90));
    assertThat(GoDuration.parse("300ms")).isEqualTo(Duration.ofMillis(300));
    assertThat(GoDuration.parse("2us")).isEqualTo(Duration.ofNanos(2000));
    assertThat(GoDuration.parse("2\u00b5s")).isEqualTo(Duration.ofNanos(2000));
    assertThat(GoDuration.parse("0")).isEqualTo(Duration.ZERO);
    assertThat(GoDuration.parse("-1m")).isEqualTo(Duration.ofMinutes(-1));
    assertThat(GoDuration.parse(" 90s ")).isEqualTo(Duration.ofSeconds(90));
  }

  @Test
  void malformedTextIsNoDuration() {
    for (String bad : new String[] {"", "5", "m", "5 m", "5min", "PT5M", "1..5h", ".h", "-", "5m-3s", "abc",
        "9".repeat(30) + "h", "1".repeat(70) + "s"}) {
      assertThat(GoDuration.parse(bad)).as("'%s'", bad).isNull();
    }
  }
}
