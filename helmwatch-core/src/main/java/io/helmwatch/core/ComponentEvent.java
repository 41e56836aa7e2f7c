package io.helmwatch.core;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A component's state as emitted by a {@link Watcher}.
 *
 * @param component the id the user sees
 * @param release the object the state was derived from
 * @param state the derived state
 * @param previous the state before this event: the last one this watcher derived, or the prior state given
 *     to {@link Watcher.Builder#priorStates}, or {@code null} when none is known
 * @param cause why the event was emitted
 * @param level severity for display and logging
 * @param message human-readable detail, usually the Ready condition's message
 * @param time when the watcher emitted the event (its clock)
 * @param dependsOn the components this one depends on
 * @param details what the controller last did with the release ({@link ReleaseDetails#NONE} when unknown)
 * @since 0.1
 */
public record ComponentEvent(
    ComponentId component,
    ReleaseKey release,
    ComponentState state,
    @Nullable ComponentState previous,
    EmissionCause cause,
    EventLevel level,
    String message,
    Instant time,
    List<ComponentId> dependsOn,
    ReleaseDetails details) {

  public ComponentEvent {
    Objects.requireNonNull(component, "component");
    Objects.requireNonNull(release, "release");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(cause, "cause");
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(time, "time");
    dependsOn = List.copyOf(dependsOn);
    Objects.requireNonNull(details, "details");
  }

  /** An event without {@linkplain ReleaseDetails details}. */
  public ComponentEvent(
      ComponentId component,
      ReleaseKey release,
      ComponentState state,
      @Nullable ComponentState previous,
      EmissionCause cause,
      EventLevel level,
      String message,
      Instant time,
      List<ComponentId> dependsOn) {
    this(component, release, state, previous, cause, level, message, time, dependsOn, ReleaseDetails.NONE);
  }

  /** {@code true} when the state differs from {@link #previous()}. */
  public boolean isTransition() {
    return previous != state;
  }
}
