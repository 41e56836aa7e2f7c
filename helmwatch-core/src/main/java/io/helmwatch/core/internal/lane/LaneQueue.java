package io.helmwatch.core.internal.lane;

import io.helmwatch.core.ComponentEvent;
import io.helmwatch.core.ComponentId;
import io.helmwatch.core.ComponentLog;
import io.helmwatch.core.ComponentSnapshot;
import io.helmwatch.core.EmissionCause;
import io.helmwatch.core.WatchNotice;
import io.helmwatch.core.WatchResult;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The entries of one {@link DeliveryLane} in delivery order, bounded by coalescing. Not thread-safe: the
 * lane guards it with its lock.
 *
 * <p>Below {@code capacity} entries, every item is appended as it is (an event is stored as itself, so the
 * common path allocates nothing but the deque's amortised growth). At or above capacity the queue is
 * <em>saturated</em>:
 *
 * <ul>
 *   <li>an event goes into its component's <em>open slot</em>: a slot appended at the first such event and
 *       overwritten by later ones, so each component keeps one pending entry holding its newest state;
 *   <li>a notice, snapshot or outcome is a <em>barrier</em>: it closes every open slot, so no event that
 *       followed it can overtake it (a stale snapshot never lands after a newer state). A barrier with the
 *       same key as an earlier saturated barrier (a newer snapshot, another notice of the same kind and
 *       cluster) replaces it, and the slots on both sides of the removed barrier merge.
 * </ul>
 *
 * <p>So while saturated at most one barrier per key and one slot per component between barriers exist:
 * the queue never holds more than {@code capacity + (B + 1) * K + B} entries, where {@code K} is the number
 * of components and {@code B} the number of barrier keys (one for snapshots, one per notice kind and
 * cluster, one for the outcome). Order per component is kept, and every barrier follows the events that
 * preceded it. Dropping below capacity ends saturation.
 */
final class LaneQueue {
  /** A snapshot entry; wrapped so that the lane can tell it from other items. */
  record Snapshot(List<ComponentSnapshot> components) {}

  private static final Object SNAPSHOT_KEY = new Object();
  private static final Object OUTCOME_KEY = new Object();

  private final int capacity;
  private final ArrayDeque<Object> entries = new ArrayDeque<>();
  /** The open slots since the last saturated barrier. */
  private Map<ComponentId, Slot> open = new HashMap<>();
  /** Saturated barriers not yet taken, in queue order; at most one per key. */
  private final List<Barrier> barriers = new ArrayList<>();
  private long coalesced;

  LaneQueue(int capacity) {
    this.capacity = capacity;
  }

  int size() {
    return entries.size();
  }

  long coalesced() {
    return coalesced;
  }

  /**
   * Adds a {@link ComponentEvent}, {@link ComponentLog}, {@link WatchNotice}, {@link WatchResult} or {@link
   * Snapshot}.
   *
   * @return {@code false} only for a log line refused because the queue is saturated
   */
  boolean add(Object item) {
    if (entries.size() < capacity) {
      if (!open.isEmpty() || !barriers.isEmpty()) {
        open.clear();
        barriers.clear();
      }
      entries.addLast(item);
    } else if (item instanceof ComponentEvent event) {
      addSaturated(event);
    } else if (item instanceof ComponentLog) {
      return false;
    } else {
      addBarrier(item);
    }
    return true;
  }

  /** The next item in delivery order, or {@code null} when empty. */
  @Nullable Object poll() {
    Object next = entries.pollFirst();
    if (next instanceof Slot slot) {
      slot.taken = true;
      return slot.event;
    }
    if (next instanceof Barrier barrier) {
      if (!barriers.isEmpty() && barriers.get(0) == barrier) {
        barriers.remove(0);
      }
      return barrier.item;
    }
    return next;
  }

  /** Forgets everything queued; returns how many entries that was. */
  int clear() {
    int n = entries.size();
    entries.clear();
    open.clear();
    barriers.clear();
    return n;
  }

  private void addSaturated(ComponentEvent event) {
    Slot slot = open.get(event.component());
    if (slot != null && !slot.taken) {
      slot.event = merge(slot.event, event);
      coalesced++;
      return;
    }
    slot = new Slot(event);
    open.put(event.component(), slot);
    entries.addLast(slot);
  }

  private void addBarrier(Object item) {
    Object key = keyOf(item);
    for (int i = 0; i < barriers.size(); i++) {
      if (barriers.get(i).key.equals(key)) {
        removeBarrier(i);
        coalesced++;
        break;
      }
    }
    Barrier barrier = new Barrier(key, item, open);
    open = new HashMap<>();
    barriers.add(barrier);
    entries.addLast(barrier);
  }

  /**
   * Removes saturated barrier {@code i} and merges the slots of the epochs before and after it: a component
   * with a slot on both sides keeps the earlier position and the later event. Only slots lie between the
   * two positions, so no barrier is overtaken.
   */
  private void removeBarrier(int i) {
    Barrier old = barriers.remove(i);
    entries.removeFirstOccurrence(old);
    Map<ComponentId, Slot> before = old.openBefore;
    Map<ComponentId, Slot> after = i < barriers.size() ? barriers.get(i).openBefore : open;
    for (Map.Entry<ComponentId, Slot> e : after.entrySet()) {
      Slot earlier = before.get(e.getKey());
      Slot later = e.getValue();
      if (earlier != null && !earlier.taken && !later.taken) {
        earlier.event = merge(earlier.event, later.event);
        entries.removeFirstOccurrence(later);
        e.setValue(earlier);
        coalesced++;
      }
    }
    for (Map.Entry<ComponentId, Slot> e : before.entrySet()) {
      if (!e.getValue().taken) {
        after.putIfAbsent(e.getKey(), e.getValue());
      }
    }
  }

  private static Object keyOf(Object item) {
    if (item instanceof Snapshot) {
      return SNAPSHOT_KEY;
    }
    if (item instanceof WatchNotice notice) {
      return new NoticeKey(notice.kind(), notice.cluster());
    }
    if (item instanceof WatchResult) {
      return OUTCOME_KEY;
    }
    throw new IllegalArgumentException("not a lane item: " + item.getClass().getName());
  }

  /**
   * One event standing for {@code older} followed by {@code newer}: the newest state, message and time,
   * with {@code previous} from the older one (the last state the sink saw or will see before it), so that a
   * receiver counting transitions sees a consistent from/to. It keeps the newer's id, so that it
   * deduplicates against the newer event as another watcher's lane delivered it.
   */
  static ComponentEvent merge(ComponentEvent older, ComponentEvent newer) {
    EmissionCause cause;
    if (older.cause() == EmissionCause.FIRST_OBSERVATION || newer.cause() == EmissionCause.DELETED) {
      cause = older.cause() == EmissionCause.FIRST_OBSERVATION ? EmissionCause.FIRST_OBSERVATION : newer.cause();
    } else {
      cause = older.previous() != newer.state() ? EmissionCause.TRANSITION : EmissionCause.REPEATED;
    }
    return new ComponentEvent(newer.component(), newer.release(), newer.state(), older.previous(), cause,
        newer.level(), newer.message(), newer.time(), newer.dependsOn(), newer.details(), newer.id(), newer.uid());
  }

  private record NoticeKey(WatchNotice.Kind kind, @Nullable String cluster) {}

  private static final class Slot {
    ComponentEvent event;
    boolean taken;

    Slot(ComponentEvent event) {
      this.event = Objects.requireNonNull(event);
    }
  }

  private static final class Barrier {
    final Object key;
    final Object item;
    final Map<ComponentId, Slot> openBefore;

    Barrier(Object key, Object item, Map<ComponentId, Slot> openBefore) {
      this.key = key;
      this.item = item;
      this.openBefore = openBefore;
    }
  }
}
