package io.helmwatch.fabric8.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class Rfc3339Test {
  private static final long YEAR_0 = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
  private static final long YEAR_10000 = Instant.parse("+10000-01-01T00:00:00Z").getEpochSecond();
  private static final String MUTATIONS = "0123456789-:+.TZtz _x";

  @ParameterizedTest
  @CsvSource({
      "2024-01-02T03:04:05Z, 1704164645, 0",
      "2024-01-02T03:04:05.5Z, 1704164645, 500000000",
      "2024-01-02T03:04:05.123456789Z, 1704164645, 123456789",
      "2024-01-02T04:04:05+01:00, 1704164645, 0",
      "2024-01-01T22:04:05.000001-05:00, 1704164645, 1000",
      "2024-02-29T00:00:00Z, 1709164800, 0",
      "1970-01-01T00:00:00Z, 0, 0",
      "1969-12-31T23:59:59.999Z, -1, 999000000",
  })
  void readsTheApiServersForms(String text, long epochSecond, int nano) {
    assertThat(Rfc3339.parse(text)).isEqualTo(Instant.ofEpochSecond(epochSecond, nano));
  }

  @ParameterizedTest
  @ValueSource(strings = {"2023-02-29T00:00:00Z", "2024-04-31T00:00:00Z", "2024-13-01T00:00:00Z",
      "2024-01-01T24:00:00Z", "2024-01-01T00:60:00Z", "2024-01-01T00:00:60Z", "2024-01-01T00:00:00",
      "2024-01-01T00:00:00.1234567890Z", "2024-01-01T00:00:00+19:00", "2024-01-01 00:00:00Z", ""})
  void refusesWhatTheFormatterRefuses(String text) {
    assertThatThrownBy(() -> Rfc3339.parse(text)).isInstanceOf(DateTimeParseException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"2024-01-02t03:04:05z", "2024-01-02T03:04Z", "2024-01-02T03:04:05.Z",
      "2024-01-02T03:04:05+01:00:30", "2024-01-02T03:04:05+18:00", "2024-01-02T03:04:05-18:00"})
  void leavesOtherFormsToTheFormatter(String text) {
    assertThat(Rfc3339.parse(text)).isEqualTo(DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(text, Instant::from));
  }

  /** Every instant of years 0 to 9999, written with every fraction length and a range of offsets. */
  @Test
  void agreesWithInstantAndOffsetDateTimeOnRandomTimestamps() {
    Random random = new Random(3339);
    for (int i = 0; i < 10_000; i++) {
      Instant instant = Instant.ofEpochSecond(YEAR_0 + 86_400 + (long) (random.nextDouble() * (YEAR_10000 - YEAR_0
          - 2 * 86_400)), random.nextInt(1_000_000_000));
      ZoneOffset offset = random.nextBoolean() ? ZoneOffset.UTC
          : ZoneOffset.ofTotalSeconds((random.nextInt(35) - 17) * 3600 + random.nextInt(60) * 60);
      String text = format(instant.atOffset(offset), random.nextInt(10));

      Instant expected = OffsetDateTime.parse(text).toInstant();
      assertThat(Rfc3339.parse(text)).as(text).isEqualTo(expected);
      if (offset.equals(ZoneOffset.UTC)) {
        assertThat(Rfc3339.parse(text)).as(text).isEqualTo(Instant.parse(text));
      }
    }
  }

  /** Timestamps with one character replaced: read as the formatter reads them, or refused as it refuses them. */
  @Test
  void agreesWithTheFormatterOnMutatedTimestamps() {
    Random random = new Random(42);
    for (int i = 0; i < 10_000; i++) {
      Instant instant = Instant.ofEpochSecond(random.nextInt(Integer.MAX_VALUE), random.nextInt(1_000_000_000));
      ZoneOffset offset = ZoneOffset.ofHoursMinutes(random.nextInt(3) - 1, 0);
      StringBuilder text = new StringBuilder(format(instant.atOffset(offset), random.nextInt(10)));
      text.setCharAt(random.nextInt(text.length()), MUTATIONS.charAt(random.nextInt(MUTATIONS.length())));

      assertThat(outcome(() -> Rfc3339.parse(text.toString())))
          .as(text.toString())
          .isEqualTo(outcome(() -> DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(text, Instant::from)));
    }
  }

  /** {@code time} as {@code yyyy-MM-ddTHH:mm:ss}, {@code digits} of fraction, then {@code Z} or the offset. */
  private static String format(OffsetDateTime time, int digits) {
    StringBuilder out = new StringBuilder(String.format("%04d-%02d-%02dT%02d:%02d:%02d", time.getYear(),
        time.getMonthValue(), time.getDayOfMonth(), time.getHour(), time.getMinute(), time.getSecond()));
    if (digits > 0) {
      out.append('.').append(String.format("%09d", time.getNano()), 0, digits);
    }
    return out.append(time.getOffset().equals(ZoneOffset.UTC) ? "Z" : time.getOffset().getId()).toString();
  }

  private static String outcome(java.util.function.Supplier<Instant> parse) {
    try {
      return String.valueOf(parse.get());
    } catch (DateTimeParseException e) {
      return "refused";
    }
  }
}
