package io.helmwatch.core;

import io.helmwatch.core.flux.FluxHelmReleaseDeriver;
import io.helmwatch.core.sink.DeliveryLane;
import io.helmwatch.core.sink.LaneOptions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the objects of a {@link ReleaseSource} and emits a clean stream of per-component states.
 *
 * <pre>{@code
 * try (Watcher watcher = Watcher.builder(source)
 *     .namePrefix("bp-")
 *     .expectAtLeast(11)
 *     .sink(event -> System.out.println(event.component() + " " + event.state()))
 *     .build()) {
 *   WatchResult result = watcher.start().join();
 * }
 * }</pre>
 *
 * <p><b>Emission.</b> Each update is derived to a {@link ComponentState}; the {@link EmissionPolicy}
 * decides whether it becomes a {@link ComponentEvent}. The default emits a component's first observation by
 * this watcher, whatever its state, and every real transition, and suppresses status-patch churn. An
 * update that changes nothing takes no lock and allocates nothing.
 *
 * <p><b>Termination.</b> Unless {@linkplain Builder#continuous() continuous}, the watch ends with {@link
 * WatchOutcome#READY} or {@link WatchOutcome#FAILED} once the source's initial list has synced, at least
 * {@linkplain Builder#expectAtLeast expectAtLeast} components are observed (and not removed) and all of them
 * are terminal. A pending component that waits ({@code dependsOn}) on a failed one, directly or through
 * other waiting ones, will never be installed: once only such components are left, the watch ends {@link
 * WatchOutcome#FAILED} instead of waiting for the timeout. It ends with {@link WatchOutcome#TIMEOUT} (or {@link WatchOutcome#NOT_RECONCILING} when
 * nothing was seen) when the timeout passes. If nothing is seen within the first-seen timeout, one {@link
 * WatchNotice.Kind#FIRST_SEEN_TIMEOUT} notice is emitted and the watch goes on. When the watch ends the
 * source is closed and every sink receives {@link EventSink#onOutcome}.
 *
 * <p><b>Delivery.</b> The primary sink and subscribed sinks see the same events, notices and outcome, in
 * the same order; emission is serialised across components so that no event follows the outcome. The
 * primary sink given to {@link Builder#sink(EventSink)} is called synchronously on the thread that reported
 * the update (or that ran a timer, below), so a slow primary sink slows the source; give it a lane with
 * {@link Builder#sink(EventSink, LaneOptions)} to avoid that. Every {@linkplain #subscribe subscribed} sink
 * has its own {@link DeliveryLane}: its own thread, ordered per component, bounded in memory, isolated from
 * the others; the watcher only enqueues. Sink failures are logged and counted, never propagated to the
 * source. With {@link Builder#snapshotEvery}, every sink also receives {@link EventSink#onSnapshot}
 * periodically.
 *
 * <p><b>Timers.</b> The timeouts and periodic snapshots are scheduled on the {@linkplain Builder#scheduler
 * scheduler}. Their work calls the synchronous primary sink, so on the JVM-wide {@link Scheduler#shared()}
 * thread they only hand it to this watcher's own timer thread ({@code helmwatch-watcher-timer-<n>}, started
 * when work is due and gone when idle): a blocked primary sink delays this watcher's timers and no other
 * watcher's. An injected scheduler runs the work on its own thread, which its owner chose ({@code
 * ManualTime}: the test's, inside {@code advance}). A timer's work that throws is logged with its stack trace.
 *
 * <p>{@link #close()} stops the source, ends an unfinished watch as {@link WatchOutcome#CANCELLED} and
 * closes every sink. Thread-safe.
 */
public final class Watcher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Watcher.class);

  private final ReleaseSource source;
  private final EmissionPolicy policy;
  private final StateDeriver deriver;
  private final ComponentNamer namer;
  private final ReleaseFilter filter;
  private final WatcherSettings settings;
  private final Clock clock;
  private final Scheduler scheduler;
  private final TimerWork timerWork;
  private final boolean continuous;
  private final boolean emitDeletions;
  private final Map<ComponentId, ComponentState> priorStates;
  private final @Nullable Duration snapshotEvery;
  private final MessageRedactor redactor;

  private final ConcurrentHashMap<ReleaseKey, Track> tracks = new ConcurrentHashMap<>();
  /** Which release holds each id, so that a namer that gives two releases one id never merges them. */
  private final ConcurrentHashMap<ComponentId, ReleaseKey> owners = new ConcurrentHashMap<>();
  private final Function<ReleaseKey, Track> newTrack = this::newTrack;
  private final CopyOnWriteArrayList<SinkDelivery> deliveries = new CopyOnWriteArrayList<>();
  /**
   * Guards changes to who is in {@link #deliveries}: a subscribe against {@link #close()} (so that close
   * sees every subscription it did not refuse) and a removal against {@link #stats()} (so that a removed
   * lane's failures move into {@link #sinkFailures} in one step). Emission reads the list without it.
   */
  private final Object registry = new Object();
  private final CompletableFuture<WatchResult> result = new CompletableFuture<>();
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();

  private final LongAdder observations = new LongAdder();
  private final LongAdder suppressed = new LongAdder();
  private final LongAdder emitted = new LongAdder();
  private final LongAdder derivationFailures = new LongAdder();
  private final LongAdder sinkFailures = new LongAdder();

  /** Guards emission, the termination gate and the fields below. */
  private final Object gate = new Object();

  private int counted;
  private int terminal;
  private int failed;
  private int pending;
  private boolean seenAny;
  private boolean synced;
  private final List<Consumer<List<ComponentSnapshot>>> syncHooks = new ArrayList<>();
  private final List<Scheduler.Cancellable> timers = new ArrayList<>();
  private volatile boolean done;

  private Watcher(Builder b) {
    this.source = b.source;
    this.policy = b.policy;
    this.deriver = b.resolveDeriver();
    this.namer = b.resolveNamer();
    this.filter = b.filter;
    this.settings = new WatcherSettings(b.timeout, b.firstSeenTimeout, b.expectAtLeast);
    this.clock = b.clock;
    this.scheduler = b.scheduler;
    // the shared timer thread serves every watcher in the JVM: it must never wait for this one's sinks
    this.timerWork = scheduler == Scheduler.shared() ? TimerWork.onOwnThread() : TimerWork.onSchedulerThread();
    this.continuous = b.continuous;
    this.emitDeletions = b.emitDeletions;
    this.priorStates = Map.copyOf(b.priorStates);
    this.snapshotEvery = b.snapshotEvery;
    this.redactor = b.redactor;
    if (b.sink != null) {
      deliveries.add(b.sinkLane == null
          ? SinkDelivery.synchronous(b.sink, sinkFailures, this::removeDelivery)
          : SinkDelivery.laned(b.sink, b.sinkLane, sinkFailures, this::removeDelivery));
    }
  }

  /** A builder for a watcher over {@code source}. */
  public static Builder builder(ReleaseSource source) {
    return new Builder(source);
  }

  /**
   * Starts the source and the timers. The future completes when the watch ends (never on its own in
   * continuous mode; {@link WatchOutcome#CANCELLED} on {@link #close()}).
   *
   * <p>When the source's {@code start} throws, so does this method, with the same exception: the watch is
   * then over without an outcome. The timers are cancelled, the source is closed, {@link #result()}
   * completes exceptionally with that exception, and no sink hears of the watch again until {@link #close()}
   * closes them.
   *
   * @throws IllegalStateException when called twice or after {@link #close()}
   */
  public CompletableFuture<WatchResult> start() {
    if (closed.get()) {
      throw new IllegalStateException("Watcher is closed");
    }
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException("Watcher already started");
    }
    synchronized (gate) {
      if (done) {
        return result; // a close() since the check above ended the watch: start nothing it would not stop
      }
      timers.add(scheduler.schedule(timerWork.task(this::firstSeenTimeout), settings.firstSeenTimeout()));
      if (!continuous) {
        timers.add(scheduler.schedule(timerWork.task(this::timeout), settings.timeout()));
      }
      if (snapshotEvery != null) {
        timers.add(scheduler.scheduleAtFixedRate(timerWork.task(this::publishSnapshot), snapshotEvery));
      }
    }
    try {
      source.start(new SourceListener());
    } catch (RuntimeException e) {
      abandonStart(e);
      throw e;
    }
    return result;
  }

  /** Nothing of a watch whose source did not start may go on running: no timer fires, nothing is emitted. */
  private void abandonStart(RuntimeException failure) {
    synchronized (gate) {
      done = true;
      cancelTimersLocked();
    }
    closeSource();
    result.completeExceptionally(failure);
  }

  /** The future {@link #start()} returned. */
  public CompletableFuture<WatchResult> result() {
    return result;
  }

  /**
   * Delivers everything emitted from now on to {@code sink} through its own {@link DeliveryLane} with
   * {@link LaneOptions#defaults()}. Closing the subscription flushes the lane and closes the sink; {@link
   * #close()} does too.
   */
  public Subscription subscribe(EventSink sink) {
    return subscribe(sink, LaneOptions.defaults());
  }

  /**
   * Like {@link #subscribe(EventSink)}, with the lane's capacity, retries and close timeout given.
   *
   * @throws IllegalStateException when the watcher is closed, also when {@link #close()} runs concurrently
   *     and got there first: then no lane was started and the sink is left untouched
   */
  public Subscription subscribe(EventSink sink, LaneOptions options) {
    Objects.requireNonNull(sink, "sink");
    Objects.requireNonNull(options, "options");
    synchronized (registry) {
      if (closed.get()) {
        throw new IllegalStateException("Watcher is closed");
      }
      SinkDelivery delivery = SinkDelivery.laned(sink, options, sinkFailures, this::removeDelivery);
      deliveries.add(delivery);
      return delivery;
    }
  }

  /** A closed delivery leaves; what its lane counted as failed stays counted, in the watcher's own count. */
  private void removeDelivery(SinkDelivery delivery) {
    synchronized (registry) {
      if (deliveries.remove(delivery)) {
        sinkFailures.add(delivery.laneFailures());
      }
    }
  }

  /**
   * Like {@link #subscribe(EventSink, LaneOptions)}, and once the source's initial list has synced, {@code
   * sink} also gets the {@link #snapshot()} as {@link EventSink#onSnapshot} through its own lane. The
   * snapshot is taken and enqueued under the emission lock, so every event before it in the lane is older
   * and every event after it newer: a bridge seeded from it never applies a stale state over a newer one.
   */
  public Subscription subscribeSeeded(EventSink sink, LaneOptions options) {
    SinkDelivery delivery = (SinkDelivery) subscribe(sink, options);
    onInitialListSynced(ignored -> {
      synchronized (gate) {
        delivery.snapshot(List.copyOf(snapshotLocked()));
      }
    });
    return delivery;
  }

  /**
   * Every observed component as currently known, sorted by id. A component's message and dependencies are
   * those of the observation at its last state change.
   */
  public List<ComponentSnapshot> snapshot() {
    synchronized (gate) {
      return snapshotLocked();
    }
  }

  /**
   * Runs {@code hook} once with the {@link #snapshot()} when the source's initial list has synced;
   * immediately, on the calling thread, when it already has.
   */
  public void onInitialListSynced(Consumer<List<ComponentSnapshot>> hook) {
    Objects.requireNonNull(hook, "hook");
    List<ComponentSnapshot> now;
    synchronized (gate) {
      if (!synced) {
        syncHooks.add(hook);
        return;
      }
      now = snapshotLocked();
    }
    runHook(hook, now);
  }

  /** Counters since start. Each only grows, also across a subscription's close. */
  public WatcherStats stats() {
    long sinkFails;
    synchronized (registry) {
      sinkFails = sinkFailures.sum();
      for (SinkDelivery d : deliveries) {
        sinkFails += d.laneFailures();
      }
    }
    return new WatcherStats(
        observations.sum(), suppressed.sum(), emitted.sum(), derivationFailures.sum(), sinkFails);
  }

  /**
   * Stops the source, ends an unfinished watch as {@link WatchOutcome#CANCELLED}, flushes every lane (each
   * within its close timeout, all in parallel) and closes every sink after its last delivery.
   */
  @Override
  public void close() {
    synchronized (registry) {
      if (!closed.compareAndSet(false, true)) {
        return;
      }
    }
    closeSource();
    WatchResult cancelled = null;
    synchronized (gate) {
      if (!done) {
        cancelled = finishLocked(WatchOutcome.CANCELLED);
      }
    }
    List<SinkDelivery> all = List.copyOf(deliveries);
    for (SinkDelivery d : all) {
      d.beginClose();
    }
    for (SinkDelivery d : all) {
      d.close();
    }
    if (cancelled != null) {
      result.complete(cancelled);
    }
  }

  // ---------------------------------------------------------------- per-update path

  private void upsert(ReleaseObservation o) {
    if (done) {
      return;
    }
    ReleaseKey key = o.key();
    Track t = tracks.get(key);
    if (t == null) {
      if (!filter.accept(key)) {
        return;
      }
      t = tracks.computeIfAbsent(key, newTrack);
    }
    observations.increment();
    ComponentState state;
    RuntimeException derivationFailure = null;
    try {
      state = deriver.state(o);
    } catch (RuntimeException e) {
      state = null;
      derivationFailure = e;
    }
    if (state != null && t.observed && !policy.shouldEmit(false, t.state, state)) {
      suppressed.increment();
      return;
    }
    WatchResult finished;
    synchronized (gate) {
      if (done) {
        return;
      }
      if (tracks.get(key) != t) {
        return;
      }
      finished = applyLocked(t, o, state, derivationFailure);
    }
    afterFinish(finished);
  }

  private void delete(ReleaseKey key) {
    Track t = tracks.get(key);
    if (t == null) {
      return;
    }
    WatchResult finished = null;
    synchronized (gate) {
      if (tracks.remove(key, t)) {
        owners.remove(t.id, key);
      }
      if (done || !t.observed) {
        return;
      }
      ComponentState previous = t.state;
      recount(t, ComponentState.REMOVED);
      t.state = ComponentState.REMOVED;
      if (previous != ComponentState.REMOVED && emitDeletions) {
        Derivation d = new Derivation(ComponentState.REMOVED, EventLevel.INFO, "Deleted");
        emitLocked(t, d, previous, EmissionCause.DELETED);
      }
      finished = checkGateLocked();
    }
    afterFinish(finished);
  }

  /** {@code derivedState} is {@code null} when the deriver threw {@code derivationFailure}. */
  private @Nullable WatchResult applyLocked(Track t, ReleaseObservation o, @Nullable ComponentState derivedState,
      @Nullable RuntimeException derivationFailure) {
    Derivation d;
    if (derivedState == null) {
      d = failedDerivation(t, o, derivationFailure);
    } else {
      d = null;
    }
    ComponentState state = derivedState != null ? derivedState : d.state();
    boolean first = !t.observed;
    ComponentState previous = first ? t.prior : t.state;
    boolean emit = policy.shouldEmit(first, previous, state);
    boolean changed = first || t.state != state;
    if (first) {
      seenAny = true;
    }
    if (changed || emit) {
      if (d == null) {
        d = redacted(derive(t, o));
      }
      t.last = ReleaseObservation.copyOf(o);
      t.derivation = d;
    }
    recount(t, state);
    t.state = state;
    t.observed = true;
    if (state == ComponentState.REMOVED && !emitDeletions) {
      emit = false;
    }
    if (emit) {
      EmissionCause cause;
      if (state == ComponentState.REMOVED) {
        cause = EmissionCause.DELETED;
      } else if (first) {
        cause = EmissionCause.FIRST_OBSERVATION;
      } else if (previous != state) {
        cause = EmissionCause.TRANSITION;
      } else {
        cause = EmissionCause.REPEATED;
      }
      emitLocked(t, d, previous, cause);
    } else {
      suppressed.increment();
    }
    return checkGateLocked();
  }

  private Derivation derive(Track t, ReleaseObservation o) {
    try {
      return deriver.derive(o);
    } catch (RuntimeException e) {
      return failedDerivation(t, o, e);
    }
  }

  /** Only for a derivation that becomes an event or a snapshot entry: never on the suppressed path. */
  private Derivation redacted(Derivation d) {
    String message = redactor.redact(d.message());
    return message.equals(d.message()) ? d : d.withMessage(message);
  }

  /** Counts every failure; logs the first of each object with what the deriver threw, stack trace included. */
  private Derivation failedDerivation(Track t, ReleaseObservation o, @Nullable RuntimeException cause) {
    derivationFailures.increment();
    String message = "State could not be derived; treated as degraded";
    if (!t.failureReported) {
      t.failureReported = true;
      log.warn("Could not derive the state of {}; treating it as degraded until it can be", o.key(), cause);
      noticeLocked(WatchNotice.Kind.MALFORMED_OBJECT, EventLevel.WARN,
          "Could not derive the state of " + o.key(), o.key().cluster());
    }
    return new Derivation(ComponentState.DEGRADED, EventLevel.WARN, message);
  }

  private void emitLocked(Track t, Derivation d, @Nullable ComponentState previous, EmissionCause cause) {
    ComponentEvent event = new ComponentEvent(
        t.id, t.key, d.state(), previous, cause, d.level(), d.message(), clock.instant(), dependsOn(t),
        d.details());
    emitted.increment();
    for (SinkDelivery delivery : deliveries) {
      delivery.event(event);
    }
  }

  private List<ComponentId> dependsOn(Track t) {
    ReleaseObservation last = t.last;
    if (last == null || last.dependsOn().isEmpty()) {
      return List.of();
    }
    List<ComponentId> ids = new ArrayList<>(last.dependsOn().size());
    for (ReleaseKey k : last.dependsOn()) {
      Track dep = tracks.get(k);
      ids.add(dep != null ? dep.id : namer.name(k));
    }
    return ids;
  }

  // ---------------------------------------------------------------- termination gate

  /** Moves {@code t}'s contribution to the gate counters from its current state to {@code next}. */
  private void recount(Track t, ComponentState next) {
    if (t.counted) {
      counted--;
      if (t.state != null && t.state.isTerminal()) {
        terminal--;
      }
      if (t.state == ComponentState.FAILED) {
        failed--;
      }
      if (t.state == ComponentState.PENDING) {
        pending--;
      }
      t.counted = false;
    }
    if (next != ComponentState.REMOVED) {
      t.counted = true;
      counted++;
      if (next.isTerminal()) {
        terminal++;
      }
      if (next == ComponentState.FAILED) {
        failed++;
      }
      if (next == ComponentState.PENDING) {
        pending++;
      }
    }
  }

  private @Nullable WatchResult checkGateLocked() {
    if (continuous || done || !synced || !seenAny) {
      return null;
    }
    if (counted == 0 || counted < settings.expectAtLeast()) {
      return null;
    }
    if (terminal == counted) {
      return finishLocked(failed > 0 ? WatchOutcome.FAILED : WatchOutcome.READY);
    }
    if (failed > 0 && terminal + pending == counted && pendingAllBlockedByFailureLocked()) {
      return finishLocked(WatchOutcome.FAILED);
    }
    return null;
  }

  /**
   * Whether every pending component waits, directly or through other waiting components, on a failed one:
   * helm-controller never installs those, so waiting for them would only end in a timeout. Runs on state
   * changes only, and only once everything else is terminal.
   */
  private boolean pendingAllBlockedByFailureLocked() {
    Map<ReleaseKey, Boolean> blocked = new HashMap<>();
    for (Track t : tracks.values()) {
      if (t.counted && t.state == ComponentState.PENDING && !isBlockedLocked(t, blocked)) {
        return false;
      }
    }
    return true;
  }

  private boolean isBlockedLocked(Track t, Map<ReleaseKey, Boolean> memo) {
    Boolean known = memo.get(t.key);
    if (known != null) {
      return known;
    }
    memo.put(t.key, false); // a dependency cycle blocks nothing
    boolean result = false;
    ReleaseObservation last = t.last;
    if (last != null) {
      for (ReleaseKey dep : last.dependsOn()) {
        Track d = tracks.get(dep);
        if (d != null && d.counted && (d.state == ComponentState.FAILED
            || (d.state == ComponentState.PENDING && isBlockedLocked(d, memo)))) {
          result = true;
          break;
        }
      }
    }
    memo.put(t.key, result);
    return result;
  }

  private WatchResult finishLocked(WatchOutcome outcome) {
    done = true;
    cancelTimersLocked();
    Map<ComponentId, ComponentState> states = new HashMap<>();
    for (Track t : tracks.values()) {
      if (t.observed && t.state != ComponentState.REMOVED) {
        states.put(t.id, t.state);
      }
    }
    WatchResult r = new WatchResult(outcome, states);
    log.debug("Watch ended: {} with {} components", outcome, states.size());
    for (SinkDelivery delivery : deliveries) {
      delivery.outcome(r);
    }
    return r;
  }

  private void cancelTimersLocked() {
    for (Scheduler.Cancellable timer : timers) {
      timer.cancel();
    }
    timers.clear();
    timerWork.shutdown();
  }

  /** Outside the gate: stop the source and complete the future, whose callbacks may call back in. */
  private void afterFinish(@Nullable WatchResult finished) {
    if (finished != null) {
      closeSource();
      result.complete(finished);
    }
  }

  private void timeout() {
    WatchResult finished;
    synchronized (gate) {
      if (done) {
        return;
      }
      String message = seenAny
          ? "Watch timed out after " + settings.timeout() + " with " + terminal + " of " + counted
              + " components terminal"
          : "Watch timed out after " + settings.timeout() + " and no release was ever seen;"
              + " is Flux reconciling?";
      noticeLocked(WatchNotice.Kind.TIMEOUT, EventLevel.WARN, message, null);
      finished = finishLocked(seenAny ? WatchOutcome.TIMEOUT : WatchOutcome.NOT_RECONCILING);
    }
    afterFinish(finished);
  }

  private void firstSeenTimeout() {
    synchronized (gate) {
      if (done || seenAny) {
        return;
      }
      noticeLocked(WatchNotice.Kind.FIRST_SEEN_TIMEOUT, EventLevel.WARN,
          "No release seen within " + settings.firstSeenTimeout() + "; still watching. Is Flux reconciling?",
          null);
    }
  }

  private void noticeLocked(WatchNotice.Kind kind, EventLevel level, String message, @Nullable String cluster) {
    WatchNotice notice = new WatchNotice(kind, level, redactor.redact(message), clock.instant(), cluster);
    for (SinkDelivery delivery : deliveries) {
      delivery.notice(notice);
    }
  }

  // ---------------------------------------------------------------- snapshots and sync

  /** Under the gate, so that a snapshot is ordered with the events around it in every lane. */
  private void publishSnapshot() {
    synchronized (gate) {
      if (done) {
        return;
      }
      List<ComponentSnapshot> now = List.copyOf(snapshotLocked());
      for (SinkDelivery delivery : deliveries) {
        delivery.snapshot(now);
      }
    }
  }

  private List<ComponentSnapshot> snapshotLocked() {
    List<ComponentSnapshot> out = new ArrayList<>(tracks.size());
    for (Track t : tracks.values()) {
      ReleaseObservation last = t.last;
      Derivation d = t.derivation;
      if (!t.observed || last == null || d == null) {
        continue;
      }
      int ready = last.indexOfCondition(FluxHelmReleaseDeriver.READY);
      Instant readySince = ready >= 0 ? last.conditionLastTransitionTime(ready) : null;
      out.add(new ComponentSnapshot(t.id, t.state, t.key, readySince, d.message(), dependsOn(t), d.details()));
    }
    out.sort(Comparator.comparing(ComponentSnapshot::component));
    return out;
  }

  private void synced() {
    List<Consumer<List<ComponentSnapshot>>> hooks;
    List<ComponentSnapshot> now;
    WatchResult finished;
    synchronized (gate) {
      if (synced) {
        return;
      }
      synced = true;
      hooks = List.copyOf(syncHooks);
      syncHooks.clear();
      now = hooks.isEmpty() ? List.of() : snapshotLocked();
      finished = checkGateLocked();
    }
    for (Consumer<List<ComponentSnapshot>> hook : hooks) {
      runHook(hook, now);
    }
    afterFinish(finished);
  }

  private static void runHook(Consumer<List<ComponentSnapshot>> hook, List<ComponentSnapshot> snapshot) {
    try {
      hook.accept(snapshot);
    } catch (RuntimeException e) {
      log.warn("Initial-list hook failed: {}", e.toString(), e);
    }
  }

  private void sourceError(String cluster, String reported, @Nullable Throwable cause, WatchNotice.Kind kind) {
    String message = redactor.redact(reported);
    if (cause != null) {
      log.warn("Source '{}': {} ({})", cluster, message, redactor.redact(cause.toString()));
      log.debug("Source '{}' error detail", cluster, cause);
    } else {
      log.warn("Source '{}': {}", cluster, message);
    }
    synchronized (gate) {
      if (!done) {
        noticeLocked(kind, EventLevel.WARN, message, cluster);
      }
    }
  }

  private void closeSource() {
    try {
      source.close();
    } catch (RuntimeException e) {
      log.warn("Closing source '{}' failed: {}", source.cluster(), e.toString(), e);
    }
  }

  private Track newTrack(ReleaseKey key) {
    ComponentId id = namer.name(key);
    ReleaseKey owner = owners.putIfAbsent(id, key);
    if (owner != null && !owner.equals(key)) {
      ComponentId unique = ComponentId.qualified(key.cluster(), key.namespace() + "/" + key.name());
      log.warn("{} and {} would share the component id '{}'; {} is reported as '{}'",
          owner, key, id, key, unique);
      owners.putIfAbsent(unique, key);
      id = unique;
    }
    return new Track(key, id, priorStates.get(id));
  }

  /** Per-component state. Written under the gate; read without it on the churn path. */
  private static final class Track {
    final ReleaseKey key;
    final ComponentId id;
    final @Nullable ComponentState prior;
    volatile @Nullable ComponentState state;
    /** Set after {@link #state} so that a reader who sees it also sees the state. */
    volatile boolean observed;
    @Nullable ReleaseObservation last;
    @Nullable Derivation derivation;
    boolean counted;
    boolean failureReported;

    Track(ReleaseKey key, ComponentId id, @Nullable ComponentState prior) {
      this.key = key;
      this.id = id;
      this.prior = prior;
    }
  }

  private final class SourceListener implements ReleaseSource.Listener {
    @Override
    public void upsert(ReleaseObservation observation) {
      try {
        Watcher.this.upsert(observation);
      } catch (RuntimeException e) {
        log.error("Update of {} could not be processed: {}", safeKey(observation), e.toString(), e);
      }
    }

    @Override
    public void delete(ReleaseKey key) {
      try {
        Watcher.this.delete(key);
      } catch (RuntimeException e) {
        log.error("Delete of {} could not be processed: {}", key, e.toString(), e);
      }
    }

    @Override
    public void synced() {
      Watcher.this.synced();
    }

    @Override
    public void error(String cluster, String message, @Nullable Throwable cause) {
      sourceError(cluster, message, cause, WatchNotice.Kind.SOURCE_ERROR);
    }

    @Override
    public void stopped(String cluster, String reason) {
      sourceError(cluster, reason, null, WatchNotice.Kind.SOURCE_STOPPED);
    }

    private String safeKey(ReleaseObservation observation) {
      try {
        return String.valueOf(observation.key());
      } catch (RuntimeException e) {
        return "an object";
      }
    }
  }

  /** Configures a {@link Watcher}. Validates eagerly. */
  public static final class Builder {
    private final ReleaseSource source;
    private @Nullable EventSink sink;
    private @Nullable LaneOptions sinkLane;
    private @Nullable Duration snapshotEvery;
    private EmissionPolicy policy = EmissionPolicy.firstObservationOrTransition();
    private @Nullable StateDeriver deriver;
    private boolean failFast;
    private @Nullable ComponentNamer namer;
    private @Nullable String prefix;
    private ReleaseFilter filter = ReleaseFilter.all();
    private int expectAtLeast = WatcherSettings.DEFAULTS.expectAtLeast();
    private Duration timeout = WatcherSettings.DEFAULTS.timeout();
    private Duration firstSeenTimeout = WatcherSettings.DEFAULTS.firstSeenTimeout();
    private Clock clock = Clock.systemUTC();
    private Scheduler scheduler = Scheduler.shared();
    private boolean continuous;
    private boolean emitDeletions = true;
    private Map<ComponentId, ComponentState> priorStates = Map.of();
    private MessageRedactor redactor = MessageRedactor.defaults();

    private Builder(ReleaseSource source) {
      this.source = Objects.requireNonNull(source, "source must not be null");
    }

    /**
     * The primary sink: called synchronously, in order, on the source's thread, so a slow sink slows the
     * source (the original contract). Optional.
     */
    public Builder sink(EventSink sink) {
      this.sink = Objects.requireNonNull(sink, "sink");
      this.sinkLane = null;
      return this;
    }

    /** The primary sink behind its own {@link DeliveryLane}, like a subscriber's. */
    public Builder sink(EventSink sink, LaneOptions lane) {
      this.sink = Objects.requireNonNull(sink, "sink");
      this.sinkLane = Objects.requireNonNull(lane, "lane");
      return this;
    }

    /**
     * Delivers {@link EventSink#onSnapshot} with the whole {@link Watcher#snapshot()} to every sink every
     * {@code period}, on the {@link #scheduler}, until the watch ends: for idempotent receivers that rebuild
     * from snapshots. Off by default.
     */
    public Builder snapshotEvery(Duration period) {
      this.snapshotEvery = Checks.positive(period, "snapshotEvery");
      return this;
    }

    /** Default {@link EmissionPolicy#firstObservationOrTransition()}. */
    public Builder policy(EmissionPolicy policy) {
      this.policy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** Default {@link FluxHelmReleaseDeriver#instance()}. */
    public Builder deriver(StateDeriver deriver) {
      this.deriver = Objects.requireNonNull(deriver, "deriver");
      return this;
    }

    /**
     * End on the first failed attempt ({@code InstallFailed}, {@code UpgradeFailed}, {@code TestFailed},
     * a remediation) instead of waiting until helm-controller gives up ({@code Stalled=True}): {@link
     * FluxHelmReleaseDeriver#failFast()}. For CI jobs that must not wait out remediation retries; wrong
     * for releases with {@code remediation.retries} or the {@code RetryOnFailure} strategy, which Flux
     * installs on a later attempt. Default {@code false}. Cannot be combined with a custom {@link
     * #deriver}.
     */
    public Builder failFast(boolean failFast) {
      this.failFast = failFast;
      return this;
    }

    /**
     * Default {@link ComponentNamer#releaseName()}, or {@link ComponentNamer#namespaced()} when the source
     * {@linkplain ReleaseSource#spansNamespaces() spans namespaces}. Whatever the namer, two releases never
     * share an id: a release whose id is taken is reported as {@code namespace/name}.
     */
    public Builder namer(ComponentNamer namer) {
      this.namer = Objects.requireNonNull(namer, "namer");
      this.prefix = null;
      return this;
    }

    /** Default {@link ReleaseFilter#all()}. */
    public Builder filter(ReleaseFilter filter) {
      this.filter = Objects.requireNonNull(filter, "filter");
      return this;
    }

    /**
     * Keeps only objects whose name starts with {@code prefix} and strips it from their ids ({@code bp-cilium}
     * becomes {@code cilium}), as the system helmwatch grows out of did.
     */
    public Builder namePrefix(String prefix) {
      Checks.notBlank(prefix, "prefix");
      this.filter = ReleaseFilter.namePrefix(prefix);
      this.namer = null;
      this.prefix = prefix;
      return this;
    }

    /** The watch does not end before this many components were observed. Default 1. */
    public Builder expectAtLeast(int expectAtLeast) {
      if (expectAtLeast < 0) {
        throw new IllegalArgumentException("expectAtLeast must be >= 0, was " + expectAtLeast);
      }
      this.expectAtLeast = expectAtLeast;
      return this;
    }

    /** Overall timeout. Default 60 minutes. */
    public Builder timeout(Duration timeout) {
      this.timeout = Checks.positive(timeout, "timeout");
      return this;
    }

    /** After this long with nothing seen, one warning notice. Default 15 minutes. */
    public Builder firstSeenTimeout(Duration firstSeenTimeout) {
      this.firstSeenTimeout = Checks.positive(firstSeenTimeout, "firstSeenTimeout");
      return this;
    }

    /** Timeouts and the expected count at once, e.g. from {@link WatcherSettings#fromEnvironment}. */
    public Builder settings(WatcherSettings settings) {
      Objects.requireNonNull(settings, "settings");
      this.timeout = settings.timeout();
      this.firstSeenTimeout = settings.firstSeenTimeout();
      this.expectAtLeast = settings.expectAtLeast();
      return this;
    }

    /** The clock that stamps events and notices. Default UTC system clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Runs the timeouts and periodic snapshots. Default {@link Scheduler#shared()}, on which the watcher only
     * hands the work to a thread of its own. Any other scheduler runs the work, which may call the synchronous
     * primary sink, on its own thread.
     */
    public Builder scheduler(Scheduler scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      return this;
    }

    /** Never end on its own (no termination gate, no overall timeout): for daemons. */
    public Builder continuous() {
      this.continuous = true;
      return this;
    }

    /** Emit a {@link ComponentState#REMOVED} event when an object is deleted. Default {@code true}. */
    public Builder emitDeletions(boolean emitDeletions) {
      this.emitDeletions = emitDeletions;
      return this;
    }

    /**
     * States known from before this watcher (for resume). They become the {@linkplain
     * ComponentEvent#previous() previous} state of each component's first event; under the default policy
     * every component is still emitted on its first observation.
     */
    public Builder priorStates(Map<ComponentId, ComponentState> priorStates) {
      Objects.requireNonNull(priorStates, "priorStates");
      priorStates.forEach((k, v) -> {
        Objects.requireNonNull(k, "priorStates key");
        Objects.requireNonNull(v, () -> "priorStates value for " + k);
      });
      this.priorStates = new LinkedHashMap<>(priorStates);
      return this;
    }

    /**
     * Masks credentials in the messages of events, snapshots and notices before any sink sees them. Default
     * {@link MessageRedactor#defaults()}; {@link MessageRedactor#none()} turns redaction off.
     */
    public Builder redactor(MessageRedactor redactor) {
      this.redactor = Objects.requireNonNull(redactor, "redactor");
      return this;
    }

    /**
     * @throws IllegalStateException when {@link #failFast} is combined with a custom {@link #deriver}
     */
    public Watcher build() {
      if (failFast && deriver != null && deriver != FluxHelmReleaseDeriver.failFast()) {
        throw new IllegalStateException(
            "failFast(true) selects FluxHelmReleaseDeriver.failFast(); it cannot be combined with a custom"
                + " deriver, which decides on its own when an attempt is terminal");
      }
      return new Watcher(this);
    }

    private StateDeriver resolveDeriver() {
      if (deriver != null) {
        return deriver;
      }
      return failFast ? FluxHelmReleaseDeriver.failFast() : FluxHelmReleaseDeriver.instance();
    }

    private ComponentNamer resolveNamer() {
      if (namer != null) {
        return namer;
      }
      String p = prefix == null ? "" : prefix;
      return source.spansNamespaces() ? ComponentNamer.namespaced(p) : ComponentNamer.stripPrefix(p);
    }
  }
}
