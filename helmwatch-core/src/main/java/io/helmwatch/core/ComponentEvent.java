package io.helmwatch.core;

import java.time.Duration;
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
 * @param id the deterministic id of this event ({@link EventId}): the same on every watcher that reports
 *     the same transition of the same release at the same generation. An event that a lagging delivery
 *     lane made of several keeps the id of the newest
 * @param uid the release's {@code metadata.uid}, {@code null} when the source does not know it
 * @param recovered on the event that reports a component {@link ComponentState#INSTALLED} again after it was
 *     {@link ComponentState#DEGRADED} or {@link ComponentState#FAILED}: how long since this watcher first
 *     saw it troubled in that episode (on its clock), so that a receiver can close the alert it opened;
 *     {@code null} on every other event. Pending and installing in between (a retry, a new generation)
 *     belong to the episode; a watcher that never saw the trouble reports no recovery
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
    ReleaseDetails details,
    String id,
    @Nullable String uid,
    @Nullable Duration recovered) {

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
    Objects.requireNonNull(id, "id");
    if (recovered != null && recovered.isNegative()) {
      throw new IllegalArgumentException("recovered must not be negative, was " + recovered);
    }
  }

  /**
   * An event whose release's uid and generations are unknown: its {@link #id()} is {@link EventId#of} with no
   * uid and generations {@code 0}.
   */
  /** An event that reports no recovery. */
  public ComponentEvent(
      ComponentId component,
      ReleaseKey release,
      ComponentState state,
      @Nullable ComponentState previous,
      EmissionCause cause,
      EventLevel level,
      String message,
      Instant time,
      List<ComponentId> dependsOn,
      ReleaseDetails details,
      String id,
      @Nullable String uid) {
    this(component, release, state, previous, cause, level, message, time, dependsOn, details, id, uid, null);
  }

  public ComponentEvent(
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
    this(component, release, state, previous, cause, level, message, time, dependsOn, details,
        EventId.of(release, null, 0, 0, previous, state), null);
  }

  /** An event without {@linkplain ReleaseDetails details}, uid or generations. */
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
