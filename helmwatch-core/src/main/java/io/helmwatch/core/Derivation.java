package io.helmwatch.core;

import java.util.Objects;

/**
 * The result of deriving one observation: its state, the level an event in that state carries, and a
 * message for humans.
 */
public record Derivation(ComponentState state, EventLevel level, String message) {
  public Derivation {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(message, "message");
  }
}
