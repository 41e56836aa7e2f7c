package io.helmwatch.core;

import java.util.Objects;

/**
 * The result of deriving one observation: its state, the level an event in that state carries, a message
 * for humans, and what the controller last did with the release.
 *
 * @since 0.1
 */
public record Derivation(ComponentState state, EventLevel level, String message, ReleaseDetails details) {
  public Derivation {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(details, "details");
  }

  /** A derivation without {@linkplain ReleaseDetails details}. */
  public Derivation(ComponentState state, EventLevel level, String message) {
    this(state, level, message, ReleaseDetails.NONE);
  }

  /** This derivation with {@code message} instead. */
  public Derivation withMessage(String message) {
    return new Derivation(state, level, message, details);
  }
}
