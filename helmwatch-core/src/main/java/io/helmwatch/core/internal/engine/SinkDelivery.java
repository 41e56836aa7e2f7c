package io.helmwatch.core.internal.engine;

import io.helmwatch.core.ComponentEvent;
import io.helmwatch.core.ComponentSnapshot;
import io.helmwatch.core.EventSink;
import io.helmwatch.core.LaneOptions;
import io.helmwatch.core.LaneStats;
import io.helmwatch.core.Subscription;
import io.helmwatch.core.WatchNotice;
import io.helmwatch.core.WatchResult;
import io.helmwatch.core.internal.lane.DeliveryLane;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sink's registration with a watcher. Either synchronous (the sink is called on the emitting thread,
 * in order; the primary sink's original contract) or behind a {@link DeliveryLane}, whose calls from the
 * watcher only enqueue. Either way a sink failure (any {@code Throwable} but {@code OutOfMemoryError}) is
 * logged with the sink's name, counted, and never reaches the watcher.
 */
final class SinkDelivery implements Subscription {
  private static final Logger log = LoggerFactory.getLogger(SinkDelivery.class);

  private final EventSink sink;
  private final @Nullable DeliveryLane lane;
  /** The lane, or the sink itself when synchronous. */
  private final EventSink target;
  /** The watcher's count of sink failures; it folds a lane's own failures in when it removes the delivery. */
  private final LongAdder watcherFailures;
  private final Consumer<SinkDelivery> onClose;
  private final AtomicBoolean closed = new AtomicBoolean();
  /** Set by {@link #abort}: a synchronous sink is called no more, but to close it. */
  private volatile boolean aborted;
  private final LongAdder delivered = new LongAdder();
  private final LongAdder failed = new LongAdder();

  private SinkDelivery(EventSink sink, @Nullable DeliveryLane lane, LongAdder watcherFailures,
      Consumer<SinkDelivery> onClose) {
    this.sink = sink;
    this.lane = lane;
    this.target = lane != null ? lane : sink;
    this.watcherFailures = watcherFailures;
    this.onClose = onClose;
  }

  static SinkDelivery synchronous(EventSink sink, LongAdder failures, Consumer<SinkDelivery> onClose) {
    return new SinkDelivery(sink, null, failures, onClose);
  }

  static SinkDelivery laned(EventSink sink, LaneOptions options, LongAdder failures,
      Consumer<SinkDelivery> onClose) {
    return new SinkDelivery(sink, DeliveryLane.start(sink, options), failures, onClose);
  }

  void event(ComponentEvent event) {
    if (closed.get() || aborted) {
      return;
    }
    try {
      target.onEvent(event);
      delivered.increment();
    } catch (OutOfMemoryError e) {
      throw e;
    } catch (Throwable e) {
      failed("event for " + event.component(), e);
    }
  }

  /**
   * {@link #event}, but a lane's parked thread is left for the caller to wake ({@link
   * DeliveryLane#onEventDeferringWake}).
   *
   * @return the lane whose wake the caller now owes, or {@code null}
   */
  @Nullable DeliveryLane eventDeferringWake(ComponentEvent event) {
    if (lane == null) {
      event(event);
      return null;
    }
    if (closed.get() || aborted) {
      return null;
    }
    boolean owed = lane.onEventDeferringWake(event);
    delivered.increment();
    return owed ? lane : null;
  }

  void notice(WatchNotice notice) {
    if (closed.get() || aborted) {
      return;
    }
    try {
      target.onNotice(notice);
      delivered.increment();
    } catch (OutOfMemoryError e) {
      throw e;
    } catch (Throwable e) {
      failed("notice " + notice.kind(), e);
    }
  }

  void snapshot(List<ComponentSnapshot> snapshot) {
    if (closed.get() || aborted) {
      return;
    }
    try {
      target.onSnapshot(snapshot);
      delivered.increment();
    } catch (OutOfMemoryError e) {
      throw e;
    } catch (Throwable e) {
      failed("snapshot", e);
    }
  }

  void outcome(WatchResult result) {
    if (closed.get() || aborted) {
      return;
    }
    try {
      target.onOutcome(result);
      delivered.increment();
    } catch (OutOfMemoryError e) {
      throw e;
    } catch (Throwable e) {
      failed("outcome " + result.outcome(), e);
    }
  }

  private void failed(String what, Throwable e) {
    failed.increment();
    watcherFailures.increment();
    log.warn("Sink '{}' failed on {}: {}", sink.name(), what, e.toString(), e);
  }

  /** Failures counted by this sink's lane (not in the watcher's count until it removes this delivery). */
  long laneFailures() {
    return lane != null ? lane.stats().failed() : 0;
  }

  @Override
  public EventSink sink() {
    return sink;
  }

  @Override
  public boolean isActive() {
    return !closed.get() && (lane == null || !lane.isTerminated());
  }

  @Override
  public LaneStats stats() {
    if (lane != null) {
      return lane.stats();
    }
    return new LaneStats(delivered.sum(), 0, failed.sum(), 0, 0, 0);
  }

  @Override
  public boolean flush(Duration timeout) {
    return lane == null || lane.flush(timeout);
  }

  /** Whether the calling thread is this delivery's lane thread. */
  boolean isLaneThread() {
    return lane != null && lane.isLaneThread();
  }

  /**
   * Nothing more is delivered: a lane drops what it holds and interrupts the call in progress; a synchronous
   * sink is not called again. {@link #close()} then closes the sink.
   */
  void abort() {
    aborted = true;
    if (lane != null) {
      lane.abort();
    }
  }

  /** Lets a lane start draining towards close without waiting, so that a watcher closes lanes in parallel. */
  void beginClose() {
    if (lane != null) {
      lane.beginClose();
    }
  }

  /**
   * Stops delivery, lets the lane drain and close its sink (or closes a synchronous sink), then tells the
   * watcher, which removes this delivery. Removal comes last so that the lane's failures, counted until the
   * lane is done, stay visible to {@code Watcher.stats()} until the watcher folds them into its own count.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      if (lane != null) {
        lane.beginClose();
        lane.awaitClosed(lane.options().closeTimeout());
      } else {
        sink.close();
      }
    } catch (OutOfMemoryError e) {
      throw e;
    } catch (Throwable e) {
      failed("close", e);
    } finally {
      onClose.accept(this);
    }
  }
}
