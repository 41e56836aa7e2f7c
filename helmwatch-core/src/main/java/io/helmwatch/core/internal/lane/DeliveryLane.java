package io.helmwatch.core.internal.lane;

import io.helmwatch.core.ComponentEvent;
import io.helmwatch.core.ComponentLog;
import io.helmwatch.core.ComponentSnapshot;
import io.helmwatch.core.EventSink;
import io.helmwatch.core.LaneOptions;
import io.helmwatch.core.LaneStats;
import io.helmwatch.core.RetryPolicy;
import io.helmwatch.core.sink.RetryableSinkException;
import io.helmwatch.core.WatchNotice;
import io.helmwatch.core.WatchResult;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a sink behind its own queue and thread, so that whoever calls it (a watcher on its source's thread)
 * never waits for it. {@link io.helmwatch.core.Watcher#subscribe} gives each subscriber one; it can also
 * wrap any sink directly.
 *
 * <p><b>Guarantees.</b>
 *
 * <ul>
 *   <li>Calls reach the sink one at a time, on the lane's daemon thread ({@code helmwatch-lane-<name>-<n>}),
 *       in the order they were accepted; when the lane is full, only intermediate states of a component are
 *       skipped (see below), never its newest one, and a notice, snapshot or outcome always arrives after
 *       the events that preceded it. Raw log lines ({@link #onLog}) are queued like events, so a sink sees
 *       a component's lines between the states they were sent between.
 *   <li>Accepting ({@code onEvent} and friends) never blocks on the sink: it holds the lane's lock for an
 *       append and allocates nothing for an event while the lane is below capacity. An append costs constant
 *       time, but for a notice, snapshot or outcome that replaces a queued one on a full lane (see below):
 *       that merges the slots on either side of the replaced one, walking the smaller side, so amortised
 *       {@code O(log K)} per event offered at worst for {@code K} components, never components times queue.
 *   <li>Waking: an idle lane thread spins briefly ({@value #SPIN_NANOS} ns) for the next entry when its last
 *       idle period was that short, so that a burst costs its producer no system call per entry; otherwise,
 *       or when as many lanes spin as the machine has cores less one, it parks, and the producer that finds
 *       it parked wakes it. A producer feeding many lanes may instead owe the wakes and pay one: see {@link
 *       #onEventDeferringWake} and {@link #relayWakeTo}.
 *   <li>Bounded: past {@link LaneOptions#capacity()} queued entries the lane coalesces to the newest event per
 *       component (counted as {@code coalesced}): each component keeps one pending event per stretch between
 *       notices, snapshots and outcomes, merged so that it carries the newest state and, as {@code previous},
 *       the state the sink saw before. A notice, snapshot or outcome accepted while the lane is full replaces
 *       one with the same key (a notice's kind and cluster) that was also accepted while full and is still
 *       queued (counted as {@code coalesced}); the events on both sides of the replaced one then merge per
 *       component, at the earlier place. No event ever overtakes a notice, snapshot or outcome accepted
 *       before it, nor the reverse. The queue never exceeds {@code capacity + (B + 1) * K + B} entries for
 *       {@code K} components and {@code B} kinds of notices (plus snapshot and outcome).
 *       Log lines do not coalesce: one that arrives while the lane holds {@code capacity} entries or more is
 *       dropped, counted as {@code dropped}, and the first such drop is logged at WARN. A line sent once
 *       the lane is closing counts as dropped, as does anything else sent then. A line never takes a state's
 *       place, and the lines that are kept stay in order.
 *   <li>A call that throws (any {@link Throwable}, a {@link StackOverflowError} included, but an {@link
 *       OutOfMemoryError}) is logged with the sink's name, what it was about (the component) and the cause,
 *       and counted as {@code failed}; the lane goes on with the next entry. So is a {@code close()} that
 *       throws. An {@code OutOfMemoryError} ends the lane's thread: the lane then refuses every offer
 *       (counted as {@code dropped}), drops what it holds, tries to close the sink, and reports itself
 *       {@linkplain #isTerminated() terminated}; {@link #flush} and {@link #awaitClosed} return {@code
 *       false} on it. So does a lane whose thread, made by a thread factory, ends without running it. A {@link
 *       RetryableSinkException} is retried with backoff per {@link LaneOptions#retry()} (a longer
 *       {@link RetryableSinkException#retryAfter()} is waited instead, up to the policy's maximum backoff);
 *       after the last retry it counts as failed and is logged at ERROR.
 *   <li>{@link #close()} stops accepting, delivers everything accepted, then calls the sink's {@link
 *       EventSink#close()} on the lane thread. If that takes longer than {@link LaneOptions#closeTimeout()},
 *       the rest is dropped (counted as {@code dropped}), the lane thread is interrupted, and the sink is
 *       closed as soon as its current call returns.
 *   <li>{@link #abort()} stops at once: nothing more is accepted, what is queued is dropped (counted as
 *       {@code dropped}), the call in flight is interrupted and allowed to return, and then the sink is
 *       closed on the lane thread.
 * </ul>
 *
 * <pre>{@code
 * DeliveryLane lane = DeliveryLane.start(mySink, LaneOptions.defaults().withCapacity(64));
 * lane.onEvent(event);   // returns at once
 * lane.close();          // flushes, then closes mySink
 * }</pre>
 */
public final class DeliveryLane implements EventSink {
  private static final Logger log = LoggerFactory.getLogger(DeliveryLane.class);
  private static final AtomicInteger SEQUENCE = new AtomicInteger();
  /** While the lane thread has not started running the lane, waiters look this often whether it died. */
  private static final long START_POLL_NANOS = 10_000_000;
  /**
   * How long an idle lane thread spins for the next entry before it parks, when its last idle period was
   * shorter than that: in a burst (an initial list, a rollout) the producer then never pays the system call
   * that wakes a parked thread, and between sparse events the lane parks at once.
   */
  static final long SPIN_NANOS = 50_000;
  /** At most one core less than the machine has spins at once, across all lanes: spinning never starves it. */
  private static final int MAX_SPINNING = Runtime.getRuntime().availableProcessors() - 1;
  private static final AtomicInteger SPINNING = new AtomicInteger();

  private final EventSink sink;
  private final LaneOptions options;
  private final Thread thread;

  private final ReentrantLock lock = new ReentrantLock();
  /** The lane thread waits here for work, or for the end of a backoff. */
  private final Condition work = lock.newCondition();
  /** Flushers and closers wait here for the lane thread's progress. */
  private final Condition progress = lock.newCondition();
  private final LaneQueue queue;
  private boolean idleWaiting;
  private boolean busy;
  private boolean closing;
  /** Deliver nothing more: an abort, or a close that timed out. */
  private boolean abandoned;
  private boolean aborted;
  /** The lane thread has started running this lane (a factory's thread might die before it does). */
  private boolean running;
  /** The lane thread is done: the sink was closed, or the thread died. */
  private boolean terminated;
  /** The lane thread ended by an error it could not contain, or without ever running the lane. */
  private boolean died;
  private boolean warnedLineDropped;
  /** Entries accepted so far; written under the lock, read by the spinning lane thread without it. */
  private volatile long accepted;
  /** Lane thread only: whether its last idle period was shorter than {@link #SPIN_NANOS}. */
  private boolean spinPaysOff = true;
  /** A caller of {@link #onEventDeferringWake} took on waking the parked thread. Under the lock. */
  private boolean wakeOwed;
  /** The lane this one's thread wakes once it runs ({@link #relayWakeTo}). Under the lock. */
  private @Nullable DeliveryLane relayNext;
  /** Lane thread only: {@link #relayNext} taken under the lock, woken once the lock is released. */
  private @Nullable DeliveryLane relayTaken;

  private final LongAdder delivered = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final LongAdder retried = new LongAdder();
  private final LongAdder dropped = new LongAdder();

  private DeliveryLane(EventSink sink, LaneOptions options) {
    this.sink = Objects.requireNonNull(sink, "sink");
    this.options = Objects.requireNonNull(options, "options");
    this.queue = new LaneQueue(options.capacity());
    ThreadFactory factory = options.threadFactory();
    if (factory == null) {
      this.thread = new Thread(this::run, "helmwatch-lane-" + safeName(sink) + "-" + SEQUENCE.incrementAndGet());
      thread.setDaemon(true);
    } else {
      this.thread = Objects.requireNonNull(factory.newThread(this::run), "the lane's thread factory returned null");
    }
  }

  /** A lane delivering to {@code sink}, its thread started. */
  public static DeliveryLane start(EventSink sink, LaneOptions options) {
    DeliveryLane lane = new DeliveryLane(sink, options);
    lane.thread.start();
    return lane;
  }

  /** The sink this lane delivers to. */
  public EventSink sink() {
    return sink;
  }

  /** Whether the calling thread is this lane's own. */
  public boolean isLaneThread() {
    return Thread.currentThread() == thread;
  }

  public LaneOptions options() {
    return options;
  }

  @Override
  public String name() {
    return safeName(sink);
  }

  @Override
  public void onEvent(ComponentEvent event) {
    offer(Objects.requireNonNull(event, "event"));
  }

  @Override
  public void onNotice(WatchNotice notice) {
    offer(Objects.requireNonNull(notice, "notice"));
  }

  /** Queued in order with the component's events; dropped and counted when the lane is full. */
  @Override
  public void onLog(ComponentLog line) {
    offer(Objects.requireNonNull(line, "line"));
  }

  @Override
  public void onSnapshot(List<ComponentSnapshot> snapshot) {
    offer(new LaneQueue.Snapshot(List.copyOf(snapshot)));
  }

  @Override
  public void onOutcome(WatchResult result) {
    offer(Objects.requireNonNull(result, "result"));
  }

  private void offer(Object item) {
    lock.lock();
    try {
      if (acceptLocked(item) && idleWaiting) {
        work.signal();
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Accepts {@code event} as {@link #onEvent} does, but leaves waking the lane's parked thread to the caller,
   * so that one producer feeding many lanes pays for one wake rather than one per lane (see {@link
   * #relayWakeTo}).
   *
   * @return {@code true} when the lane's thread is parked and the caller now owes it a {@link #wake}, either
   *     its own or relayed by a lane woken before it; {@code false} when nobody needs to wake it (it is
   *     running, or another caller owes the wake already)
   */
  public boolean onEventDeferringWake(ComponentEvent event) {
    Objects.requireNonNull(event, "event");
    lock.lock();
    try {
      if (acceptLocked(event) && idleWaiting && !wakeOwed) {
        wakeOwed = true;
        return true;
      }
      return false;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Asks this lane's thread, whose wake the caller owes and has not paid yet, to wake {@code next} as soon as
   * it runs, before it delivers anything.
   *
   * @return {@code false} when this lane's thread runs already: then the caller wakes {@code next} itself
   */
  public boolean relayWakeTo(DeliveryLane next) {
    lock.lock();
    try {
      if (idleWaiting && wakeOwed && relayNext == null) {
        relayNext = next;
        return true;
      }
      return false;
    } finally {
      lock.unlock();
    }
  }

  /** Wakes the lane's thread if it is parked. */
  public void wake() {
    lock.lock();
    try {
      if (idleWaiting) {
        work.signal();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Queues {@code item} unless the lane is closing or refuses it (counted as dropped); under the lock. */
  private boolean acceptLocked(Object item) {
    if (!running) {
      checkStartedLocked();
    }
    if (closing) {
      // Nothing offered is lost without a trace: what a closing lane refuses is counted as dropped.
      dropped.increment();
      log.debug("Lane '{}' is {}; dropped {}", name(), died ? "dead" : "closing", describe(item));
      return false;
    }
    if (!queue.add(item)) {
      lineDropped((ComponentLog) item);
      return false;
    }
    accepted = accepted + 1; // only written under the lock
    return true;
  }

  private void lineDropped(ComponentLog line) {
    dropped.increment();
    if (!warnedLineDropped) {
      warnedLineDropped = true;
      log.warn("Lane '{}' is full ({} entries); dropped a log line of {} and will count further drops in its"
          + " stats", name(), options.capacity(), line.component());
    } else {
      log.debug("Lane '{}' is full; dropped a log line of {}", name(), line.component());
    }
  }

  /** The lane's counters now. */
  public LaneStats stats() {
    long coalesced;
    long queued;
    lock.lock();
    try {
      coalesced = queue.coalesced();
      queued = queue.size() + (busy ? 1 : 0);
    } finally {
      lock.unlock();
    }
    return new LaneStats(delivered.sum(), coalesced, failed.sum(), retried.sum(), dropped.sum(), queued);
  }

  /**
   * Waits until everything accepted so far has been handed to the sink and the sink returned, up to {@code
   * timeout}. Under a steady stream of new entries this may not happen.
   *
   * @return {@code true} when the lane is idle, or has terminated after a close or an abort (what an abort or
   *     a close timeout dropped is counted in {@link #stats()}); {@code false} when the timeout passed, or when
   *     the lane's thread died (it will deliver nothing more; what it held is counted as dropped)
   */
  public boolean flush(Duration timeout) {
    if (Thread.currentThread() == thread) {
      return false;
    }
    long nanos = timeout.toNanos();
    lock.lock();
    try {
      while (!terminated && !died && (queue.size() > 0 || busy)) {
        if (nanos <= 0) {
          return false;
        }
        nanos = awaitProgress(nanos);
      }
      return !died;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } finally {
      lock.unlock();
    }
  }

  /** Flushes and closes the sink, waiting at most {@link LaneOptions#closeTimeout()}. Idempotent. */
  @Override
  public void close() {
    beginClose();
    awaitClosed(options.closeTimeout());
  }

  /**
   * Stops accepting and lets the lane drain towards closing its sink, without waiting: lets a caller close
   * many lanes in parallel, then {@link #awaitClosed} each.
   */
  public void beginClose() {
    lock.lock();
    try {
      if (!closing) {
        closing = true;
        work.signal();
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits up to {@code timeout} for the lane to deliver what it accepted and close its sink. When time runs
   * out, the rest is dropped and the lane thread interrupted; the sink is closed once its current call
   * returns. Called from the lane's own thread (a sink closing its own subscription), it does not wait.
   *
   * @return {@code true} when the sink was closed within the timeout; {@code false} also when the lane's thread
   *     died (see {@link #isTerminated()})
   */
  public boolean awaitClosed(Duration timeout) {
    beginClose();
    if (Thread.currentThread() == thread) {
      return false;
    }
    long nanos = timeout.toNanos();
    lock.lock();
    try {
      while (!terminated) {
        if (nanos <= 0) {
          abandonLocked(timeout);
          return false;
        }
        nanos = awaitProgress(nanos);
      }
      return !died;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      abandonLocked(timeout);
      return false;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Stops the lane without delivering what it holds: from now on it accepts nothing (later offers count as
   * dropped), drops every queued entry (counted as dropped), starts no new sink call and no further retry,
   * interrupts the sink call in flight, if any, and closes the sink on the lane thread once that call
   * returns. Does not wait: follow with {@link #awaitClosed}. Turns a {@link #close()} under way into an abort;
   * idempotent, and does nothing once the lane has terminated.
   */
  public void abort() {
    lock.lock();
    try {
      if (aborted || terminated || died) {
        return;
      }
      aborted = true;
      closing = true;
      abandoned = true; // from here on the lane thread takes nothing more from the queue and retries nothing
      int left = queue.clear();
      dropped.add(left);
      if (busy) {
        log.info("Lane '{}' aborted: dropped {} queued entries; closing its sink after its current call", name(),
            left);
        thread.interrupt();
      } else {
        log.info("Lane '{}' aborted: dropped {} queued entries; closing its sink", name(), left);
      }
      work.signal();
    } finally {
      lock.unlock();
    }
  }

  /**
   * {@code true} once the lane delivers nothing more: its sink was closed (after {@link #close()} or {@link
   * #abort()}), or its thread died of an {@link OutOfMemoryError} (or, made by a thread factory, ended
   * without running the lane). A dead lane refuses every offer, counting it as dropped.
   */
  public boolean isTerminated() {
    lock.lock();
    try {
      if (!running) {
        checkStartedLocked();
      }
      return terminated || died; // a dying thread may still be closing the sink, but delivers nothing more
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits on {@link #progress} up to {@code nanos}; returns the time left. Until the lane thread runs the lane,
   * nothing would signal its death, so the wait is cut into slices that look for it.
   */
  private long awaitProgress(long nanos) throws InterruptedException {
    if (running) {
      return progress.awaitNanos(nanos);
    }
    long slice = Math.min(nanos, START_POLL_NANOS);
    long left = progress.awaitNanos(slice);
    checkStartedLocked();
    return nanos - (slice - left);
  }

  /** Ends the lane when its thread died before it ran the lane: nothing else would notice. Under the lock. */
  private void checkStartedLocked() {
    if (!running && !terminated && !thread.isAlive()) {
      int left = stopLocked();
      terminated = true;
      log.error("Lane thread of sink '{}' ended without running the lane; it accepts nothing more, dropped {}"
          + " queued entries, and did not close the sink", name(), left);
    }
  }

  /**
   * Marks the lane dead: it refuses every offer from now on, and what it holds is dropped. Under the lock.
   *
   * @return the queued entries dropped
   */
  private int stopLocked() {
    died = true;
    closing = true;
    abandoned = true;
    int left = queue.clear();
    dropped.add(left);
    progress.signalAll();
    return left;
  }

  private void abandonLocked(Duration timeout) {
    if (abandoned) {
      return;
    }
    abandoned = true;
    int left = queue.size() + (busy ? 1 : 0);
    log.warn("Sink '{}' did not finish within {}; dropping {} undelivered entries and closing it after its"
        + " current call", name(), timeout, left);
    work.signal();
    thread.interrupt();
  }

  // ---------------------------------------------------------------- lane thread

  private void run() {
    lock.lock();
    try {
      running = true;
    } finally {
      lock.unlock();
    }
    Throwable death = null;
    try {
      while (true) {
        Object item = next();
        DeliveryLane relay = relayTaken;
        if (relay != null) {
          relayTaken = null;
          relay.wake(); // before delivering: a slow sink must not hold up the lanes woken after this one
        }
        if (item == null) {
          break;
        }
        deliver(item);
        Thread.interrupted(); // an abandon interrupt is spent once the call returned
      }
    } catch (Throwable e) { // an OutOfMemoryError, or an error of the lane's own
      death = e;
      throw e;
    } finally {
      boolean closed = false;
      try {
        if (death != null) {
          died(death);
        }
        closeSink();
        closed = true;
      } finally {
        terminate(closed);
      }
    }
  }

  /** The lane thread is dying of {@code cause}: refuse offers from now on, before trying to close the sink. */
  private void died(Throwable cause) {
    int left;
    lock.lock();
    try {
      if (busy) {
        failed.increment(); // the call that died
        busy = false;
      }
      left = stopLocked();
    } finally {
      lock.unlock();
    }
    log.error("Lane thread of sink '{}' dies of {}; the lane accepts nothing more and dropped {} queued entries",
        name(), cause.toString(), left);
  }

  /** Runs last on the lane thread, whatever killed it: {@code closed} says whether the sink closed normally. */
  private void terminate(boolean closed) {
    lock.lock();
    try {
      if (!closed) {
        stopLocked();
      }
      busy = false;
      terminated = true;
      progress.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private Object next() {
    lock.lock();
    try {
      busy = false;
      progress.signalAll();
      if (queue.size() == 0 && !closing) {
        long idleSince = System.nanoTime();
        if (spinPaysOff) {
          long seen = accepted;
          lock.unlock();
          try {
            spinPaysOff = spinForEntry(seen, idleSince);
          } finally {
            lock.lock();
          }
        }
        if (queue.size() == 0 && !closing) {
          // the wait is decided under the lock, as every offer is: no offer can slip between check and wait
          while (queue.size() == 0 && !closing) {
            idleWaiting = true;
            work.awaitUninterruptibly();
            idleWaiting = false;
          }
          spinPaysOff = System.nanoTime() - idleSince < SPIN_NANOS;
          wakeOwed = false;
          relayTaken = relayNext;
          relayNext = null;
        }
      }
      if (abandoned) {
        dropped.add(queue.clear());
      }
      Object item = queue.poll();
      busy = item != null;
      return item;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Spins up to {@link #SPIN_NANOS} from {@code idleSince} until an entry past {@code seen} is accepted,
   * unless as many lanes as allowed spin already. Called without the lock.
   *
   * @return {@code true} when an entry came in time
   */
  private boolean spinForEntry(long seen, long idleSince) {
    if (!claimSpin()) {
      return true; // not tried: spinning may still pay off next time
    }
    try {
      for (int i = 1; accepted == seen; i++) {
        Thread.onSpinWait();
        if ((i & 63) == 0 && System.nanoTime() - idleSince >= SPIN_NANOS) {
          return false;
        }
      }
      return true;
    } finally {
      SPINNING.decrementAndGet();
    }
  }

  private static boolean claimSpin() {
    for (int n = SPINNING.get(); n < MAX_SPINNING; n = SPINNING.get()) {
      if (SPINNING.compareAndSet(n, n + 1)) {
        return true;
      }
    }
    return false;
  }

  private void deliver(Object item) {
    RetryPolicy retry = options.retry();
    for (int attempt = 0; ; attempt++) {
      try {
        dispatch(item);
        delivered.increment();
        return;
      } catch (RetryableSinkException e) {
        if (attempt < retry.maxRetries() && backoff(delay(retry, attempt, e))) {
          retried.increment();
          log.debug("Sink '{}' will retry {} ({}): {}", name(), describe(item), attempt + 1, e.toString());
          continue;
        }
        failed.increment();
        log.error("Sink '{}' failed on {} after {} retries: {}", name(), describe(item), attempt, e.toString(),
            e);
        return;
      } catch (OutOfMemoryError e) {
        throw e;
      } catch (Throwable e) { // a StackOverflowError too: the stack has unwound, the lane can go on
        failed.increment();
        log.warn("Sink '{}' failed on {}: {}", name(), describe(item), e.toString(), e);
        return;
      }
    }
  }

  /** The policy's backoff, or the sink's {@code Retry-After} when longer, capped at the policy's maximum. */
  static Duration delay(RetryPolicy retry, int attempt, RetryableSinkException e) {
    Duration backoff = retry.backoff(attempt);
    Duration asked = e.retryAfter().orElse(Duration.ZERO);
    if (asked.compareTo(backoff) <= 0) {
      return backoff;
    }
    return asked.compareTo(retry.maxBackoff()) > 0 ? retry.maxBackoff() : asked;
  }

  /** Waits {@code delay} unless the lane is abandoned meanwhile; {@code true} to retry. */
  private boolean backoff(Duration delay) {
    long nanos = delay.toNanos();
    lock.lock();
    try {
      while (nanos > 0 && !abandoned) {
        nanos = work.awaitNanos(nanos);
      }
      return !abandoned;
    } catch (InterruptedException e) {
      return false;
    } finally {
      lock.unlock();
    }
  }

  private void dispatch(Object item) {
    if (item instanceof ComponentEvent event) {
      sink.onEvent(event);
    } else if (item instanceof WatchNotice notice) {
      sink.onNotice(notice);
    } else if (item instanceof ComponentLog line) {
      sink.onLog(line);
    } else if (item instanceof LaneQueue.Snapshot snapshot) {
      sink.onSnapshot(snapshot.components());
    } else {
      sink.onOutcome((WatchResult) item);
    }
  }

  private void closeSink() {
    Thread.interrupted();
    try {
      sink.close();
    } catch (OutOfMemoryError e) {
      throw e;
    } catch (Throwable e) {
      failed.increment();
      log.warn("Sink '{}' failed on close: {}", name(), e.toString(), e);
    }
  }

  private static String describe(Object item) {
    if (item instanceof ComponentEvent event) {
      return "event for " + event.component() + " (" + event.state().wireName() + ")";
    }
    if (item instanceof ComponentLog line) {
      return "log line for " + line.component();
    }
    if (item instanceof WatchNotice notice) {
      return "notice " + notice.kind();
    }
    if (item instanceof LaneQueue.Snapshot snapshot) {
      return "snapshot of " + snapshot.components().size() + " components";
    }
    return "outcome " + ((WatchResult) item).outcome().wireName();
  }

  private static String safeName(EventSink sink) {
    try {
      String name = sink.name();
      return name == null || name.isBlank() ? sink.getClass().getName() : name;
    } catch (OutOfMemoryError e) {
      throw e;
    } catch (Throwable e) {
      return sink.getClass().getName();
    }
  }

  @Override
  public String toString() {
    return "DeliveryLane[" + name() + ", " + stats() + "]";
  }
}
