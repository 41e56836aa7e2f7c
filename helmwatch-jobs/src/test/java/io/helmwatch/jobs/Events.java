package io.helmwatch.jobs;

import io.helmwatch.core.ComponentEvent;
import io.helmwatch.core.ComponentId;
import io.helmwatch.core.ComponentLog;
import io.helmwatch.core.ComponentSnapshot;
import io.helmwatch.core.ComponentState;
import io.helmwatch.core.EmissionCause;
import io.helmwatch.core.EventLevel;
import io.helmwatch.core.ReleaseKey;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Events, snapshots and log lines as a watcher and a log tailer would deliver them. */
final class Events {
  private Events() {}

  /** An event stamped {@code time}, as a watcher stamps events with its clock when it emits them. */
  static ComponentEvent event(Instant time, String component, ComponentState state, String message,
      String... dependsOn) {
    ComponentId id = ComponentId.of(component);
    return new ComponentEvent(id, ReleaseKey.of("flux-system", "bp-" + component), state, null,
        EmissionCause.TRANSITION, EventLevel.of(state), message, time, ids(dependsOn));
  }

  static ComponentSnapshot snapshot(String component, ComponentState state, @Nullable Instant readySince,
      String message) {
    return new ComponentSnapshot(ComponentId.of(component), state, ReleaseKey.of("flux-system", "bp-" + component),
        readySince, message, List.of());
  }

  static ComponentLog log(String component, Instant time, String message) {
    return new ComponentLog(ComponentId.of(component), time, EventLevel.INFO, message);
  }

  private static List<ComponentId> ids(String... names) {
    return Arrays.stream(names).map(ComponentId::of).toList();
  }
}
