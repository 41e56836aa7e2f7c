package io.helmwatch.fabric8.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import org.jspecify.annotations.Nullable;

/**
 * Reads the {@code ts} of a zap log line: zap's ISO-8601 encoder ({@code 2026-03-10T19:06:00.101Z}, or
 * {@code +0100} without a colon outside UTC; {@code +01:00} is read too), or zap's epoch encoder (seconds
 * as a decimal number, {@code 1714557600.123456}). Never throws: an unreadable value is {@code null}.
 */
final class ZapTimestamp {

  /** Longer text is no timestamp. */
  private static final int MAX_LENGTH = 64;
  private static final BigDecimal NANOS_PER_SECOND = BigDecimal.valueOf(1_000_000_000L);

  /** ISO local date-time, then an offset with or without the colon; {@code Z} matches either. */
  private static final DateTimeFormatter ISO = new DateTimeFormatterBuilder()
      .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
      .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
      .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
      .toFormatter();

  private ZapTimestamp() {}

  /** {@code text} as an ISO-8601 instant with an offset, or as epoch seconds; {@code null} when neither. */
  static @Nullable Instant parse(String text) {
    if (text.isEmpty() || text.length() > MAX_LENGTH) {
      return null;
    }
    char first = text.charAt(0);
    if (text.indexOf('T') < 0 && (first >= '0' && first <= '9' || first == '-')) {
      try {
        return ofEpochSeconds(new BigDecimal(text));
      } catch (NumberFormatException e) {
        return null;
      }
    }
    try {
      return OffsetDateTime.parse(text, ISO).toInstant();
    } catch (DateTimeException e) {
      // Also a local date-time without an offset: the zone it was written in is unknown.
      return null;
    }
  }

  /** {@code seconds} since the epoch, kept to the nanosecond; {@code null} beyond what an instant holds. */
  static @Nullable Instant ofEpochSeconds(BigDecimal seconds) {
    // Over 12 integer digits is no timestamp; checked first so that 1e999999 costs no huge number.
    if (seconds.precision() - seconds.scale() > 12) {
      return null;
    }
    try {
      long nanos = seconds.multiply(NANOS_PER_SECOND).setScale(0, RoundingMode.FLOOR).longValueExact();
      return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    } catch (ArithmeticException | DateTimeException e) {
      return null;
    }
  }
}
