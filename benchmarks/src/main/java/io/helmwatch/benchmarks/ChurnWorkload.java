package io.helmwatch.benchmarks;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.Random;

/**
 * Pre-built HelmReleases, as the informer hands them over, and the order in which a benchmark replays them.
 *
 * <p>Each component has {@value #COPIES} copies of each of its states that differ only in {@code
 * status.lastHandledReconcileAt} and {@code metadata.resourceVersion} (helm-controller's churn: nothing
 * derived changes). A pass visits every component once, in a fixed shuffled order, so the watcher's
 * per-component state is reached in random order; the next pass uses the next copies.
 *
 * <p>The objects are built in the order they are replayed, so each one is contiguous in memory and follows
 * the previous one, as a freshly parsed object follows the informer's previous one: what a handler reads is
 * then about as cache-friendly as in an informer, where it was parsed a moment before. Each is a copy of
 * an object parsed from JSON ({@link RawReleases#renamed}). (Replaying objects
 * scattered over a large heap instead would measure cache misses on the input, which both sides pay alike.)
 *
 * <p>With {@code transitionEvery = n > 0}, every n-th update flips its component between installed ({@code
 * Ready=True}) and installing ({@code Ready=Unknown/Progressing}), and later churn of that component carries
 * the new state, so exactly one update in n changes the derived state.
 */
final class ChurnWorkload {
  static final int COPIES = 2;
  /** Ready, Released and TestSuccess: what an installed v2 release typically carries. */
  private static final int EXTRA_CONDITIONS = 2;
  /** Parsed once per state and copy, then copied for each component under its own name. */
  private static final String TEMPLATE = "bp-template";

  private final int components;
  private final int transitionEvery;
  /** [state 0|1][slot]: slot {@code p * components + k} is pass p's k-th update. */
  private final GenericKubernetesResource[][] replay;
  /** The component of the k-th update of a pass. */
  private final int[] order;
  /** The slot of each component's update in the first pass. */
  private final int[] firstSlot;
  private final byte[] current;
  private int slot;
  private long updates;

  ChurnWorkload(int components, int transitionEvery) {
    this.components = components;
    this.transitionEvery = transitionEvery;
    this.order = shuffled(components);
    this.firstSlot = new int[components];
    for (int k = 0; k < components; k++) {
      firstSlot[order[k]] = k;
    }
    int states = transitionEvery > 0 ? 2 : 1;
    GenericKubernetesResource[][] templates = new GenericKubernetesResource[states][COPIES];
    for (int copy = 0; copy < COPIES; copy++) {
      templates[0][copy] =
          RawReleases.helmRelease(TEMPLATE, 3, "True", "InstallSucceeded", EXTRA_CONDITIONS, copy);
      if (states == 2) {
        templates[1][copy] =
            RawReleases.helmRelease(TEMPLATE, 3, "Unknown", "Progressing", EXTRA_CONDITIONS, copy);
      }
    }
    this.replay = new GenericKubernetesResource[states][COPIES * components];
    for (int s = 0; s < replay[0].length; s++) {
      String name = "bp-component-" + order[s % components];
      for (int state = 0; state < states; state++) {
        replay[state][s] = RawReleases.renamed(templates[state][s / components], TEMPLATE, name);
      }
    }
    this.current = new byte[components];
  }

  /** Component {@code component} in its current state: what the initial list hands over. */
  GenericKubernetesResource initial(int component) {
    return replay[current[component]][firstSlot[component]];
  }

  /**
   * The {@code k}-th release of the initial list, {@code k} from 0 to {@link #components()}: the first pass's
   * order, in which the objects lie in memory, as the items of a list response lie after it was parsed.
   */
  GenericKubernetesResource initialListEntry(int k) {
    return replay[current[order[k]]][k];
  }

  int components() {
    return components;
  }

  /** The next update. */
  GenericKubernetesResource next() {
    int s = slot;
    if (++slot == replay[0].length) {
      slot = 0;
    }
    int component = order[s % components];
    if (transitionEvery > 0 && ++updates % transitionEvery == 0) {
      current[component] ^= 1;
    }
    return replay[current[component]][s];
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
