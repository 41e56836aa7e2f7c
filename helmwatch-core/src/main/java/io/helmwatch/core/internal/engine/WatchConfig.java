package io.helmwatch.core.internal.engine;

import io.helmwatch.core.ComponentId;
import io.helmwatch.core.ComponentNamer;
import io.helmwatch.core.ComponentState;
import io.helmwatch.core.EmissionPolicy;
import io.helmwatch.core.EventSink;
import io.helmwatch.core.LaneOptions;
import io.helmwatch.core.MessageRedactor;
import io.helmwatch.core.ReleaseFilter;
import io.helmwatch.core.ReleaseSource;
import io.helmwatch.core.Scheduler;
import io.helmwatch.core.StateDeriver;
import io.helmwatch.core.WatcherSettings;
import io.helmwatch.core.flux.FluxHelmReleaseDeriver;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Everything a {@link WatchEngine} is built from, defaults resolved. The public builder validates. */
public record WatchConfig(
    ReleaseSource source,
    EmissionPolicy policy,
    StateDeriver deriver,
    ComponentNamer namer,
    ReleaseFilter filter,
    WatcherSettings settings,
    Clock clock,
    Scheduler scheduler,
    boolean continuous,
    boolean emitDeletions,
    Map<ComponentId, ComponentState> priorStates,
    @Nullable Duration snapshotEvery,
    @Nullable Duration stuckAfter,
    MessageRedactor redactor,
    @Nullable EventSink primarySink,
    @Nullable LaneOptions primaryLane) {

  public WatchConfig {
    priorStates = Map.copyOf(priorStates);
  }

  /**
   * The deriver a watcher uses: the custom one, or the Flux deriver (fail-fast or not).
   *
   * @throws IllegalStateException when fail-fast is asked of a custom deriver
   */
  public static StateDeriver deriver(@Nullable StateDeriver custom, boolean failFast) {
    if (custom == null) {
      return failFast ? FluxHelmReleaseDeriver.failFast() : FluxHelmReleaseDeriver.instance();
    }
    if (failFast && custom != FluxHelmReleaseDeriver.failFast()) {
      throw new IllegalStateException(
          "failFast(true) selects FluxHelmReleaseDeriver.failFast(); it cannot be combined with a custom"
              + " deriver, which decides on its own when an attempt is terminal");
    }
    return custom;
  }
}
