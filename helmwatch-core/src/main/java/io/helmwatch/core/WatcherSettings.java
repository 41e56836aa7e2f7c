package io.helmwatch.core;

import io.helmwatch.core.internal.Checks;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Durations and counts of a watch, readable from the environment like the system helmwatch grows out of.
 *
 * @param timeout how long a watch may run before it ends with {@link WatchOutcome#TIMEOUT}
 * @param firstSeenTimeout after this long with no release seen, one warning notice is emitted
 * @param expectAtLeast a watch does not end before this many components were observed
 * @since 0.1
 */
public record WatcherSettings(Duration timeout, Duration firstSeenTimeout, int expectAtLeast) {

  public static final String TIMEOUT_VARIABLE = "HELMWATCH_TIMEOUT";
  public static final String FIRST_SEEN_TIMEOUT_VARIABLE = "HELMWATCH_FIRST_SEEN_TIMEOUT";
  public static final String EXPECT_AT_LEAST_VARIABLE = "HELMWATCH_EXPECT_AT_LEAST";

  /** 60 minutes, 15 minutes, at least 1 component. */
  public static final WatcherSettings DEFAULTS =
      new WatcherSettings(Duration.ofMinutes(60), Duration.ofMinutes(15), 1);

  private static final Logger log = LoggerFactory.getLogger(WatcherSettings.class);

  public WatcherSettings {
    Checks.positive(timeout, "timeout");
    Checks.positive(firstSeenTimeout, "firstSeenTimeout");
    if (expectAtLeast < 0) {
      throw new IllegalArgumentException("expectAtLeast must be >= 0, was " + expectAtLeast);
    }
  }

  /**
   * Reads {@value #TIMEOUT_VARIABLE}, {@value #FIRST_SEEN_TIMEOUT_VARIABLE} (ISO-8601 such as {@code PT15M},
   * or {@code 500ms}, {@code 90s}, {@code 15m}, {@code 1h}, {@code 2d}) and {@value #EXPECT_AT_LEAST_VARIABLE}
   * (a positive integer). A variable that is unset keeps its default silently; one that is empty,
   * unparseable or not positive keeps its default and is reported in one WARN line naming it.
   *
   * @param environment for example {@code System.getenv()}
   */
  public static WatcherSettings fromEnvironment(Map<String, String> environment) {
    Objects.requireNonNull(environment, "environment");
    Duration timeout = duration(environment, TIMEOUT_VARIABLE, DEFAULTS.timeout);
    Duration firstSeen = duration(environment, FIRST_SEEN_TIMEOUT_VARIABLE, DEFAULTS.firstSeenTimeout);
    int expect = count(environment, EXPECT_AT_LEAST_VARIABLE, DEFAULTS.expectAtLeast);
    return new WatcherSettings(timeout, firstSeen, expect);
  }

  /**
   * Parses {@code text} as an ISO-8601 duration or a number with a unit ({@code ms}, {@code s}, {@code m},
   * {@code h}, {@code d}); {@code null} when it is neither.
   */
  public static @Nullable Duration parseDuration(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    if (t.isEmpty()) {
      return null;
    }
    if (t.startsWith("p") || t.startsWith("-p")) {
      try {
        return Duration.parse(t.toUpperCase(Locale.ROOT));
      } catch (DateTimeParseException e) {
        return null;
      }
    }
    int unitStart = 0;
    while (unitStart < t.length() && Character.isDigit(t.charAt(unitStart))) {
      unitStart++;
    }
    if (unitStart == 0 || unitStart > 18) {
      return null;
    }
    long amount = Long.parseLong(t.substring(0, unitStart));
    try {
      return switch (t.substring(unitStart)) {
        case "ms" -> Duration.ofMillis(amount);
        case "s" -> Duration.ofSeconds(amount);
        case "m" -> Duration.ofMinutes(amount);
        case "h" -> Duration.ofHours(amount);
        case "d" -> Duration.ofDays(amount);
        default -> null;
      };
    } catch (ArithmeticException e) {
      return null;
    }
  }

  private static Duration duration(Map<String, String> env, String variable, Duration fallback) {
    String raw = env.get(variable);
    if (raw == null) {
      return fallback;
    }
    Duration parsed = parseDuration(raw);
    if (parsed == null || parsed.isNegative() || parsed.isZero()) {
      log.warn("{}='{}' is not a positive duration (use 90s, 15m, 1h or PT15M); using {}",
          variable, printable(raw), fallback);
      return fallback;
    }
    return parsed;
  }

  private static int count(Map<String, String> env, String variable, int fallback) {
    String raw = env.get(variable);
    if (raw == null) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(raw.trim());
      if (value > 0) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    log.warn("{}='{}' is not a positive integer; using {}", variable, printable(raw), fallback);
    return fallback;
  }

  /** Bounds what an environment value can put in a log line. */
  private static String printable(String raw) {
    String oneLine = raw.replaceAll("\\p{Cntrl}", "?");
    return oneLine.length() > 64 ? oneLine.substring(0, 64) + "..." : oneLine;
  }
}
