package io.helmwatch.core;

import io.helmwatch.core.internal.Checks;
import io.helmwatch.core.internal.engine.WatchConfig;
import io.helmwatch.core.internal.engine.WatchEngine;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

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
 * <p><b>Stuck components.</b> A component that stays {@link ComponentState#INSTALLING installing} or {@link
 * ComponentState#DEGRADED degraded} longer than its threshold ({@link Builder#stuckAfter}; by default twice
 * the release's {@code spec.timeout}, else {@value Builder#DEFAULT_STUCK_AFTER_MINUTES} minutes) gets one
 * {@link WatchNotice.Kind#STUCK} notice per stay, naming it and what its release shows; its next state change
 * ends the stay. {@link ComponentSnapshot#stateSince()} tells how long each component has been in its state.
 *
 * <p><b>Delivery.</b> The primary sink and subscribed sinks see the same events, notices and outcome, in
 * the same order; emission is serialised across components so that no event follows the outcome. The
 * primary sink given to {@link Builder#sink(EventSink)} is called synchronously on the thread that reported
 * the update (or that ran a timer, below), so a slow primary sink slows the source; give it a lane with
 * {@link Builder#sink(EventSink, LaneOptions)} to avoid that. Every {@linkplain #subscribe subscribed} sink
 * has its own delivery lane: its own thread, ordered per component, bounded in memory, isolated from
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
 *
 * @since 0.1
 */
public final class Watcher implements AutoCloseable {
  private final WatchEngine engine;

  private Watcher(WatchEngine engine) {
    this.engine = engine;
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
    return engine.start();
  }

  /** The future {@link #start()} returned. */
  public CompletableFuture<WatchResult> result() {
    return engine.result();
  }

  /**
   * Delivers everything emitted from now on to {@code sink} through its own delivery lane with {@link
   * LaneOptions#defaults()}. Closing the subscription flushes the lane and closes the sink; {@link #close()}
   * does too.
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
    return engine.subscribe(sink, options);
  }

  /**
   * Like {@link #subscribe(EventSink, LaneOptions)}, and once the source's initial list has synced, {@code
   * sink} also gets the {@link #snapshot()} as {@link EventSink#onSnapshot} through its own lane. The
   * snapshot is taken and enqueued under the emission lock, so every event before it in the lane is older
   * and every event after it newer: a bridge seeded from it never applies a stale state over a newer one.
   */
  public Subscription subscribeSeeded(EventSink sink, LaneOptions options) {
    Objects.requireNonNull(sink, "sink");
    Objects.requireNonNull(options, "options");
    return engine.subscribeSeeded(sink, options);
  }

  /**
   * Every observed component as currently known, sorted by id. A component's message and dependencies are
   * those of the observation at its last state change.
   */
  public List<ComponentSnapshot> snapshot() {
    return engine.snapshot();
  }

  /**
   * Runs {@code hook} once with the {@link #snapshot()} when the source's initial list has synced;
   * immediately, on the calling thread, when it already has. A hook that throws is logged.
   */
  public void onInitialListSynced(Consumer<List<ComponentSnapshot>> hook) {
    engine.onInitialListSynced(Objects.requireNonNull(hook, "hook"));
  }

  /** Counters since start. Each only grows, also across a subscription's close. */
  public WatcherStats stats() {
    return engine.stats();
  }

  /**
   * Stops the source, ends an unfinished watch as {@link WatchOutcome#CANCELLED}, flushes every lane (each
   * within its close timeout, all in parallel) and closes every sink after its last delivery.
   *
   * <p>Idempotent and thread-safe: every call returns only once the first has finished (a close racing
   * {@link #start()} leaves the source stopped), except a call from a thread the first close waits for,
   * which returns at once: a lane's thread, a synchronous sink's call, the first close's own thread (a sink's
   * {@code close()} or a result callback) and the thread inside the source's start.
   */
  @Override
  public void close() {
    engine.close();
  }

  /**
   * Stops delivering now, for a replica that must not deliver any more, such as one that lost its lease:
   * like {@link #close()}, but what the lanes hold is dropped (counted in {@link LaneStats#dropped()}), a
   * sink call in progress is interrupted and allowed to return, and no sink is called again but to close it.
   * The watch ends as {@link WatchOutcome#CANCELLED} in {@link #result()}; the outcome is not delivered.
   * During a {@link #close()} it stops that close's flush. Returns as {@link #close()} does.
   */
  public void abort() {
    engine.abort();
  }

  /** Configures a {@link Watcher}. Validates eagerly. */
  public static final class Builder {
    /** The stuck threshold of a release that sets no readable {@code spec.timeout}: {@value} minutes. */
    public static final int DEFAULT_STUCK_AFTER_MINUTES = 10;

    private final ReleaseSource source;
    private @Nullable EventSink sink;
    private @Nullable LaneOptions sinkLane;
    private @Nullable Duration snapshotEvery;
    private @Nullable Duration stuckAfter;
    private EmissionPolicy policy = EmissionPolicy.firstObservationOrTransition();
    private @Nullable StateDeriver deriver;
    private boolean failFast;
    private @Nullable ComponentNamer namer;
    private ReleaseSelection selection = ReleaseSelection.all();
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
     * source. Optional.
     */
    public Builder sink(EventSink sink) {
      this.sink = Objects.requireNonNull(sink, "sink");
      this.sinkLane = null;
      return this;
    }

    /** The primary sink behind its own delivery lane, like a subscriber's. */
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

    /**
     * How long a component may stay {@link ComponentState#INSTALLING installing} or {@link
     * ComponentState#DEGRADED degraded} before the watcher reports it {@linkplain WatchNotice.Kind#STUCK
     * stuck}, for every release. By default each release gets twice its {@code spec.timeout} (a Go duration
     * such as {@code 5m}: helm-controller lets one Helm action run that long, so twice is a whole retry
     * with room), or {@value #DEFAULT_STUCK_AFTER_MINUTES} minutes when it sets none or an unreadable one.
     *
     * <p>A stay is reported once, with one {@link WatchNotice.Kind#STUCK} notice naming the component, the
     * state, how long it has lasted and what the release shows; the next state change ends the stay, and a
     * new stay in either state can be reported again. The check runs on the {@link #scheduler} every few
     * seconds (never more often than a tenth of this threshold), reading one field per component, and only
     * hands work to the watcher's timer thread when a stay is due; a notice is therefore up to one check
     * period late.
     */
    public Builder stuckAfter(Duration stuckAfter) {
      this.stuckAfter = Checks.positive(stuckAfter, "stuckAfter");
      return this;
    }

    /** Default {@link EmissionPolicy#firstObservationOrTransition()}. */
    public Builder policy(EmissionPolicy policy) {
      this.policy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** Default {@link io.helmwatch.core.flux.FluxHelmReleaseDeriver#instance()}. */
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
      return this;
    }

    /** Default {@link ReleaseFilter#all()}. */
    public Builder filter(ReleaseFilter filter) {
      this.filter = Objects.requireNonNull(filter, "filter");
      return this;
    }

    /**
     * Keeps only objects whose name starts with {@code prefix} and strips it from their ids ({@code bp-cilium}
     * becomes {@code cilium}): {@link #selection selection}{@code (ReleaseSelection.namePrefix(prefix))}.
     */
    public Builder namePrefix(String prefix) {
      return selection(ReleaseSelection.namePrefix(prefix));
    }

    /** Which releases to follow and how to name them, as a value shared with the source and the tailer. */
    public Builder selection(ReleaseSelection selection) {
      this.selection = Objects.requireNonNull(selection, "selection");
      this.filter = selection.filter();
      this.namer = null;
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
      return new Watcher(new WatchEngine(new WatchConfig(source, policy, WatchConfig.deriver(deriver, failFast),
          resolveNamer(), filter, new WatcherSettings(timeout, firstSeenTimeout, expectAtLeast), clock, scheduler,
          continuous, emitDeletions, priorStates, snapshotEvery, stuckAfter, redactor, sink, sinkLane)));
    }

    private ComponentNamer resolveNamer() {
      return namer != null ? namer : selection.namer(source.spansNamespaces());
    }
  }
}
