package io.helmwatch.fabric8.internal;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Reads the timestamps of Kubernetes objects ({@code metav1.Time}: {@code 2024-01-02T03:04:05Z}, and the
 * fractional seconds and offsets RFC 3339 allows) with a few character comparisons instead of a {@link
 * DateTimeFormatter}. The result is exactly {@link DateTimeFormatter#ISO_OFFSET_DATE_TIME}'s: what the fast
 * path does not recognise as a valid {@code yyyy-MM-ddTHH:mm:ss[.fraction](Z|±hh:mm)} is handed to that
 * formatter, which accepts or refuses it.
 */
public final class Rfc3339 {
  private static final int SECONDS_PER_DAY = 86_400;

  private Rfc3339() {}

  /**
   * The instant {@code text} denotes.
   *
   * @throws DateTimeParseException when {@link DateTimeFormatter#ISO_OFFSET_DATE_TIME} cannot read it
   */
  public static Instant parse(String text) {
    Instant fast = parseFixedForm(text);
    return fast != null ? fast : DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(text, Instant::from);
  }

  /** {@code text} in the fixed form, or {@code null} when it is anything else or not a valid date and time. */
  private static Instant parseFixedForm(String text) {
    int n = text.length();
    if (n < 20 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
        || text.charAt(13) != ':' || text.charAt(16) != ':') {
      return null;
    }
    int year = number(text, 0, 4);
    int month = number(text, 5, 2);
    int day = number(text, 8, 2);
    int hour = number(text, 11, 2);
    int minute = number(text, 14, 2);
    int second = number(text, 17, 2);
    if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour < 0
        || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
      return null;
    }
    int p = 19;
    int nano = 0;
    if (text.charAt(p) == '.') {
      int digits = 0;
      for (p++; p < n && digits < 10; p++, digits++) {
        char c = text.charAt(p);
        if (c < '0' || c > '9') {
          break;
        }
        nano = nano * 10 + (c - '0');
      }
      if (digits == 0 || digits > 9) {
        return null;
      }
      for (; digits < 9; digits++) {
        nano *= 10;
      }
    }
    int offsetSeconds = offset(text, p);
    if (offsetSeconds == Integer.MIN_VALUE) {
      return null;
    }
    long epochDay = epochDay(year, month, day);
    long epochSecond = epochDay * SECONDS_PER_DAY + hour * 3600 + minute * 60 + second - offsetSeconds;
    return Instant.ofEpochSecond(epochSecond, nano);
  }

  /** The offset that ends {@code text} at {@code p} in seconds, or {@link Integer#MIN_VALUE}. */
  private static int offset(String text, int p) {
    int rest = text.length() - p;
    if (rest == 1 && text.charAt(p) == 'Z') {
      return 0;
    }
    char sign = rest == 6 ? text.charAt(p) : 0;
    if ((sign != '+' && sign != '-') || text.charAt(p + 3) != ':') {
      return Integer.MIN_VALUE;
    }
    int hours = number(text, p + 1, 2);
    int minutes = number(text, p + 4, 2);
    // ±18:00 is the formatter's limit; leave the edge to it
    if (hours < 0 || hours > 17 || minutes < 0 || minutes > 59) {
      return Integer.MIN_VALUE;
    }
    int seconds = hours * 3600 + minutes * 60;
    return sign == '-' ? -seconds : seconds;
  }

  /** The decimal number of {@code length} ASCII digits at {@code start}, or {@code -1}. */
  private static int number(String text, int start, int length) {
    int value = 0;
    for (int i = start; i < start + length; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private static int daysInMonth(int year, int month) {
    return switch (month) {
      case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
      case 4, 6, 9, 11 -> 30;
      default -> 31;
    };
  }

  /** Days from 1970-01-01 to a valid proleptic Gregorian date of a year from 0 to 9999. */
  private static long epochDay(int year, int month, int day) {
    // years start in March, so that the leap day is the last day of a year
    int y = month <= 2 ? year - 1 : year;
    int m = month <= 2 ? month + 9 : month - 3;
    long era = Math.floorDiv(y, 400);
    int yearOfEra = (int) (y - era * 400);
    int dayOfYear = (153 * m + 2) / 5 + day - 1;
    int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return era * 146_097 + dayOfEra - 719_468;
  }
}
