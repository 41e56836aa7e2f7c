package io.helmwatch.fabric8;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** Records what a callback receives, with bounded waits (no sleeping). */
final class Recorded<T> implements Consumer<T> {
  private final List<T> items = new ArrayList<>();

  @Override
  public synchronized void accept(T item) {
    items.add(item);
    notifyAll();
  }

  synchronized List<T> all() {
    return List.copyOf(items);
  }

  /** Waits until {@code count} items arrived; returns them all. */
  List<T> await(int count, Duration timeout) {
    return awaitAll(items -> items.size() >= count, count + " items", timeout);
  }

  /** Waits until an item matches {@code condition}; returns it. */
  T awaitAny(Predicate<T> condition, String what, Duration timeout) {
    return awaitAll(items -> items.stream().anyMatch(condition), what, timeout).stream().filter(condition)
        .findFirst().orElseThrow();
  }

  synchronized List<T> awaitAll(Predicate<List<T>> condition, String what, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.test(items)) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("Expected " + what + " within " + timeout + "; received " + items);
      }
      try {
        TimeUnit.NANOSECONDS.timedWait(this, left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("Interrupted while waiting for " + what, e);
      }
    }
    return List.copyOf(items);
  }
}
