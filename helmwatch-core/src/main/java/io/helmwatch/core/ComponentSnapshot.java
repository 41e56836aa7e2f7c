package io.helmwatch.core;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One component as the watcher currently knows it.
 *
 * @param component the id
 * @param state its state
 * @param release the object it is derived from
 * @param readySince last transition time of the Ready condition, when known
 * @param message human-readable detail
 * @param dependsOn the components it depends on
 * @param details what the controller last did with the release ({@link ReleaseDetails#NONE} when unknown)
 * @param stateSince when the component entered {@code state}, on the watcher's clock: the time this watcher
 *     saw the change, or first observed the component (a watcher does not know what happened before it
 *     started); {@code null} when unknown (a snapshot not made by a watcher)
 * @since 0.1
 */
public record ComponentSnapshot(
    ComponentId component,
    ComponentState state,
    ReleaseKey release,
    @Nullable Instant readySince,
    String message,
    List<ComponentId> dependsOn,
    ReleaseDetails details,
    @Nullable Instant stateSince) {

  public ComponentSnapshot {
    Objects.requireNonNull(component, "component");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(release, "release");
    Objects.requireNonNull(message, "message");
    dependsOn = List.copyOf(dependsOn);
    Objects.requireNonNull(details, "details");
  }

  /** A snapshot entry without the time it entered its state. */
  public ComponentSnapshot(
      ComponentId component,
      ComponentState state,
      ReleaseKey release,
      @Nullable Instant readySince,
      String message,
      List<ComponentId> dependsOn,
      ReleaseDetails details) {
    this(component, state, release, readySince, message, dependsOn, details, null);
  }

  /**
   * How long the component has been in its state at {@code now}; {@link Duration#ZERO} when {@link
   * #stateSince()} is unknown or after {@code now}.
   */
  public Duration timeInState(Instant now) {
    Instant since = stateSince;
    if (since == null || since.isAfter(now)) {
      return Duration.ZERO;
    }
    return Duration.between(since, now);
  }

  /** A snapshot entry without {@linkplain ReleaseDetails details}. */
  public ComponentSnapshot(
      ComponentId component,
      ComponentState state,
      ReleaseKey release,
      @Nullable Instant readySince,
      String message,
      List<ComponentId> dependsOn) {
    this(component, state, release, readySince, message, dependsOn, ReleaseDetails.NONE, null);
  }
}
