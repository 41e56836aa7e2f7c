package io.helmwatch.benchmarks;

import java.util.Random;

/**
 * The order in which a churn benchmark replays its updates, independent of what an update is (a parsed
 * object, a JSON frame): every update is an index into a flat array of {@link #items()} pre-built updates.
 *
 * <p>Each component has {@code copies} copies of each of its states. A pass visits every component once, in
 * a fixed shuffled order, so the watcher's per-component state is reached in random order; the next pass
 * uses the next copies. Slot {@code p * components + k} is pass p's k-th update; item {@code state * slots()
 * + slot} is that slot's update in {@code state}.
 *
 * <p>With {@code transitionEvery = n > 0} there are two states, and every n-th update flips its component
 * between them, so later churn of that component carries the new state and exactly one update in n changes
 * the derived state. With {@code 0} there is one state: pure churn.
 */
final class ReplayOrder {
  private final int components;
  private final int transitionEvery;
  private final int slots;
  /** The component of the k-th update of a pass. */
  private final int[] order;
  /** The slot of each component's update in the first pass. */
  private final int[] firstSlot;
  private final byte[] current;
  private int slot;
  private long updates;

  ReplayOrder(int components, int copies, int transitionEvery) {
    if (components < 1 || copies < 1 || transitionEvery < 0) {
      throw new IllegalArgumentException("components " + components + ", copies " + copies
          + ", transitionEvery " + transitionEvery + ": need components >= 1, copies >= 1, transitionEvery >= 0");
    }
    this.components = components;
    this.transitionEvery = transitionEvery;
    this.slots = copies * components;
    this.order = shuffled(components);
    this.firstSlot = new int[components];
    for (int k = 0; k < components; k++) {
      firstSlot[order[k]] = k;
    }
    this.current = new byte[components];
  }

  int components() {
    return components;
  }

  /** 2 with transitions (installed, installing), else 1. */
  int states() {
    return transitionEvery > 0 ? 2 : 1;
  }

  int slots() {
    return slots;
  }

  /** The length of the flat array of updates: {@code states() * slots()}. */
  int items() {
    return states() * slots;
  }

  /** The component a slot updates. */
  int component(int slot) {
    return order[slot % components];
  }

  /** Which copy of its component's updates a slot carries. */
  int copy(int slot) {
    return slot / components;
  }

  /** The item of {@code slot} in {@code state}. */
  int item(int state, int slot) {
    return state * slots + slot;
  }

  /** Component {@code component} in its current state: what the initial list hands over. */
  int initial(int component) {
    return item(current[component], firstSlot[component]);
  }

  /** The item of the next update. */
  int next() {
    int s = slot;
    if (++slot == slots) {
      slot = 0;
    }
    int component = component(s);
    if (transitionEvery > 0 && ++updates % transitionEvery == 0) {
      current[component] ^= 1;
    }
    return item(current[component], s);
  }

  private static int[] shuffled(int n) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Random random = new Random(42);
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }
}
