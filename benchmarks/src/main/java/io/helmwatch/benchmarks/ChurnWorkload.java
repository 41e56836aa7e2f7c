package io.helmwatch.benchmarks;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.Random;

/**
 * Pre-built HelmReleases, as the informer hands them over, and the order in which a benchmark replays them.
 *
 * <p>Each component has {@value #COPIES} copies of each of its states that differ only in {@code
 * status.lastHandledReconcileAt} and {@code metadata.resourceVersion} (helm-controller's churn: nothing
 * derived changes). Updates visit the components in a fixed shuffled order, one copy after the other. With
 * {@code transitionEvery = n > 0}, every n-th update flips its component between installed ({@code
 * Ready=True}) and installing ({@code Ready=Unknown/Progressing}), and later churn of that component carries
 * the new state, so exactly one update in n changes the derived state.
 */
final class ChurnWorkload {
  static final int COPIES = 2;
  /** Ready, Released and TestSuccess: what an installed v2 release typically carries. */
  private static final int EXTRA_CONDITIONS = 2;

  private final int components;
  private final int transitionEvery;
  /** [component][state 0|1][copy]. */
  private final GenericKubernetesResource[][][] releases;
  private final int[] order;
  private final byte[] current;
  private int position;
  private long updates;

  ChurnWorkload(int components, int transitionEvery) {
    this.components = components;
    this.transitionEvery = transitionEvery;
    int states = transitionEvery > 0 ? 2 : 1;
    this.releases = new GenericKubernetesResource[components][states][COPIES];
    for (int c = 0; c < components; c++) {
      String name = "bp-component-" + c;
      for (int copy = 0; copy < COPIES; copy++) {
        releases[c][0][copy] = RawReleases.helmRelease(name, 3, "True", "InstallSucceeded", EXTRA_CONDITIONS, copy);
        if (states == 2) {
          releases[c][1][copy] = RawReleases.helmRelease(name, 3, "Unknown", "Progressing", EXTRA_CONDITIONS, copy);
        }
      }
    }
    this.order = new int[components];
    for (int i = 0; i < components; i++) {
      order[i] = i;
    }
    Random random = new Random(42);
    for (int i = components - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    this.current = new byte[components];
  }

  /** Every component in its current state once: what the initial list hands over. */
  GenericKubernetesResource initial(int component) {
    return releases[component][current[component]][0];
  }

  int components() {
    return components;
  }

  /** The next update. */
  GenericKubernetesResource next() {
    int component = order[position];
    if (++position == components) {
      position = 0;
    }
    long n = ++updates;
    if (transitionEvery > 0 && n % transitionEvery == 0) {
      current[component] ^= 1;
    }
    return releases[component][current[component]][(int) ((n / components) % COPIES)];
  }
}
