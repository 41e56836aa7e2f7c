package io.helmwatch.fabric8.internal;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Tells when {@code synced()} may be reported. The informer's start future completes once the initial list
 * is in its store, but (with fabric8 8's cached first list) possibly before the handler thread has delivered
 * it. So the sync waits until every key in the store at that moment has been through the handler; the keys
 * are tracked only until then.
 */
final class InitialListSync {
  private final Object lock = new Object();
  private volatile boolean done;
  private @Nullable Set<String> pending;
  private final Set<String> seenBeforeList = new HashSet<>();

  /** {@code true} once the sync was complete; then nothing more is tracked. */
  boolean isDone() {
    return done;
  }

  /**
   * The initial list is in the informer's store, which holds {@code keysInStore}; {@code true} when this
   * completes the sync (every one of them was handled already).
   */
  boolean listCompleted(Collection<String> keysInStore) {
    synchronized (lock) {
      if (done) {
        return false;
      }
      Set<String> waiting = new HashSet<>(keysInStore);
      waiting.removeAll(seenBeforeList);
      seenBeforeList.clear();
      pending = waiting;
      done = waiting.isEmpty();
      return done;
    }
  }

  /** The object of {@code key} went through the handler; {@code true} when this completes the sync. */
  boolean handled(String key) {
    synchronized (lock) {
      if (done) {
        return false;
      }
      Set<String> waiting = pending;
      if (waiting == null) {
        seenBeforeList.add(key);
        return false;
      }
      waiting.remove(key);
      done = waiting.isEmpty();
      return done;
    }
  }
}
