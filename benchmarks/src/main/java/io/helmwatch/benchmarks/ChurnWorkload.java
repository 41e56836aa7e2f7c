package io.helmwatch.benchmarks;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

/**
 * Pre-built HelmReleases, as the informer hands them over, and the order in which a benchmark replays them.
 *
 * <p>Each component has {@value #COPIES} copies of each of its states that differ only in {@code
 * status.lastHandledReconcileAt} and {@code metadata.resourceVersion} (helm-controller's churn: nothing
 * derived changes), replayed in a {@link ReplayOrder}: with {@code transitionEvery = n > 0}, every n-th update
 * flips its component between installed ({@code Ready=True}) and installing ({@code Ready=Unknown/Progressing}).
 *
 * <p>The objects are built in the order they are replayed, so each one is contiguous in memory and follows
 * the previous one. Each is a copy of an object parsed from JSON ({@link RawReleases#renamed}). That is not
 * how a live informer has them: its object was decoded a moment before the handler runs and is still in
 * the core's caches, while here, with 10,000 components, the replayed objects (20,000 or 40,000, far more
 * than the caches hold) are read from memory, which both sides pay alike. {@link DecodeAndHandleBenchmark}
 * measures with freshly decoded objects.
 */
final class ChurnWorkload {
  static final int COPIES = 2;
  /** Ready, Released and TestSuccess: what an installed v2 release typically carries. */
  private static final int EXTRA_CONDITIONS = 2;
  /** Parsed once per state and copy, then copied for each component under its own name. */
  private static final String TEMPLATE = "bp-template";

  private final ReplayOrder order;
  /** Indexed by {@link ReplayOrder} item. */
  private final GenericKubernetesResource[] replay;

  ChurnWorkload(int components, int transitionEvery) {
    this.order = new ReplayOrder(components, COPIES, transitionEvery);
    GenericKubernetesResource[][] templates = new GenericKubernetesResource[order.states()][COPIES];
    for (int copy = 0; copy < COPIES; copy++) {
      templates[0][copy] =
          RawReleases.helmRelease(TEMPLATE, 3, "True", "InstallSucceeded", EXTRA_CONDITIONS, copy);
      if (order.states() == 2) {
        templates[1][copy] =
            RawReleases.helmRelease(TEMPLATE, 3, "Unknown", "Progressing", EXTRA_CONDITIONS, copy);
      }
    }
    this.replay = new GenericKubernetesResource[order.items()];
    for (int s = 0; s < order.slots(); s++) {
      String name = componentName(order.component(s));
      for (int state = 0; state < order.states(); state++) {
        replay[order.item(state, s)] = RawReleases.renamed(templates[state][order.copy(s)], TEMPLATE, name);
      }
    }
  }

  /** The HelmRelease name of component {@code component}; the watchers under test strip {@code bp-}. */
  static String componentName(int component) {
    return "bp-component-" + component;
  }

  /** Component {@code component} in its current state: what the initial list hands over. */
  GenericKubernetesResource initial(int component) {
    return replay[order.initial(component)];
  }

  /**
   * The {@code k}-th release of the initial list, {@code k} from 0 to {@link #components()}: the first pass's
   * order, in which the objects lie in memory, as the items of a list response lie after it was parsed.
   */
  GenericKubernetesResource initialListEntry(int k) {
    return replay[order.initial(order.component(k))];
  }

  int components() {
    return order.components();
  }

  /** The next update. */
  GenericKubernetesResource next() {
    return replay[order.next()];
  }
}
