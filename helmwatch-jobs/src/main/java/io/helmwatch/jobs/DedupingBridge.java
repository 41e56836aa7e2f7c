package io.helmwatch.jobs;

import io.helmwatch.core.ComponentEvent;
import io.helmwatch.core.ComponentId;
import io.helmwatch.core.ComponentLog;
import io.helmwatch.core.ComponentSnapshot;
import io.helmwatch.core.ComponentState;
import io.helmwatch.core.Subscription;
import io.helmwatch.core.Watcher;
import io.helmwatch.core.LaneOptions;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Bridge} base that owns the {@code (component, state)} dedupe. Subclasses implement {@link
 * #applyEvent} and {@link #applySeed}, which run only when the component's state differs from the last one
 * applied, and optionally {@link #applyLog}.
 *
 * <p>Calls for one component are serialised (one lock per component), so a subclass can read, change and
 * write a component's row without further locking; different components proceed in parallel. The last
 * applied state is recorded only after the apply returns, so an apply that throws is retried by the next
 * equal event. On a component's first call the subclass's {@link #recoveredState} seeds the dedupe, which
 * is what makes a bridge over a persistent model harmless to re-emissions after a process restart.
 *
 * @since 0.1
 */
public abstract class DedupingBridge implements Bridge {
  private static final Logger log = LoggerFactory.getLogger(DedupingBridge.class);

  private final ConcurrentHashMap<ComponentId, Slot> slots = new ConcurrentHashMap<>();
  private final LongAdder suppressed = new LongAdder();

  /** The dedupe state of one component; its monitor serialises that component's calls. */
  private static final class Slot {
    @Nullable ComponentState last;
    boolean recovered;
  }

  protected DedupingBridge() {}

  @Override
  public final void onEvent(ComponentEvent event) {
    Slot slot = slot(event.component());
    synchronized (slot) {
      if (isDuplicate(slot, event.component(), event.state())) {
        return;
      }
      applyEvent(event);
      slot.last = event.state();
    }
  }

  /**
   * Subscribes this bridge to {@code watcher} and seeds it from the initial list through the same lane as
   * its events, with {@link LaneOptions#defaults()}: the seed is applied on the lane thread, after every
   * event older than it and before every newer one, so a lagging lane never moves a component back to an
   * older state or opens a second execution, and no store write runs on the source's thread.
   *
   * <pre>{@code
   * Subscription jobs = bridge.attach(watcher);   // instead of onInitialListSynced(bridge::seed) + subscribe
   * }</pre>
   *
   * @return the subscription; closing it flushes the lane and closes the bridge
   */
  public final Subscription attach(Watcher watcher) {
    return attach(watcher, LaneOptions.defaults());
  }

  /** Like {@link #attach(Watcher)}, with the lane's capacity, retries and close timeout given. */
  public final Subscription attach(Watcher watcher, LaneOptions options) {
    // The watcher hands the initial list to the lane as a snapshot, and onSnapshot seeds.
    return watcher.subscribeSeeded(this, options);
  }

  /**
   * Applies each component of {@code snapshot} whose state differs from the last one applied. A component
   * that fails is logged and the rest are still applied; the first failure is rethrown at the end.
   */
  @Override
  public final void seed(List<ComponentSnapshot> snapshot) {
    RuntimeException failure = null;
    for (ComponentSnapshot s : snapshot) {
      Slot slot = slot(s.component());
      synchronized (slot) {
        if (isDuplicate(slot, s.component(), s.state())) {
          continue;
        }
        try {
          applySeed(s);
          slot.last = s.state();
        } catch (RuntimeException e) {
          log.warn("Bridge '{}' could not seed {}: {}", name(), s.component(), e.toString());
          if (failure == null) {
            failure = e;
          } else {
            failure.addSuppressed(e);
          }
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /**
   * A snapshot seeds the bridge: it is idempotent, so periodic snapshots only fill gaps. {@link #attach}
   * relies on it to seed from the initial list in order with the events.
   */
  @Override
  public void onSnapshot(List<ComponentSnapshot> snapshot) {
    seed(snapshot);
  }

  /** Routes a raw log line to {@link #applyLog}, serialised with the component's state changes. */
  @Override
  public final void onLog(ComponentLog line) {
    Slot slot = slot(line.component());
    synchronized (slot) {
      recover(slot, line.component());
      applyLog(line);
    }
  }

  /** How many events and seeds the dedupe turned into no-ops. */
  public final long suppressed() {
    return suppressed.sum();
  }

  /** The state the model already holds for {@code component}, or {@code null}; called once per component. */
  protected abstract @Nullable ComponentState recoveredState(ComponentId component);

  /** Applies an event whose state differs from the last one applied for its component. */
  protected abstract void applyEvent(ComponentEvent event);

  /** Applies a snapshot entry whose state differs from the last one applied for its component. */
  protected abstract void applySeed(ComponentSnapshot snapshot);

  /** Applies a raw log line. Default: ignored. */
  protected void applyLog(ComponentLog line) {}

  private Slot slot(ComponentId component) {
    Slot slot = slots.get(component);
    return slot != null ? slot : slots.computeIfAbsent(component, c -> new Slot());
  }

  private boolean isDuplicate(Slot slot, ComponentId component, ComponentState state) {
    recover(slot, component);
    if (slot.last == state) {
      suppressed.increment();
      return true;
    }
    return false;
  }

  private void recover(Slot slot, ComponentId component) {
    if (!slot.recovered) {
      slot.last = recoveredState(component);
      slot.recovered = true;
    }
  }
}
