package io.helmwatch.fabric8;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;

/**
 * Gives the benchmarks the informer item store {@link Fabric8ReleaseSource} uses in lean mode, which is not
 * public API. Lives in the benchmarks module (same package, class path only).
 */
public final class LeanItemStoreAccess {
  private LeanItemStoreAccess() {}

  /** A new lean item store for HelmReleases of {@code apiVersion}. */
  public static ItemStore<GenericKubernetesResource> leanStore(String apiVersion) {
    return new LeanItemStore(apiVersion);
  }
}
