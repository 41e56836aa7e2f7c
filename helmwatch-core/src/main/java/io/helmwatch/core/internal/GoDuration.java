package io.helmwatch.core.internal;

import java.math.BigDecimal;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Reads durations as Kubernetes objects of Go controllers write them ({@code metav1.Duration}, Go's {@code
 * time.ParseDuration}): a sequence of decimal numbers, each with a unit, such as {@code 5m}, {@code 10m30s},
 * {@code 1.5h} or {@code 300ms}; units {@code ns}, {@code us} ({@code µs}), {@code ms}, {@code s}, {@code m},
 * {@code h}; an optional sign; {@code 0} alone.
 */
public final class GoDuration {
  /** Longer than any timeout anyone sets; keeps the arithmetic exact and bounded. */
  private static final int MAX_LENGTH = 64;

  private GoDuration() {}

  /** The duration {@code text} stands for, or {@code null} when it is not a Go duration. */
  public static @Nullable Duration parse(String text) {
    String s = text.trim();
    if (s.isEmpty() || s.length() > MAX_LENGTH) {
      return null;
    }
    boolean negative = false;
    int i = 0;
    if (s.charAt(0) == '-' || s.charAt(0) == '+') {
      negative = s.charAt(0) == '-';
      i++;
    }
    if (s.substring(i).equals("0")) {
      return Duration.ZERO;
    }
    if (i == s.length()) {
      return null;
    }
    BigDecimal nanos = BigDecimal.ZERO;
    while (i < s.length()) {
      int start = i;
      while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
        i++;
      }
      String number = s.substring(start, i);
      if (number.isEmpty() || number.equals(".") || number.indexOf('.') != number.lastIndexOf('.')) {
        return null;
      }
      int unitStart = i;
      while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') {
        i++;
      }
      long unit = unitNanos(s.substring(unitStart, i));
      if (unit == 0) {
        return null;
      }
      nanos = nanos.add(new BigDecimal(number).multiply(BigDecimal.valueOf(unit)));
    }
    if (nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
      return null;
    }
    long n = nanos.longValue();
    return Duration.ofNanos(negative ? -n : n);
  }

  private static long unitNanos(String unit) {
    return switch (unit) {
      case "ns" -> 1L;
      case "us", "\u00b5s", "\u03bcs" -> 1_000L;
      case "ms" -> 1_000_000L;
      case "s" -> 1_000_000_000L;
      case "m" -> 60_000_000_000L;
      case "h" -> 3_600_000_000_000L;
      default -> 0L;
    };
  }
}
