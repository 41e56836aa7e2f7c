package io.helmwatch.fabric8.internal;

import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * One shared instance per distinct value of a small vocabulary (namespaces, condition types, statuses and
 * reasons), so that ten thousand cached objects do not each hold their own {@code "flux-system"} or {@code
 * "Ready"}. Bounded: past {@value #MAX} distinct values, new ones are returned as they are.
 */
final class CanonicalStrings {
  static final int MAX = 4096;

  private final ConcurrentHashMap<String, String> values = new ConcurrentHashMap<>();

  /** The shared instance equal to {@code value} when it is a string; anything else as it is. */
  @Nullable Object canonical(@Nullable Object value) {
    return value instanceof String s ? canonical(s) : value;
  }

  @Nullable String canonical(@Nullable String value) {
    if (value == null) {
      return null;
    }
    String known = values.get(value);
    if (known != null) {
      return known;
    }
    if (values.size() >= MAX) {
      return value;
    }
    String previous = values.putIfAbsent(value, value);
    return previous != null ? previous : value;
  }
}
