package io.helmwatch.core.internal.lane;

import io.helmwatch.core.ComponentEvent;
import io.helmwatch.core.ComponentId;
import io.helmwatch.core.ComponentLog;
import io.helmwatch.core.ComponentSnapshot;
import io.helmwatch.core.EmissionCause;
import io.helmwatch.core.WatchNotice;
import io.helmwatch.core.WatchResult;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The entries of one {@link DeliveryLane} in delivery order, bounded by coalescing. Not thread-safe: the
 * lane guards it with its lock.
 *
 * <p>A drift change is coalesced like a state change: a slot keeps the newest state and drift, and merging
 * never loses a drift that is still there (see {@link #cancelsOut}).
 *
 * <p>Below {@code capacity} entries, every item is appended as it is (an event is stored as itself, so the
 * common path allocates nothing but the deque's amortised growth). At or above capacity the queue is
 * <em>saturated</em>:
 *
 * <ul>
 *   <li>an event goes into its component's <em>open slot</em>: a slot appended at the first such event and
 *       overwritten by later ones, so each component keeps one pending entry holding its newest state. When
 *       the newest state is the one the sink saw before the slot (a component that degraded and recovered
 *       while queued), the slot is dropped instead: the sink never gets a state twice in a row;
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
 *
 * <p>Cost: an event, and a barrier with a new key, cost constant time. A replaced barrier and a slot merged
 * away are not searched for in the deque but marked dead where they lie, and {@link #poll} skips them; the
 * deque is compacted in one pass once the dead outnumber the live, so it never holds more than twice the
 * bound above plus {@value #COMPACT_AT} entries, for amortised constant cost per dead entry. Merging the two
 * epochs of a replaced barrier walks the smaller one into the larger: a slot moves only into an epoch at least
 * twice the size of its own, so a replacing barrier costs amortised {@code O(log K)} per event offered at worst.
 */
final class LaneQueue {
  /** A snapshot entry; wrapped so that the lane can tell it from other items. */
  record Snapshot(List<ComponentSnapshot> components) {}

  private static final Object SNAPSHOT_KEY = new Object();
  private static final Object OUTCOME_KEY = new Object();
  /** Dead entries the deque may hold beyond the live ones before it is compacted. */
  static final int COMPACT_AT = 64;

  private final int capacity;
  /** Live entries (items, slots, barriers) and dead ones (merged slots, replaced barriers), in order. */
  private final ArrayDeque<Object> entries = new ArrayDeque<>();
  private int live;
  private int dead;
  /** The open slots since the last saturated barrier. */
  private Map<ComponentId, Slot> open = new HashMap<>();
  /** Saturated barriers not yet taken, by key; linked in queue order from {@link #lastBarrier} back. */
  private Map<Object, Barrier> barriers = new HashMap<>();
  private @Nullable Barrier lastBarrier;
  private long coalesced;
  private long visits;

  LaneQueue(int capacity) {
    this.capacity = capacity;
  }

  /** Entries to deliver. */
  int size() {
    return live;
  }

  /** Entries the deque holds, dead ones included. */
  int footprint() {
    return entries.size();
  }

  long coalesced() {
    return coalesced;
  }

  /** Queue and map entries visited by {@link #add} so far: what offers cost beyond constant work. */
  long visits() {
    return visits;
  }

  /**
   * Adds a {@link ComponentEvent}, {@link ComponentLog}, {@link WatchNotice}, {@link WatchResult} or {@link
   * Snapshot}.
   *
   * @return {@code false} only for a log line refused because the queue is saturated
   */
  boolean add(Object item) {
    if (live < capacity) {
      if (!open.isEmpty() || !barriers.isEmpty()) {
        // new maps rather than clear(): clearing a once-large HashMap costs its whole table each time
        open = new HashMap<>();
        barriers = new HashMap<>();
        lastBarrier = null;
      }
      entries.addLast(item);
      live++;
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
    while (true) {
      Object next = entries.pollFirst();
      if (next instanceof Slot slot) {
        if (slot.dead) {
          dead--;
          continue;
        }
        slot.taken = true;
        live--;
        return slot.event;
      }
      if (next instanceof Barrier barrier) {
        if (barrier.dead) {
          dead--;
          continue;
        }
        if (barriers.get(barrier.key) == barrier) {
          barriers.remove(barrier.key);
          unlink(barrier);
        }
        live--;
        return barrier.item;
      }
      if (next != null) {
        live--;
      }
      return next;
    }
  }

  /** Forgets everything queued; returns how many entries were to be delivered. */
  int clear() {
    int n = live;
    entries.clear();
    live = 0;
    dead = 0;
    open = new HashMap<>();
    barriers = new HashMap<>();
    lastBarrier = null;
    return n;
  }

  private void addSaturated(ComponentEvent event) {
    Slot slot = open.get(event.component());
    if (slot != null && !slot.taken) {
      if (cancelsOut(slot.event, slot.driftBefore, event)) {
        kill(slot);
        open.remove(event.component());
        coalesced += 2;
        if (dead > live + COMPACT_AT) {
          compact();
        }
      } else {
        slot.event = merge(slot.event, slot.driftBefore, event);
        coalesced++;
      }
      return;
    }
    slot = new Slot(event);
    open.put(event.component(), slot);
    entries.addLast(slot);
    live++;
  }

  private void addBarrier(Object item) {
    Object key = keyOf(item);
    Barrier replaced = barriers.remove(key);
    if (replaced != null) {
      removeBarrier(replaced);
      coalesced++;
    }
    Barrier barrier = new Barrier(key, item, open);
    open = new HashMap<>();
    barrier.previous = lastBarrier;
    if (lastBarrier != null) {
      lastBarrier.next = barrier;
    }
    lastBarrier = barrier;
    barriers.put(key, barrier);
    entries.addLast(barrier);
    live++;
    if (dead > live + COMPACT_AT) {
      compact();
    }
  }

  /**
   * Marks saturated barrier {@code old} dead and merges the slots of the epochs before and after it: a
   * component with a slot on both sides keeps the earlier position and the later event. Only slots lie
   * between the two positions, so no barrier is overtaken.
   */
  private void removeBarrier(Barrier old) {
    old.dead = true;
    live--;
    dead++;
    Barrier following = old.next;
    unlink(old);
    Map<ComponentId, Slot> after = following != null ? following.openBefore : open;
    Map<ComponentId, Slot> merged = mergeEpochs(old.openBefore, after);
    if (following != null) {
      following.openBefore = merged;
    } else {
      open = merged;
    }
  }

  /**
   * The slots of two adjacent epochs as one; walks the smaller map, and returns the larger one, updated. The
   * maps never hold a dead slot: a slot that dies leaves its map.
   */
  private Map<ComponentId, Slot> mergeEpochs(Map<ComponentId, Slot> before, Map<ComponentId, Slot> after) {
    if (before.size() <= after.size()) {
      for (Map.Entry<ComponentId, Slot> e : before.entrySet()) {
        visits++;
        Slot earlier = e.getValue();
        if (earlier.taken) {
          continue;
        }
        Slot later = after.get(e.getKey());
        if (later == null) {
          after.put(e.getKey(), earlier);
        } else if (!later.taken) {
          if (absorb(earlier, later)) {
            after.put(e.getKey(), earlier);
          } else {
            after.remove(e.getKey());
          }
        }
      }
      return after;
    }
    for (Map.Entry<ComponentId, Slot> e : after.entrySet()) {
      visits++;
      Slot later = e.getValue();
      Slot earlier = before.get(e.getKey());
      if (earlier != null && !earlier.taken && !later.taken) {
        if (!absorb(earlier, later)) {
          before.remove(e.getKey());
        }
      } else {
        before.put(e.getKey(), later);
      }
    }
    return before;
  }

  /**
   * Folds {@code later}'s event into {@code earlier}, which keeps its place; {@code later} is dead, and so is
   * {@code earlier} when the two cancel out.
   *
   * @return whether {@code earlier} lives on
   */
  private boolean absorb(Slot earlier, Slot later) {
    kill(later);
    coalesced++;
    if (cancelsOut(earlier.event, earlier.driftBefore, later.event)) {
      kill(earlier);
      coalesced++;
      return false;
    }
    earlier.event = merge(earlier.event, earlier.driftBefore, later.event);
    return true;
  }

  private void kill(Slot slot) {
    slot.dead = true;
    live--;
    dead++;
  }

  /**
   * Whether {@code newer} undoes {@code older}: transitions or drift changes that lead back to the state and
   * the drift the sink saw before {@code older} ({@code driftBefore}). Delivering their merge would repeat
   * what the sink knows, so neither is delivered: a drift detected and corrected while queued never reaches
   * the sink, while a drift that outlives a transition and its undoing does.
   */
  static boolean cancelsOut(ComponentEvent older, boolean driftBefore, ComponentEvent newer) {
    return undoable(older.cause()) && undoable(newer.cause()) && older.previous() == newer.state()
        && driftBefore == newer.details().drifted();
  }

  private static boolean undoable(EmissionCause cause) {
    return cause == EmissionCause.TRANSITION || cause.isDrift();
  }

  /**
   * The drift the sink saw before {@code event}: the watcher reports every drift change in an event of its
   * own ({@link EmissionCause#isDrift()}), so any other event carries the drift that preceded it.
   */
  static boolean driftBefore(ComponentEvent event) {
    return switch (event.cause()) {
      case DRIFT_DETECTED -> false;
      case DRIFT_CORRECTED -> true;
      default -> event.details().drifted();
    };
  }

  private void unlink(Barrier barrier) {
    if (barrier.previous != null) {
      barrier.previous.next = barrier.next;
    }
    if (barrier.next != null) {
      barrier.next.previous = barrier.previous;
    }
    if (lastBarrier == barrier) {
      lastBarrier = barrier.previous;
    }
    barrier.previous = null;
    barrier.next = null;
  }

  /** Drops the dead entries from the deque in one pass. */
  private void compact() {
    visits += entries.size();
    entries.removeIf(LaneQueue::isDead);
    dead = 0;
  }

  private static boolean isDead(Object entry) {
    return entry instanceof Slot slot ? slot.dead : entry instanceof Barrier barrier && barrier.dead;
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
  static ComponentEvent merge(ComponentEvent older, boolean driftBefore, ComponentEvent newer) {
    EmissionCause cause;
    if (older.cause() == EmissionCause.FIRST_OBSERVATION || newer.cause() == EmissionCause.DELETED) {
      cause = older.cause() == EmissionCause.FIRST_OBSERVATION ? EmissionCause.FIRST_OBSERVATION : newer.cause();
    } else if (older.previous() != newer.state()) {
      cause = EmissionCause.TRANSITION;
    } else if (driftBefore != newer.details().drifted()) {
      cause = newer.details().drifted() ? EmissionCause.DRIFT_DETECTED : EmissionCause.DRIFT_CORRECTED;
    } else {
      cause = EmissionCause.REPEATED;
    }
    return new ComponentEvent(newer.component(), newer.release(), newer.state(), older.previous(), cause,
        newer.level(), newer.message(), newer.time(), newer.dependsOn(), newer.details(), newer.id(), newer.uid(),
        newer.recovered());
  }

  private record NoticeKey(WatchNotice.Kind kind, @Nullable String cluster) {}

  private static final class Slot {
    ComponentEvent event;
    /** The drift the sink saw before this slot's first event. */
    final boolean driftBefore;
    /** Polled: later events of the component need a new slot. */
    boolean taken;
    /** Merged into an earlier slot of its component, or cancelled out; skipped by {@link #poll}. */
    boolean dead;

    Slot(ComponentEvent event) {
      this.event = Objects.requireNonNull(event);
      this.driftBefore = driftBefore(event);
    }
  }

  private static final class Barrier {
    final Object key;
    final Object item;
    /** The slots of the epoch that ends at this barrier. */
    Map<ComponentId, Slot> openBefore;
    /** Replaced by a newer barrier of its key; skipped by {@link #poll}. */
    boolean dead;
    @Nullable Barrier previous;
    @Nullable Barrier next;

    Barrier(Object key, Object item, Map<ComponentId, Slot> openBefore) {
      this.key = key;
      this.item = item;
      this.openBefore = openBefore;
    }
  }
}
