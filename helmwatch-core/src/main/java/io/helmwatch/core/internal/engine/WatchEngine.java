package io.helmwatch.core.internal.engine;

import io.helmwatch.core.ComponentEvent;
import io.helmwatch.core.ComponentId;
import io.helmwatch.core.ComponentSnapshot;
import io.helmwatch.core.ComponentState;
import io.helmwatch.core.Derivation;
import io.helmwatch.core.EmissionCause;
import io.helmwatch.core.EmissionPolicy;
import io.helmwatch.core.EventId;
import io.helmwatch.core.EventLevel;
import io.helmwatch.core.EventSink;
import io.helmwatch.core.LaneOptions;
import io.helmwatch.core.MessageRedactor;
import io.helmwatch.core.ReleaseDetails;
import io.helmwatch.core.ReleaseKey;
import io.helmwatch.core.ReleaseObservation;
import io.helmwatch.core.ReleaseSource;
import io.helmwatch.core.Scheduler;
import io.helmwatch.core.StateDeriver;
import io.helmwatch.core.Subscription;
import io.helmwatch.core.WatchNotice;
import io.helmwatch.core.WatchOutcome;
import io.helmwatch.core.WatchResult;
import io.helmwatch.core.Watcher;
import io.helmwatch.core.WatcherSettings;
import io.helmwatch.core.WatcherStats;
import io.helmwatch.core.flux.FluxHelmReleaseDeriver;
import io.helmwatch.core.internal.EventIdHasher;
import io.helmwatch.core.internal.GoDuration;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine behind {@code io.helmwatch.core.Watcher}: the per-update path, emission, the termination gate,
 * timers, snapshots and the initial-list hooks. See the facade's javadoc for the contract.
 *
 * <p>The per-update path reads a component's state without a lock and returns at once for an update the
 * policy suppresses; everything that changes state or emits runs under {@link #gate}, so emission is
 * serialised across components and no event follows the outcome.
 */
public final class WatchEngine {
  /** Under the name users configure: the facade's. */
  private static final Logger log = LoggerFactory.getLogger("io.helmwatch.core.Watcher");
  /** How long a close waits for a source's start in progress on another thread. */
  private static final Duration START_WAIT = Duration.ofSeconds(10);
  /** The stuck threshold of a release without a readable {@code spec.timeout} nor a watcher-wide one. */
  static final Duration DEFAULT_STUCK_AFTER = Duration.ofMinutes(Watcher.Builder.DEFAULT_STUCK_AFTER_MINUTES);
  /** How often the stuck sweep looks at every component, unless a short watcher-wide threshold asks more. */
  static final Duration STUCK_SWEEP = Duration.ofSeconds(5);
  /** A {@code spec.timeout} above this is taken as a typo, not a threshold: the default applies. */
  private static final Duration MAX_SPEC_TIMEOUT = Duration.ofDays(7);

  private final ReleaseSource source;
  private final EmissionPolicy policy;
  private final StateDeriver deriver;
  private final WatcherSettings settings;
  private final Clock clock;
  private final Scheduler scheduler;
  private final TimerWork timerWork;
  private final boolean continuous;
  private final boolean emitDeletions;
  private final @Nullable Duration snapshotEvery;
  private final @Nullable Duration stuckAfter;
  /** Hands the reporting of due stuck stays to the timer work's thread; made once. */
  private final Runnable reportStuck;
  private final MessageRedactor redactor;

  private final ComponentTable table;
  private final TerminationGate termination;
  private final Fanout fanout = new Fanout();
  private final CompletableFuture<WatchResult> result = new CompletableFuture<>();
  private final AtomicBoolean started = new AtomicBoolean();

  private final LongAdder observations = new LongAdder();
  private final LongAdder suppressed = new LongAdder();
  private final LongAdder emitted = new LongAdder();
  private final LongAdder derivationFailures = new LongAdder();

  /** Guards emission, the termination gate and the fields below. */
  private final Object gate = new Object();

  private boolean seenAny;
  private boolean synced;
  private final List<Consumer<List<ComponentSnapshot>>> syncHooks = new ArrayList<>();
  private final List<Scheduler.Cancellable> timers = new ArrayList<>();
  private volatile boolean done;
  /** The thread inside {@code source.start}, while it is. Written under the gate. */
  private volatile @Nullable Thread starting;
  /** The thread of the first {@link #close}. */
  private volatile @Nullable Thread closer;
  /** Opens once the first {@link #close} finished. */
  private final CountDownLatch closed = new CountDownLatch(1);

  public WatchEngine(WatchConfig c) {
    this.source = c.source();
    this.policy = c.policy();
    this.deriver = c.deriver();
    this.settings = c.settings();
    this.clock = c.clock();
    this.scheduler = c.scheduler();
    // the shared timer thread serves every watcher in the JVM: it must never wait for this one's sinks
    this.timerWork = scheduler == Scheduler.shared() ? TimerWork.onOwnThread() : TimerWork.onSchedulerThread();
    this.continuous = c.continuous();
    this.emitDeletions = c.emitDeletions();
    this.snapshotEvery = c.snapshotEvery();
    this.stuckAfter = c.stuckAfter();
    this.reportStuck = timerWork.task(this::reportStuck);
    this.redactor = c.redactor();
    this.table = new ComponentTable(c.namer(), c.filter(), c.priorStates());
    this.termination = new TerminationGate(table, settings.expectAtLeast());
    EventSink primary = c.primarySink();
    if (primary != null) {
      fanout.addPrimary(primary, c.primaryLane());
    }
  }

  public CompletableFuture<WatchResult> start() {
    if (fanout.refusesNew()) {
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
      // the sweep only reads, so it runs on the scheduler's thread; reporting is handed off like other work
      timers.add(scheduler.scheduleAtFixedRate(new GuardedTask(this::sweepStuck), sweepPeriod(stuckAfter)));
      if (done) {
        return result; // a timer or close that ran while scheduling ended the watch
      }
      starting = Thread.currentThread();
    }
    try {
      source.start(new SourceListener());
    } catch (Throwable e) {
      startFinished();
      abandonStart(e);
      throw e;
    }
    if (startFinished()) {
      closeSource(); // a close() or the end of the watch came while the source started: stop what it started
    }
    return result;
  }

  /** The source's start returned or threw: a close waiting for it may go on. Returns whether the watch ended. */
  private boolean startFinished() {
    synchronized (gate) {
      starting = null;
      gate.notifyAll();
      return done;
    }
  }

  /** Nothing of a watch whose source did not start may go on running: no timer fires, nothing is emitted. */
  private void abandonStart(Throwable failure) {
    synchronized (gate) {
      done = true;
      cancelTimersLocked();
    }
    closeSource();
    result.completeExceptionally(failure);
  }

  public CompletableFuture<WatchResult> result() {
    return result;
  }

  public Subscription subscribe(EventSink sink, LaneOptions options) {
    return fanout.subscribe(sink, options);
  }

  /** The snapshot is taken and enqueued under the gate, so it is ordered with the events around it. */
  public Subscription subscribeSeeded(EventSink sink, LaneOptions options) {
    SinkDelivery delivery = fanout.subscribe(sink, options);
    onInitialListSynced(ignored -> {
      synchronized (gate) {
        delivery.snapshot(List.copyOf(snapshotLocked()));
      }
    });
    return delivery;
  }

  public List<ComponentSnapshot> snapshot() {
    synchronized (gate) {
      return snapshotLocked();
    }
  }

  public void onInitialListSynced(Consumer<List<ComponentSnapshot>> hook) {
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

  public WatcherStats stats() {
    return new WatcherStats(observations.sum(), suppressed.sum(), emitted.sum(), derivationFailures.sum(),
        fanout.sinkFailures());
  }

  /**
   * Ends the watch, stops the source and closes every delivery, each after it delivered what it accepted.
   * Whoever calls it and however often, it returns once the first close finished, except on a thread that
   * close itself waits for: a lane's thread, the thread of the first close (a sink's or a callback's close), a
   * thread inside a synchronous sink call and the thread inside the source's start.
   */
  public void close() {
    shutDown(false);
  }

  /**
   * {@link #close()}, but nothing more reaches a sink: what the lanes hold is dropped (counted as dropped),
   * a sink call in progress is interrupted and allowed to return, no sink is called again but to close it,
   * and the {@code CANCELLED} outcome completes the result without being delivered. Turns a close in progress
   * into an abort.
   */
  public void abort() {
    shutDown(true);
  }

  private void shutDown(boolean abort) {
    boolean first = fanout.refuseNew();
    if (abort) {
      fanout.abortAll();
    }
    if (!first) {
      awaitFirstClose();
      return;
    }
    closer = Thread.currentThread();
    // inside a synchronous sink call the gate is held by the emission around it: waiting would release it
    boolean inSinkCall = Thread.holdsLock(gate);
    try {
      WatchResult cancelled = null;
      synchronized (gate) {
        if (!done) {
          cancelled = finishLocked(WatchOutcome.CANCELLED, !abort);
        }
        if (!inSinkCall) {
          awaitStartLocked();
        }
      }
      closeSource();
      fanout.closeAll();
      if (cancelled != null) {
        result.complete(cancelled);
      }
    } finally {
      closed.countDown();
    }
  }

  /** Under the gate: a start in progress on another thread is waited for, so that its source is stopped. */
  private void awaitStartLocked() {
    long deadline = System.nanoTime() + START_WAIT.toNanos();
    Thread s;
    while ((s = starting) != null && s != Thread.currentThread()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        // the start closes its source itself once it returns, as the watch is done
        log.warn("Source '{}' is still starting after {}; it is stopped once its start returns", source.cluster(),
            START_WAIT);
        return;
      }
      try {
        gate.wait(Math.max(1, left / 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void awaitFirstClose() {
    Thread self = Thread.currentThread();
    if (self == closer || self == starting || Thread.holdsLock(gate) || fanout.isCallerALaneThread()) {
      return;
    }
    try {
      closed.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // ---------------------------------------------------------------- per-update path

  private void upsert(ReleaseObservation o) {
    if (done) {
      return;
    }
    Track t = table.getOrAdd(o.key());
    if (t == null) {
      return;
    }
    if (t.observed && recreated(t, o)) {
      // a delete the source never reported (it fell into a dropped watch, and the relist brought the new
      // object as an update): the old release is removed, the new one is a first observation
      delete(o.key());
      t = table.getOrAdd(o.key());
      if (t == null) {
        return;
      }
    }
    observations.increment();
    ComponentState state = null;
    boolean drifted = false;
    Throwable derivationFailure = null;
    // A first observation is always derived in full under the gate, its state with it: no state-only pass.
    if (t.observed) {
      try {
        state = deriver.state(o);
        drifted = deriver.drifted(o);
      } catch (OutOfMemoryError e) {
        throw e;
      } catch (Throwable e) {
        derivationFailure = e;
      }
      // only an unchanged state and drift of an unchanged spec is suppressed here: a change the policy does
      // not emit still moves the state, or the dependencies the termination gate follows, under the gate
      ComponentState known = t.state;
      if (state != null && state == known && o.generation() == t.generation && drifted == t.drifted
          && !policy.shouldEmit(false, known, state)) {
        suppressed.increment();
        return;
      }
    }
    WatchResult finished;
    synchronized (gate) {
      if (done || !table.isCurrent(t)) {
        return;
      }
      finished = applyLocked(t, o, state, drifted, derivationFailure);
    }
    afterFinish(finished);
  }

  /** Whether {@code o} is another object than the one {@code t} last kept: both uids known, and different. */
  private static boolean recreated(Track t, ReleaseObservation o) {
    String kept = t.uid;
    String uid = o.uid();
    return kept != null && uid != null && !kept.equals(uid);
  }

  private void delete(ReleaseKey key) {
    Track t = table.get(key);
    if (t == null) {
      return;
    }
    WatchResult finished;
    synchronized (gate) {
      table.remove(t);
      if (done || !t.observed) {
        return;
      }
      ComponentState previous = t.state;
      termination.recount(t, ComponentState.REMOVED);
      t.stuckAt = Long.MAX_VALUE;
      t.state = ComponentState.REMOVED;
      if (previous != ComponentState.REMOVED && emitDeletions) {
        Derivation d = new Derivation(ComponentState.REMOVED, EventLevel.INFO, "Deleted");
        emitLocked(t, d, previous, EmissionCause.DELETED);
      }
      finished = checkGateLocked();
    }
    afterFinish(finished);
  }

  /**
   * {@code derivedState} is {@code null} when the deriver threw {@code derivationFailure}, or when the state
   * was not derived yet (no failure either): then it comes with the full derivation. {@code derivedDrift} is
   * what the deriver said of drift alongside {@code derivedState}.
   */
  private @Nullable WatchResult applyLocked(Track t, ReleaseObservation o, @Nullable ComponentState derivedState,
      boolean derivedDrift, @Nullable Throwable derivationFailure) {
    Derivation d = null;
    ComponentState state = derivedState;
    boolean drifted = derivedDrift;
    if (state == null) {
      d = derivationFailure != null ? failedDerivation(t, o, derivationFailure) : redacted(t, derive(t, o));
      state = d.state();
      // an object that cannot be derived keeps the drift last known: no correction is reported for it
      drifted = derivationFailure != null ? t.drifted : d.details().drifted();
    }
    boolean first = !t.observed;
    ComponentState previous = first ? t.prior : t.state;
    boolean emit = policy.shouldEmit(first, previous, state);
    if (first) {
      seenAny = true;
    }
    boolean entered = first || t.state != state;
    boolean driftChanged = !first && drifted != t.drifted && state != ComponentState.REMOVED;
    // what the events before a drift change carry: the drift as the sink knew it
    Derivation before = t.derivation;
    Instant driftSinceBefore = t.driftSince;
    if (entered || emit || driftChanged) {
      if (d == null) {
        d = redacted(t, derive(t, o));
      }
      keep(t, o, d);
    } else if (o.generation() != t.generation) {
      List<ReleaseKey> dependsOn = o.dependsOn();
      if (!sameKeys(dependsOn, t.dependsOn)) {
        t.dependsOn = List.copyOf(dependsOn);
      }
      t.generation = o.generation();
      t.observedGeneration = o.observedGeneration();
      keepEvidence(t, o);
      if (t.stuckAt != Long.MAX_VALUE) {
        armStuck(t, o, state); // a new spec.timeout moves the threshold of the stay in progress
      }
    }
    Duration recovered = null;
    if (entered) {
      Instant now = clock.instant();
      t.stateSince = now;
      recovered = episode(t, state, now);
      armStuck(t, o, state);
    }
    termination.recount(t, state);
    t.state = state;
    t.observed = true;
    t.drifted = drifted;
    if (state == ComponentState.REMOVED && !emitDeletions) {
      emit = false;
    }
    if (driftChanged) {
      EmissionCause driftCause = drifted ? EmissionCause.DRIFT_DETECTED : EmissionCause.DRIFT_CORRECTED;
      if (emit && previous != state) {
        // one change each: the transition with the drift it had, then the drift change, so that no event
        // changes both and a lane can tell what its sink saw before each
        ReleaseDetails was = d.details().withDrift(!drifted,
            before != null && !drifted ? before.details().driftSummary() : "");
        emitLocked(t, new Derivation(state, d.level(), d.message(), was), previous,
            cause(state, false, previous), driftSinceBefore, recovered);
        emitLocked(t, d, state, driftCause, t.driftSince, null);
      } else {
        emitLocked(t, d, previous, driftCause, t.driftSince, recovered);
      }
    } else if (emit) {
      emitLocked(t, d, previous, cause(state, first, previous), t.driftSince, recovered);
    } else {
      suppressed.increment();
    }
    return checkGateLocked();
  }

  /**
   * Moves the trouble episode of {@code t}, which just entered {@code state}: returns how long it lasted when
   * {@code state} ends it by {@code installed}, else {@code null}.
   */
  private static @Nullable Duration episode(Track t, ComponentState state, Instant now) {
    Instant since = t.troubledSince;
    switch (state) {
      case DEGRADED, FAILED -> {
        if (since == null) {
          t.troubledSince = now;
        }
        return null;
      }
      case INSTALLED -> {
        t.troubledSince = null;
        return since == null ? null : Duration.between(since, now);
      }
      case REMOVED -> {
        t.troubledSince = null;
        return null;
      }
      default -> {
        return null;
      }
    }
  }

  private static EmissionCause cause(ComponentState state, boolean first, @Nullable ComponentState previous) {
    if (state == ComponentState.REMOVED) {
      return EmissionCause.DELETED;
    }
    if (first) {
      return EmissionCause.FIRST_OBSERVATION;
    }
    return previous != state ? EmissionCause.TRANSITION : EmissionCause.REPEATED;
  }

  private Derivation derive(Track t, ReleaseObservation o) {
    try {
      return deriver.derive(o);
    } catch (OutOfMemoryError e) {
      throw e;
    } catch (Throwable e) {
      return failedDerivation(t, o, e);
    }
  }

  /**
   * Only for a derivation that becomes an event or a snapshot entry: never on the suppressed path. A message
   * equal to the one redacted last for this component is not redacted again.
   */
  private Derivation redacted(Track t, Derivation d) {
    String raw = d.message();
    String message;
    if (raw.equals(t.unredactedMessage) && t.redactedMessage != null) {
      message = t.redactedMessage;
    } else {
      message = redactor.redact(raw);
      t.unredactedMessage = raw;
      t.redactedMessage = message;
    }
    return message.equals(raw) ? d : d.withMessage(message);
  }

  /** {@code a.equals(b)} without an iterator. */
  private static boolean sameKeys(List<ReleaseKey> a, List<ReleaseKey> b) {
    int n = a.size();
    if (b.size() != n) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      if (!a.get(i).equals(b.get(i))) {
        return false;
      }
    }
    return true;
  }

  /** What snapshots, events and the termination gate read later: no copy of the whole observation. */
  private static void keep(Track t, ReleaseObservation o, Derivation d) {
    List<ReleaseKey> dependsOn = o.dependsOn();
    if (!sameKeys(dependsOn, t.dependsOn)) {
      t.dependsOn = List.copyOf(dependsOn);
    }
    int ready = o.indexOfCondition(FluxHelmReleaseDeriver.READY);
    t.readySince = ready >= 0 ? o.conditionLastTransitionTime(ready) : null;
    t.uid = o.uid();
    t.generation = o.generation();
    t.observedGeneration = o.observedGeneration();
    t.derivation = d;
    int drifted = o.indexOfCondition(FluxHelmReleaseDeriver.DRIFTED);
    t.driftSince = drifted >= 0 ? o.conditionLastTransitionTime(drifted) : null;
    keepEvidence(t, o, ready);
  }

  private static void keepEvidence(Track t, ReleaseObservation o) {
    keepEvidence(t, o, o.indexOfCondition(FluxHelmReleaseDeriver.READY));
  }

  /** What a stuck notice cites; read only when the state, the spec or an emission changed. */
  private static void keepEvidence(Track t, ReleaseObservation o, int ready) {
    t.readyStatus = ready >= 0 ? o.conditionStatus(ready) : "";
    t.readyReason = ready >= 0 ? o.conditionReason(ready) : "";
    t.readyMessage = ready >= 0 ? o.conditionMessage(ready) : "";
    t.latestReleaseStatus = o.latestReleaseStatus();
    t.specTimeout = o.timeout();
    t.lastAttemptedGeneration = o.lastAttemptedGeneration();
  }

  // ---------------------------------------------------------------- stuck stays

  /** Whether a stay in {@code state} can be stuck: the controller is still working, or retrying. */
  private static boolean canBeStuck(@Nullable ComponentState state) {
    return state == ComponentState.INSTALLING || state == ComponentState.DEGRADED;
  }

  /**
   * Under the gate, as {@code t} enters {@code state} (or its spec changes during a stay): arms the stay's
   * deadline from {@link Track#stateSince}, or disarms it for a state that is not watched. A stay already
   * reported stays reported.
   */
  private void armStuck(Track t, ReleaseObservation o, ComponentState state) {
    Instant since = t.stateSince;
    if (!canBeStuck(state) || since == null) {
      t.stuckAfter = null;
      t.stuckAt = Long.MAX_VALUE;
      return;
    }
    Duration threshold = stuckAfter;
    boolean fromTimeout = false;
    if (threshold == null) {
      Duration timeout = o.timeout().isEmpty() ? null : GoDuration.parse(o.timeout());
      if (timeout != null && !timeout.isNegative() && !timeout.isZero()
          && timeout.compareTo(MAX_SPEC_TIMEOUT) <= 0) {
        threshold = timeout.multipliedBy(2);
        fromTimeout = true;
      } else {
        threshold = DEFAULT_STUCK_AFTER;
      }
    }
    t.stuckAfter = threshold;
    t.stuckAfterFromTimeout = fromTimeout;
    t.stuckAt = saturatedMillis(since, threshold);
  }

  private static long saturatedMillis(Instant since, Duration threshold) {
    try {
      return Math.addExact(since.toEpochMilli(), threshold.toMillis());
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  /** Every few seconds, or a tenth of a short watcher-wide threshold (not below 10 ms). */
  static Duration sweepPeriod(@Nullable Duration stuckAfter) {
    if (stuckAfter == null) {
      return STUCK_SWEEP;
    }
    Duration tenth = stuckAfter.dividedBy(10);
    Duration floor = Duration.ofMillis(10);
    return tenth.compareTo(STUCK_SWEEP) >= 0 ? STUCK_SWEEP : tenth.compareTo(floor) < 0 ? floor : tenth;
  }

  /**
   * On the scheduler's thread, without the gate: one volatile read per component. Reporting, which calls
   * sinks, is handed to the timer work only when some stay is due.
   */
  private void sweepStuck() {
    if (done) {
      return;
    }
    long now = clock.millis();
    for (Track t : table.all()) {
      if (t.stuckAt <= now) {
        reportStuck.run();
        return;
      }
    }
  }

  /** Under the gate: one {@link WatchNotice.Kind#STUCK} notice for each stay that is due. */
  private void reportStuck() {
    synchronized (gate) {
      if (done) {
        return;
      }
      Instant now = clock.instant();
      long nowMillis = now.toEpochMilli();
      for (Track t : table.all()) {
        if (t.stuckAt > nowMillis || !table.isCurrent(t) || !canBeStuck(t.state)) {
          continue;
        }
        t.stuckAt = Long.MAX_VALUE;
        WatchNotice notice = new WatchNotice(WatchNotice.Kind.STUCK, EventLevel.WARN,
            redactor.redact(StuckMessage.of(t, now)), now, t.key.cluster(), t.id);
        log.warn("{}", notice.message());
        fanout.notice(notice);
      }
    }
  }

  /** Counts every failure; logs the first of each object with what the deriver threw, stack trace included. */
  private Derivation failedDerivation(Track t, ReleaseObservation o, @Nullable Throwable cause) {
    derivationFailures.increment();
    if (!t.failureReported) {
      t.failureReported = true;
      log.warn("Could not derive the state of {}; treating it as degraded until it can be", o.key(), cause);
      noticeLocked(WatchNotice.Kind.MALFORMED_OBJECT, EventLevel.WARN,
          "Could not derive the state of " + o.key(), o.key().cluster());
    }
    return new Derivation(ComponentState.DEGRADED, EventLevel.WARN,
        "State could not be derived; treated as degraded");
  }

  private void emitLocked(Track t, Derivation d, @Nullable ComponentState previous, EmissionCause cause) {
    emitLocked(t, d, previous, cause, t.driftSince, null);
  }

  /**
   * {@code driftSince}: the {@code Drifted} condition's transition time the event's drift line cites;
   * {@code recovered}: {@link ComponentEvent#recovered()}.
   */
  private void emitLocked(Track t, Derivation d, @Nullable ComponentState previous, EmissionCause cause,
      @Nullable Instant driftSince, @Nullable Duration recovered) {
    boolean drifted = d.details().drifted();
    String drift = drifted || cause == EmissionCause.DRIFT_CORRECTED ? EventId.driftLine(drifted, driftSince) : null;
    ComponentEvent event = new ComponentEvent(t.id, t.key, d.state(), previous, cause, d.level(), d.message(),
        clock.instant(), table.dependsOn(t), d.details(), eventId(t, previous, d.state(), drift), t.uid,
        recovered);
    emitted.increment();
    fanout.event(event);
  }

  /**
   * {@link io.helmwatch.core.EventId#of}. From a component's second event on, its release's lines are
   * encoded once per uid and kept; the first is hashed whole, so that an attach, where most components emit
   * once, keeps nothing more per release.
   */
  private static String eventId(Track t, @Nullable ComponentState previous, ComponentState state,
      @Nullable String drift) {
    byte[] lines = t.idLines;
    if (lines == null || !Objects.equals(t.uid, t.idLinesUid)) {
      if (!t.emitted) {
        t.emitted = true;
        return EventIdHasher.of(t.key, t.uid, t.generation, t.observedGeneration, previous, state, drift);
      }
      lines = EventIdHasher.releaseLines(t.key, t.uid);
      t.idLines = lines;
      t.idLinesUid = t.uid;
    }
    return EventIdHasher.of(lines, t.generation, t.observedGeneration, previous, state, drift);
  }

  // ---------------------------------------------------------------- the end of a watch

  private @Nullable WatchResult checkGateLocked() {
    if (continuous || done || !synced || !seenAny) {
      return null;
    }
    WatchOutcome outcome = termination.outcome();
    return outcome == null ? null : finishLocked(outcome);
  }

  private WatchResult finishLocked(WatchOutcome outcome) {
    return finishLocked(outcome, true);
  }

  /** Ends the watch; {@code deliver}: the outcome goes to every sink. */
  private WatchResult finishLocked(WatchOutcome outcome, boolean deliver) {
    done = true;
    cancelTimersLocked();
    Map<ComponentId, ComponentState> states = new HashMap<>();
    for (Track t : table.all()) {
      if (t.observed && t.state != ComponentState.REMOVED) {
        states.put(t.id, t.state);
      }
    }
    WatchResult r = new WatchResult(outcome, states);
    log.debug("Watch ended: {} with {} components", outcome, states.size());
    if (deliver) {
      fanout.outcome(r);
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
          ? "Watch timed out after " + settings.timeout() + " with " + termination.terminal() + " of "
              + termination.counted() + " components terminal"
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
    fanout.notice(new WatchNotice(kind, level, redactor.redact(message), clock.instant(), cluster));
  }

  // ---------------------------------------------------------------- snapshots and sync

  /** Under the gate, so that a snapshot is ordered with the events around it in every lane. */
  private void publishSnapshot() {
    synchronized (gate) {
      if (!done) {
        fanout.snapshot(List.copyOf(snapshotLocked()));
      }
    }
  }

  private List<ComponentSnapshot> snapshotLocked() {
    List<ComponentSnapshot> out = new ArrayList<>(table.size());
    for (Track t : table.all()) {
      Derivation d = t.derivation;
      if (!t.observed || d == null) {
        continue;
      }
      out.add(new ComponentSnapshot(t.id, t.state, t.key, t.readySince, d.message(), table.dependsOn(t),
          d.details(), t.stateSince));
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
    } catch (OutOfMemoryError e) {
      throw e;
    } catch (Throwable e) {
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
    } catch (OutOfMemoryError e) {
      throw e;
    } catch (Throwable e) {
      log.warn("Closing source '{}' failed: {}", source.cluster(), e.toString(), e);
    }
  }

  /** What the source calls. Nothing thrown here reaches the source's thread. */
  private final class SourceListener implements ReleaseSource.Listener {
    @Override
    public void upsert(ReleaseObservation observation) {
      try {
        WatchEngine.this.upsert(observation);
      } catch (OutOfMemoryError e) {
        throw e;
      } catch (Throwable e) {
        log.error("Update of {} could not be processed: {}", safeKey(observation), e.toString(), e);
      }
    }

    @Override
    public void delete(ReleaseKey key) {
      try {
        WatchEngine.this.delete(key);
      } catch (OutOfMemoryError e) {
        throw e;
      } catch (Throwable e) {
        log.error("Delete of {} could not be processed: {}", key, e.toString(), e);
      }
    }

    @Override
    public void synced() {
      WatchEngine.this.synced();
    }

    @Override
    public void error(String cluster, String message, @Nullable Throwable cause) {
      sourceError(cluster, message, cause, WatchNotice.Kind.SOURCE_ERROR);
    }

    @Override
    public void stopped(String cluster, String reason) {
      sourceError(cluster, reason, null, WatchNotice.Kind.SOURCE_STOPPED);
    }

    @Override
    public void recovered(String cluster, String message) {
      String redacted = redactor.redact(message);
      log.info("Source '{}': {}", cluster, redacted);
      synchronized (gate) {
        if (!done) {
          noticeLocked(WatchNotice.Kind.SOURCE_RECOVERED, EventLevel.INFO, redacted, cluster);
        }
      }
    }

    private String safeKey(ReleaseObservation observation) {
      try {
        return String.valueOf(observation.key());
      } catch (RuntimeException e) {
        return "an object";
      }
    }
  }
}
