package io.helmwatch.core;

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
 * @since 0.1
 */
public record ComponentSnapshot(
    ComponentId component,
    ComponentState state,
    ReleaseKey release,
    @Nullable Instant readySince,
    String message,
    List<ComponentId> dependsOn,
    ReleaseDetails details) {

  public ComponentSnapshot {
    Objects.requireNonNull(component, "component");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(release, "release");
    Objects.requireNonNull(message, "message");
    dependsOn = List.copyOf(dependsOn);
    Objects.requireNonNull(details, "details");
  }

  /** A snapshot entry without {@linkplain ReleaseDetails details}. */
  public ComponentSnapshot(
      ComponentId component,
      ComponentState state,
      ReleaseKey release,
      @Nullable Instant readySince,
      String message,
      List<ComponentId> dependsOn) {
    this(component, state, release, readySince, message, dependsOn, ReleaseDetails.NONE);
  }
}
