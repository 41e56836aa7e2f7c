package io.helmwatch.core.internal;

import java.time.Duration;
import java.util.Objects;

/** Argument checks with messages a caller can act on. */
public final class Checks {
  private Checks() {}

  public static String notBlank(String value, String what) {
    Objects.requireNonNull(value, () -> what + " must not be null");
    if (value.isBlank()) {
      throw new IllegalArgumentException(what + " must not be blank");
    }
    return value;
  }

  public static Duration positive(Duration value, String what) {
    Objects.requireNonNull(value, () -> what + " must not be null");
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(what + " must be positive, was " + value);
    }
    return value;
  }
}
