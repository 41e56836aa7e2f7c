package io.helmwatch.core.sink;

import io.helmwatch.core.WatcherSettings;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The options of one sink, read with messages a user can act on. Errors name the sink and the option, never
 * an option's value (a value may be a secret).
 *
 * <pre>{@code
 * SinkConfig c = SinkConfig.of("jsonl", config).allowOnly(Set.of("path", "append"), Set.of());
 * Path path = Path.of(c.required("path"));
 * }</pre>
 *
 * @since 0.1
 */
public final class SinkConfig {
  private final String sink;
  private final Map<String, String> values;

  private SinkConfig(String sink, Map<String, String> values) {
    this.sink = sink;
    this.values = values;
  }

  public static SinkConfig of(String sink, Map<String, String> config) {
    Objects.requireNonNull(sink, "sink");
    return new SinkConfig(sink, new TreeMap<>(Objects.requireNonNull(config, "config")));
  }

  /**
   * Rejects options that are neither in {@code keys} nor start with one of {@code prefixes}.
   *
   * @throws IllegalArgumentException naming the unknown option and listing the known ones
   */
  public SinkConfig allowOnly(Set<String> keys, Set<String> prefixes) {
    for (String key : values.keySet()) {
      if (keys.contains(key) || prefixes.stream().anyMatch(key::startsWith)) {
        continue;
      }
      Set<String> known = new TreeSet<>(keys);
      prefixes.forEach(p -> known.add(p + "<name>"));
      throw new IllegalArgumentException(
          "Unknown option '" + key + "' for sink '" + sink + "'; known options: " + String.join(", ", known));
    }
    return this;
  }

  /** @throws IllegalArgumentException when {@code key} is missing or blank */
  public String required(String key) {
    String v = values.get(key);
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException(
          "Sink '" + sink + "' needs option '" + key + "' (e.g. " + sink + ":" + key + "=...)");
    }
    return v;
  }

  public String get(String key, String fallback) {
    String v = values.get(key);
    return v == null || v.isBlank() ? fallback : v;
  }

  /** A duration such as {@code 500ms}, {@code 10s}, {@code 1m} or {@code PT10S}. */
  public Duration duration(String key, Duration fallback) {
    String v = values.get(key);
    if (v == null || v.isBlank()) {
      return fallback;
    }
    Duration d = WatcherSettings.parseDuration(v);
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("Option '" + key + "' of sink '" + sink
          + "' must be a positive duration such as 500ms, 10s or PT10S");
    }
    return d;
  }

  /** {@code true} or {@code false}. */
  public boolean bool(String key, boolean fallback) {
    String v = values.get(key);
    if (v == null || v.isBlank()) {
      return fallback;
    }
    return switch (v.trim().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException(
          "Option '" + key + "' of sink '" + sink + "' must be true or false");
    };
  }

  /** Options starting with {@code prefix}, the prefix removed: {@code header.X-Team=a} gives {@code X-Team=a}. */
  public Map<String, String> withPrefix(String prefix) {
    Map<String, String> out = new TreeMap<>();
    values.forEach((k, v) -> {
      if (k.startsWith(prefix) && k.length() > prefix.length()) {
        out.put(k.substring(prefix.length()), v);
      }
    });
    return out;
  }
}
