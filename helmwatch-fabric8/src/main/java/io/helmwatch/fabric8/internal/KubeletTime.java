package io.helmwatch.fabric8.internal;

import java.time.Instant;

/**
 * Reads the RFC 3339 timestamps the kubelet puts before each log line ({@code 2024-05-01T10:00:00.123456789Z},
 * trailing zeros of the fraction dropped, an offset instead of {@code Z} allowed) without creating objects,
 * and formats the {@code sinceTime} parameter.
 */
final class KubeletTime {
  private KubeletTime() {}

  /** The epoch second of the timestamp in {@code [s, e)}, or {@link Long#MIN_VALUE} when it is not one. */
  static long epochSecond(CharSequence t, int s, int e) {
    if (e - s < 20 || t.charAt(s + 4) != '-' || t.charAt(s + 7) != '-' || t.charAt(s + 10) != 'T'
        || t.charAt(s + 13) != ':' || t.charAt(s + 16) != ':') {
      return Long.MIN_VALUE;
    }
    int year = digits(t, s, 4);
    int month = digits(t, s + 5, 2);
    int day = digits(t, s + 8, 2);
    int hour = digits(t, s + 11, 2);
    int minute = digits(t, s + 14, 2);
    int second = digits(t, s + 17, 2);
    if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0
        || minute > 59 || second < 0 || second > 60) {
      return Long.MIN_VALUE;
    }
    int p = s + 19;
    if (p < e && t.charAt(p) == '.') {
      p++;
      while (p < e && isDigit(t.charAt(p))) {
        p++;
      }
    }
    int offset;
    if (p == e - 1 && t.charAt(p) == 'Z') {
      offset = 0;
    } else if (p == e - 6 && (t.charAt(p) == '+' || t.charAt(p) == '-') && t.charAt(p + 3) == ':') {
      int oh = digits(t, p + 1, 2);
      int om = digits(t, p + 4, 2);
      if (oh < 0 || om < 0) {
        return Long.MIN_VALUE;
      }
      offset = (oh * 3600 + om * 60) * (t.charAt(p) == '-' ? -1 : 1);
    } else {
      return Long.MIN_VALUE;
    }
    return daysFromCivil(year, month, day) * 86_400L + hour * 3600L + minute * 60L + second - offset;
  }

  /** The nanoseconds of a timestamp {@link #epochSecond} accepted. */
  static int nano(CharSequence t, int s, int e) {
    int p = s + 19;
    if (p >= e || t.charAt(p) != '.') {
      return 0;
    }
    int nanos = 0;
    int digits = 0;
    for (p++; p < e && isDigit(t.charAt(p)); p++) {
      if (digits < 9) {
        nanos = nanos * 10 + (t.charAt(p) - '0');
        digits++;
      }
    }
    for (; digits < 9; digits++) {
      nanos *= 10;
    }
    return nanos;
  }

  /**
   * {@code instant} as a {@code sinceTime} value. The API server takes whole seconds, so this is rounded
   * down; the tailer drops the lines of that second that came before {@code instant}.
   */
  static String sinceTime(Instant instant) {
    return Instant.ofEpochSecond(instant.getEpochSecond()).toString();
  }

  private static int digits(CharSequence t, int s, int n) {
    int v = 0;
    for (int i = s; i < s + n; i++) {
      char c = t.charAt(i);
      if (!isDigit(c)) {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm). */
  private static long daysFromCivil(int year, int month, int day) {
    int y = month <= 2 ? year - 1 : year;
    int era = Math.floorDiv(y, 400);
    int yoe = y - era * 400;
    int doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146_097L + doe - 719_468L;
  }
}
