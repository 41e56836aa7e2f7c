package io.helmwatch.jcstress;

import io.helmwatch.core.ComponentEvent;
import io.helmwatch.core.ComponentId;
import io.helmwatch.core.ComponentLog;
import io.helmwatch.core.ComponentState;
import io.helmwatch.core.EmissionCause;
import io.helmwatch.core.EventLevel;
import io.helmwatch.core.ReleaseKey;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** What the lane tests offer: events and log lines of one component each, built once. */
final class LaneItems {
  private LaneItems() {}

  static ComponentEvent event(String component, ComponentState state, @Nullable ComponentState previous) {
    return new ComponentEvent(ComponentId.of(component), ReleaseKey.of("flux-system", component), state, previous,
        EmissionCause.TRANSITION, EventLevel.of(state), state.wireName(), Instant.EPOCH, List.of());
  }

  static ComponentLog line(String component) {
    return new ComponentLog(ComponentId.of(component), Instant.EPOCH, EventLevel.INFO, "a raw log line");
  }
}
