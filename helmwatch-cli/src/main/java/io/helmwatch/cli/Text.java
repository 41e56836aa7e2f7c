package io.helmwatch.cli;

import io.helmwatch.core.ComponentState;
import io.helmwatch.core.WatchResult;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Small text helpers shared by the outputs. */
final class Text {
  private Text() {}

  private static final int MAX_MESSAGE = 160;

  /** Control characters (an ANSI escape in a condition message, say) never reach the terminal. */
  static String oneLine(String message) {
    StringBuilder s = new StringBuilder(Math.min(message.length(), MAX_MESSAGE));
    for (int i = 0; i < message.length() && s.length() < MAX_MESSAGE; i++) {
      char c = message.charAt(i);
      s.append(Character.isISOControl(c) ? ' ' : c);
    }
    if (message.length() > MAX_MESSAGE) {
      s.append("...");
    }
    return s.toString();
  }

  /** {@code 1h2m3s}, {@code 5m0s}, {@code 40s}, {@code 0.5s}: the way Flux writes durations, to the second. */
  static String duration(Duration d) {
    long seconds = d.getSeconds();
    if (seconds == 0) {
      return d.toMillis() == 0 ? "0s" : String.format(Locale.ROOT, "%.1fs", d.toMillis() / 1000.0);
    }
    long h = seconds / 3600;
    long m = seconds / 60 % 60;
    long s = seconds % 60;
    return h > 0 ? h + "h" + m + "m" + s + "s" : m > 0 ? m + "m" + s + "s" : s + "s";
  }

  /** RFC 3339 UTC to the millisecond: {@code 2026-05-15T19:16:02.123Z}. */
  static String time(Instant instant) {
    return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.MILLIS));
  }

  /** {@code outcome: ready (11 components: 11 installed)}. */
  static String summary(WatchResult result) {
    Map<ComponentState, Long> counts = new EnumMap<>(ComponentState.class);
    result.states().values().forEach(s -> counts.merge(s, 1L, Long::sum));
    String byState = counts.entrySet().stream()
        .map(e -> e.getValue() + " " + e.getKey().wireName())
        .collect(Collectors.joining(", "));
    return "outcome: " + result.outcome().wireName() + " (" + result.states().size() + " components"
        + (byState.isEmpty() ? "" : ": " + byState) + ")";
  }
}
