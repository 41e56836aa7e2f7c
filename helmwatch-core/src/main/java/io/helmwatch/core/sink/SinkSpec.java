package io.helmwatch.core.sink;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A parsed sink spec: {@code name} or {@code name:key=value,key=value}. A backslash takes the next character
 * literally, so a value may hold {@code ,} or {@code =} as {@code \,} and {@code \=}.
 *
 * @param name the provider's name
 * @param config the options, in the order given
 * @since 0.1
 */
public record SinkSpec(String name, Map<String, String> config) {

  public SinkSpec {
    Objects.requireNonNull(name, "name");
    config = Collections.unmodifiableMap(new LinkedHashMap<>(config));
  }

  /**
   * Parses {@code spec}.
   *
   * @throws IllegalArgumentException on an empty name, an option without {@code =}, an empty key or a key
   *     given twice (the message names keys only, never values)
   */
  public static SinkSpec parse(String spec) {
    Objects.requireNonNull(spec, "spec");
    String trimmed = spec.trim();
    int colon = trimmed.indexOf(':');
    String name = (colon < 0 ? trimmed : trimmed.substring(0, colon)).trim();
    if (name.isEmpty()) {
      throw new IllegalArgumentException("A sink spec needs a name, as in 'log' or 'jsonl:path=events.jsonl'");
    }
    Map<String, String> config = new LinkedHashMap<>();
    if (colon >= 0) {
      String rest = trimmed.substring(colon + 1);
      StringBuilder key = new StringBuilder();
      StringBuilder value = new StringBuilder();
      boolean inValue = false;
      for (int i = 0; i <= rest.length(); i++) {
        char c = i < rest.length() ? rest.charAt(i) : ',';
        if (c == '\\' && i + 1 < rest.length()) {
          (inValue ? value : key).append(rest.charAt(++i));
        } else if (c == ',') {
          if (i < rest.length() || key.length() > 0 || inValue) {
            put(name, config, key.toString().trim(), inValue ? value.toString() : null);
          }
          key.setLength(0);
          value.setLength(0);
          inValue = false;
        } else if (c == '=' && !inValue) {
          inValue = true;
        } else {
          (inValue ? value : key).append(c);
        }
      }
    }
    return new SinkSpec(name, config);
  }

  private static void put(String sink, Map<String, String> config, String key, @Nullable String value) {
    if (key.isEmpty()) {
      throw new IllegalArgumentException("Sink spec '" + sink + "' has an option without a name");
    }
    if (value == null) {
      throw new IllegalArgumentException(
          "Option '" + key + "' of sink '" + sink + "' needs a value, as in " + key + "=...");
    }
    if (config.put(key, value) != null) {
      throw new IllegalArgumentException("Option '" + key + "' of sink '" + sink + "' is given twice");
    }
  }
}
