package io.helmwatch.micrometer;

import io.helmwatch.core.ComponentEvent;
import io.helmwatch.core.ComponentId;
import io.helmwatch.core.ComponentSnapshot;
import io.helmwatch.core.ComponentState;
import io.helmwatch.core.EventSink;
import io.helmwatch.core.Subscription;
import io.helmwatch.core.WatchNotice;
import io.helmwatch.core.Watcher;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Turns what a watcher emits into Micrometer meters:
 *
 * <ul>
 *   <li>{@value #COMPONENTS} (gauge, tags {@code cluster}, {@code state}): components currently in each
 *       state; removed components leave the count. A snapshot ({@link #onSnapshot}) resets the counts to
 *       it, so a periodic snapshot repairs anything a lagging lane coalesced.
 *   <li>{@value #TRANSITIONS} (counter, tags {@code cluster}, {@code from}, {@code to}): state changes;
 *       {@code from} is {@code none} for a component's first event without a known previous state.
 *   <li>{@value #INSTALL_DURATION} (timer, tags {@code cluster}, {@code result} = {@code installed} or
 *       {@code failed}): from a component's first event in a non-pending state to its next terminal event,
 *       measured with the events' own times. A component first seen already terminal (a watcher restarted
 *       after the install) records nothing: its start was not seen.
 *   <li>{@value #RECOVERY_DURATION} (timer, tag {@code cluster}): how long each degraded or failed episode
 *       lasted until the component was installed again, from {@link ComponentEvent#recovered()}: the time to
 *       recover.
 *   <li>{@value #STATE_SECONDS} (gauge, tags {@code cluster}, {@code component}, {@code state}): how long
 *       each component has been in its current state, in seconds of the registry's clock, from {@link
 *       ComponentSnapshot#stateSince()} (or, between snapshots, the time of the event that changed the
 *       state). One series per component, re-tagged when its state changes and removed with the component:
 *       {@code helmwatch_component_state_seconds{state="installing"} > 600} finds what is stuck.
 *   <li>{@value #DRIFTED} (gauge, tags {@code cluster}, {@code component}): 1 while the component's release
 *       has drifted from the cluster state ({@link io.helmwatch.core.ReleaseDetails#drifted()}), else 0;
 *       one series per component, removed with it. {@code helmwatch_component_drifted == 1} finds what
 *       drifted in warn mode, where the state stays {@code installed}.
 *   <li>{@value #NOTICES} (counter, tags {@code kind}, {@code cluster}): watch-level notices, {@code stuck}
 *       ones included.
 *   <li>{@value #SOURCE_UP} (gauge, tag {@code cluster}): 1 while the cluster's source delivers, 0 from a
 *       {@code source_error} or {@code source_stopped} notice until its {@code source_recovered}: over a
 *       fleet, which clusters are being watched right now. Registered with a cluster's first event or notice.
 *   <li>{@value #SINK_FAILURES} (function counter, tag {@code sink}) for each lane {@linkplain
 *       #bindLane bound}, plus {@value #SINK_QUEUED} and {@value #SINK_COALESCED}; {@value
 *       #WATCHER_SINK_FAILURES} for a {@linkplain #bindWatcher bound} watcher.
 * </ul>
 *
 * <p>It has no {@code EventSinkProvider}: it needs a {@link MeterRegistry}, which a spec string cannot carry.
 *
 * <pre>{@code
 * MicrometerSink metrics = new MicrometerSink(registry);
 * Subscription webhookLane = watcher.subscribe(webhook);
 * watcher.subscribe(metrics);
 * metrics.bindLane(webhookLane).bindWatcher(watcher);
 * }</pre>
 *
 * @since 0.1
 */
public final class MicrometerSink implements EventSink {
  public static final String COMPONENTS = "helmwatch.components";
  public static final String TRANSITIONS = "helmwatch.transitions";
  public static final String INSTALL_DURATION = "helmwatch.install.duration";
  public static final String RECOVERY_DURATION = "helmwatch.recovery.duration";
  public static final String NOTICES = "helmwatch.notices";
  public static final String STATE_SECONDS = "helmwatch.component.state.seconds";
  public static final String SOURCE_UP = "helmwatch.source.up";
  public static final String DRIFTED = "helmwatch.component.drifted";
  public static final String SINK_FAILURES = "helmwatch.sink.failures";
  public static final String SINK_QUEUED = "helmwatch.sink.queued";
  public static final String SINK_COALESCED = "helmwatch.sink.coalesced";
  public static final String WATCHER_SINK_FAILURES = "helmwatch.watcher.sink.failures";

  private final Map<String, AtomicInteger> up = new java.util.concurrent.ConcurrentHashMap<>();
  private final MeterRegistry registry;
  private final Tags tags;
  /** Guarded by {@code this}. */
  private final Map<ComponentId, Known> components = new HashMap<>();
  private final Map<String, Map<ComponentState, AtomicInteger>> counts = new HashMap<>();
  private final Map<ComponentId, Instant> installStarted = new HashMap<>();
  private final Map<ComponentId, StateTime> stateTimes = new HashMap<>();
  private final Map<ComponentId, Drift> drifts = new HashMap<>();

  /** Meters in {@code registry}. */
  public MicrometerSink(MeterRegistry registry) {
    this(registry, Tags.empty());
  }

  /** Meters in {@code registry}, each with {@code commonTags} as well. */
  public MicrometerSink(MeterRegistry registry, Iterable<Tag> commonTags) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.tags = Tags.of(Objects.requireNonNull(commonTags, "commonTags"));
  }

  /** The registry the meters are in. */
  public MeterRegistry registry() {
    return registry;
  }

  @Override
  public String name() {
    return "micrometer";
  }

  @Override
  public synchronized void onEvent(ComponentEvent e) {
    ComponentId id = e.component();
    String cluster = e.release().cluster();
    Known before = components.remove(id);
    if (before != null) {
      count(before.cluster(), before.state()).decrementAndGet();
    }
    if (e.state() != ComponentState.REMOVED) {
      components.put(id, new Known(cluster, e.state()));
      count(cluster, e.state()).incrementAndGet();
      stateTime(id, cluster, e.state(), e.time(), false);
      drift(id, cluster, e.details().drifted());
    } else {
      forgetStateTime(id);
      forgetDrift(id);
    }
    if (e.isTransition()) {
      ComponentState from = e.previous();
      Counter.builder(TRANSITIONS).tags(tags).tag("cluster", cluster)
          .tag("from", from == null ? "none" : from.wireName()).tag("to", e.state().wireName())
          .description("Component state changes").register(registry).increment();
    }
    timeInstall(e, cluster);
    Duration recovered = e.recovered();
    if (recovered != null) {
      Timer.builder(RECOVERY_DURATION).tags(tags).tag("cluster", cluster)
          .description("From a component's first degraded or failed state to installed again")
          .register(registry).record(recovered);
    }
  }

  private void timeInstall(ComponentEvent e, String cluster) {
    ComponentState state = e.state();
    if (state.isTerminal()) {
      Instant start = installStarted.remove(e.component());
      if (start != null && !e.time().isBefore(start)) {
        Timer.builder(INSTALL_DURATION).tags(tags).tag("cluster", cluster).tag("result", state.wireName())
            .description("From a component's first non-pending state to a terminal one").register(registry)
            .record(Duration.between(start, e.time()));
      }
    } else if (state == ComponentState.REMOVED) {
      installStarted.remove(e.component());
    } else if (state != ComponentState.PENDING) {
      installStarted.putIfAbsent(e.component(), e.time());
    }
  }

  @Override
  public void onNotice(WatchNotice notice) {
    String cluster = notice.cluster();
    Counter.builder(NOTICES).tags(tags).tag("kind", notice.kind().name().toLowerCase(Locale.ROOT))
        .tag("cluster", cluster == null ? "none" : cluster).description("Watch-level notices")
        .register(registry).increment();
    if (cluster == null) {
      return;
    }
    switch (notice.kind()) {
      case SOURCE_ERROR, SOURCE_STOPPED -> up(cluster).set(0);
      case SOURCE_RECOVERED -> up(cluster).set(1);
      default -> {
        // Not about a source's health.
      }
    }
  }

  /** The {@value #SOURCE_UP} cell of {@code cluster}, registered at 1 on first use. */
  private AtomicInteger up(String cluster) {
    return up.computeIfAbsent(cluster, c -> {
      AtomicInteger cell = new AtomicInteger(1);
      Gauge.builder(SOURCE_UP, cell, AtomicInteger::get).tags(tags).tag("cluster", c)
          .description("1 while the cluster's source delivers, 0 after an error until it recovers")
          .strongReference(true).register(registry);
      return cell;
    });
  }

  /** Resets the per-state counts to {@code snapshot}: the whole current state. */
  @Override
  public synchronized void onSnapshot(List<ComponentSnapshot> snapshot) {
    for (Map<ComponentState, AtomicInteger> perState : counts.values()) {
      perState.values().forEach(c -> c.set(0));
    }
    components.clear();
    Map<ComponentId, StateTime> before = new HashMap<>(stateTimes);
    for (ComponentSnapshot s : snapshot) {
      if (s.state() == ComponentState.REMOVED) {
        continue;
      }
      components.put(s.component(), new Known(s.release().cluster(), s.state()));
      count(s.release().cluster(), s.state()).incrementAndGet();
      Instant since = s.stateSince();
      stateTime(s.component(), s.release().cluster(), s.state(),
          since != null ? since : Instant.ofEpochMilli(registry.config().clock().wallTime()), since != null);
      drift(s.component(), s.release().cluster(), s.details().drifted());
      before.remove(s.component());
    }
    before.keySet().forEach(this::forgetStateTime);
    before.keySet().forEach(this::forgetDrift);
  }

  /**
   * Points the {@value #STATE_SECONDS} gauge of {@code id} at {@code state} entered at {@code since}: a new
   * state re-registers it under the new tag; the same state keeps the time it has unless {@code exact} (a
   * snapshot's time is the watcher's own, an event's only an approximation of it).
   */
  private void stateTime(ComponentId id, String cluster, ComponentState state, Instant since, boolean exact) {
    StateTime known = stateTimes.get(id);
    if (known != null && known.state == state && known.cluster.equals(cluster)) {
      if (exact) {
        known.sinceMillis = since.toEpochMilli();
      }
      return;
    }
    if (known != null) {
      registry.remove(known.gauge);
    }
    StateTime cell = new StateTime(cluster, state, since.toEpochMilli());
    cell.gauge = Gauge.builder(STATE_SECONDS, cell, c -> c.seconds(registry.config().clock().wallTime()))
        .tags(tags).tag("cluster", cluster).tag("component", id.value()).tag("state", state.wireName())
        .description("Seconds the component has been in its current state").strongReference(true)
        .register(registry);
    stateTimes.put(id, cell);
  }

  private void forgetStateTime(ComponentId id) {
    StateTime known = stateTimes.remove(id);
    if (known != null) {
      registry.remove(known.gauge);
    }
  }

  /** Sets the {@value #DRIFTED} gauge of {@code id}, registered on first use (again if its cluster changed). */
  private void drift(ComponentId id, String cluster, boolean drifted) {
    Drift known = drifts.get(id);
    if (known == null || !known.cluster.equals(cluster)) {
      if (known != null) {
        registry.remove(known.gauge);
      }
      AtomicInteger cell = new AtomicInteger();
      Gauge gauge = Gauge.builder(DRIFTED, cell, AtomicInteger::get).tags(tags).tag("cluster", cluster)
          .tag("component", id.value()).description("1 while the release has drifted from the cluster state")
          .strongReference(true).register(registry);
      known = new Drift(cluster, cell, gauge);
      drifts.put(id, known);
    }
    known.value.set(drifted ? 1 : 0);
  }

  private void forgetDrift(ComponentId id) {
    Drift known = drifts.remove(id);
    if (known != null) {
      registry.remove(known.gauge);
    }
  }

  /** Exposes the failures, queue length and coalesced entries of {@code lane}, tagged with its sink's name. */
  public MicrometerSink bindLane(Subscription lane) {
    Objects.requireNonNull(lane, "lane");
    Tags sink = tags.and("sink", lane.sink().name());
    FunctionCounter.builder(SINK_FAILURES, lane, s -> s.stats().failed()).tags(sink)
        .description("Sink calls that failed (after retries)").register(registry);
    FunctionCounter.builder(SINK_COALESCED, lane, s -> s.stats().coalesced()).tags(sink)
        .description("Entries a full lane replaced with newer ones").register(registry);
    Gauge.builder(SINK_QUEUED, lane, s -> s.stats().queued()).tags(sink)
        .description("Entries waiting in the lane").register(registry);
    return this;
  }

  /** Exposes the watcher's count of failed sink calls, over all its sinks. */
  public MicrometerSink bindWatcher(Watcher watcher) {
    Objects.requireNonNull(watcher, "watcher");
    FunctionCounter.builder(WATCHER_SINK_FAILURES, watcher, w -> w.stats().sinkFailures()).tags(tags)
        .description("Sink calls that failed, over every sink of the watcher").register(registry);
    return this;
  }

  /** The gauge cell of {@code state} in {@code cluster}; registers the cluster's gauges on first use. */
  private AtomicInteger count(String cluster, ComponentState state) {
    return counts.computeIfAbsent(cluster, this::registerCluster).get(state);
  }

  private Map<ComponentState, AtomicInteger> registerCluster(String cluster) {
    up(cluster);
    Map<ComponentState, AtomicInteger> perState = new EnumMap<>(ComponentState.class);
    for (ComponentState s : ComponentState.values()) {
      AtomicInteger cell = new AtomicInteger();
      perState.put(s, cell);
      if (s != ComponentState.REMOVED) {
        Gauge.builder(COMPONENTS, cell, AtomicInteger::get).tags(tags).tag("cluster", cluster)
            .tag("state", s.wireName()).description("Components in each state").strongReference(true)
            .register(registry);
      }
    }
    return perState;
  }

  private record Known(String cluster, ComponentState state) {}

  /** One component's {@value #DRIFTED} cell. */
  private record Drift(String cluster, AtomicInteger value, Gauge gauge) {}

  /** One component's {@value #STATE_SECONDS} cell. Written under the sink's lock, read by the registry. */
  private static final class StateTime {
    final String cluster;
    final ComponentState state;
    volatile long sinceMillis;
    Gauge gauge;

    StateTime(String cluster, ComponentState state, long sinceMillis) {
      this.cluster = cluster;
      this.state = state;
      this.sinceMillis = sinceMillis;
    }

    double seconds(long nowMillis) {
      return Math.max(0, nowMillis - sinceMillis) / 1000.0;
    }
  }
}
