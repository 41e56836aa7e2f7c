package io.helmwatch.core.internal.engine;

import io.helmwatch.core.ComponentEvent;
import io.helmwatch.core.ComponentSnapshot;
import io.helmwatch.core.EventSink;
import io.helmwatch.core.LaneOptions;
import io.helmwatch.core.WatchNotice;
import io.helmwatch.core.WatchResult;
import io.helmwatch.core.internal.lane.DeliveryLane;
import io.helmwatch.core.internal.lane.WakeRelay;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * The sinks of one watch: hands every event, notice, snapshot and outcome to each delivery in turn.
 * Emission reads the current array of deliveries without a lock (and without an iterator); the array is
 * replaced, never changed, under the registry lock; the registry lock orders a subscribe against {@link #refuseNew}
 * (so that closing sees every subscription it did not refuse) and a removal against {@link #sinkFailures}
 * (so that a removed lane's failures move into the fan-out's own count in one step).
 */
final class Fanout {
  private static final SinkDelivery[] NONE = {};

  private volatile SinkDelivery[] deliveries = NONE;
  private final Object registry = new Object();
  private final LongAdder removedFailures = new LongAdder();
  private volatile boolean closed;

  /** The primary sink: synchronous when {@code lane} is {@code null}. */
  void addPrimary(EventSink sink, @Nullable LaneOptions lane) {
    SinkDelivery delivery = lane == null
        ? SinkDelivery.synchronous(sink, removedFailures, this::remove)
        : SinkDelivery.laned(sink, lane, removedFailures, this::remove);
    synchronized (registry) {
      add(delivery);
    }
  }

  /**
   * A new lane for {@code sink}.
   *
   * @throws IllegalStateException once {@link #refuseNew} was called: then no lane was started
   */
  SinkDelivery subscribe(EventSink sink, LaneOptions options) {
    synchronized (registry) {
      if (closed) {
        throw new IllegalStateException("Watcher is closed");
      }
      SinkDelivery delivery = SinkDelivery.laned(sink, options, removedFailures, this::remove);
      add(delivery);
      return delivery;
    }
  }

  /** Under the registry lock. */
  private void add(SinkDelivery delivery) {
    SinkDelivery[] now = deliveries;
    SinkDelivery[] next = Arrays.copyOf(now, now.length + 1);
    next[now.length] = delivery;
    deliveries = next;
  }

  private void remove(SinkDelivery delivery) {
    synchronized (registry) {
      SinkDelivery[] now = deliveries;
      for (int i = 0; i < now.length; i++) {
        if (now[i] == delivery) {
          SinkDelivery[] next = new SinkDelivery[now.length - 1];
          System.arraycopy(now, 0, next, 0, i);
          System.arraycopy(now, i + 1, next, i, now.length - i - 1);
          deliveries = next;
          removedFailures.add(delivery.laneFailures());
          return;
        }
      }
    }
  }

  /**
   * With more than one delivery, the lanes whose threads are parked are woken in a relay: this thread wakes
   * the first, each woken lane wakes the next before it delivers, so the emitting thread pays for one wake
   * however many lanes there are.
   */
  void event(ComponentEvent event) {
    SinkDelivery[] all = deliveries;
    if (all.length == 1) {
      all[0].event(event);
      return;
    }
    WakeRelay relay = new WakeRelay();
    for (SinkDelivery d : all) {
      DeliveryLane owed = d.eventDeferringWake(event);
      if (owed != null) {
        relay.owe(owed);
      }
    }
    relay.start();
  }

  void notice(WatchNotice notice) {
    for (SinkDelivery d : deliveries) {
      d.notice(notice);
    }
  }

  void snapshot(List<ComponentSnapshot> snapshot) {
    for (SinkDelivery d : deliveries) {
      d.snapshot(snapshot);
    }
  }

  void outcome(WatchResult result) {
    for (SinkDelivery d : deliveries) {
      d.outcome(result);
    }
  }

  /** Every failure so far, of present and removed deliveries: never goes backwards. */
  long sinkFailures() {
    synchronized (registry) {
      long sum = removedFailures.sum();
      for (SinkDelivery d : deliveries) {
        sum += d.laneFailures();
      }
      return sum;
    }
  }

  /** From now on {@link #subscribe} throws. Returns {@code false} when it already did. */
  boolean refuseNew() {
    synchronized (registry) {
      if (closed) {
        return false;
      }
      closed = true;
      return true;
    }
  }

  boolean refusesNew() {
    return closed;
  }

  /** Whether the calling thread is the thread of one of the lanes. */
  boolean isCallerALaneThread() {
    for (SinkDelivery d : deliveries) {
      if (d.isLaneThread()) {
        return true;
      }
    }
    return false;
  }

  /** Every delivery stops: nothing queued is delivered and no sink is called again but to close it. */
  void abortAll() {
    for (SinkDelivery d : deliveries) {
      d.abort();
    }
  }

  /** Flushes and closes every delivery, the lanes in parallel. */
  void closeAll() {
    SinkDelivery[] all = deliveries;
    for (SinkDelivery d : all) {
      d.beginClose();
    }
    for (SinkDelivery d : all) {
      d.close();
    }
  }
}
