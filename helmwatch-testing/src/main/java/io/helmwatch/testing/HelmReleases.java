package io.helmwatch.testing;

import io.helmwatch.core.ReleaseKey;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Entry point for {@link HelmRelease} fixtures.
 *
 * @since 0.1
 */
public final class HelmReleases {
  private HelmReleases() {}

  /** Where Flux installs its HelmReleases by default. */
  public static final String FLUX_NAMESPACE = "flux-system";

  /** The default {@code lastTransitionTime} of fixture conditions. */
  public static final Instant DEFAULT_TIME = Instant.parse("2026-01-01T00:00:00Z");

  /**
   * The eleven releases of the original bootstrap kit with their {@code spec.dependsOn} chain, in an order
   * where every release follows its dependencies.
   */
  public static final Map<String, List<String>> BOOTSTRAP_KIT = orderedKit();

  /**
   * A release named {@code name} in {@code flux-system} of the primary cluster, as the API server stores it
   * before helm-controller has seen it: generation 1, {@code status.observedGeneration} -1, no conditions.
   */
  public static HelmRelease named(String name) {
    return new HelmRelease(ReleaseKey.PRIMARY, FLUX_NAMESPACE, name);
  }

  /**
   * A release named {@code name} whose install Helm finished while helm-controller never cleared its
   * in-progress Ready condition: {@link HelmRelease#deployedButReadyNeverCleared()}.
   */
  public static HelmRelease deployedButReadyNeverCleared(String name) {
    return named(name).deployedButReadyNeverCleared();
  }

  /**
   * The {@link #BOOTSTRAP_KIT} as fixtures with no status yet, in dependency order, each with {@code
   * remediation.retries: 3} for install and upgrade, as platform kits commonly set.
   */
  public static List<HelmRelease> bootstrapKit() {
    return BOOTSTRAP_KIT.entrySet().stream()
        .map(e -> named(e.getKey()).dependsOn(e.getValue().toArray(String[]::new)).remediationRetries(3))
        .toList();
  }

  private static Map<String, List<String>> orderedKit() {
    var kit = new java.util.LinkedHashMap<String, List<String>>();
    kit.put("bp-cilium", List.of());
    kit.put("bp-cert-manager", List.of("bp-cilium"));
    kit.put("bp-flux", List.of("bp-cilium"));
    kit.put("bp-crossplane", List.of("bp-flux"));
    kit.put("bp-sealed-secrets", List.of("bp-cert-manager"));
    kit.put("bp-spire", List.of("bp-cert-manager"));
    kit.put("bp-nats-jetstream", List.of("bp-spire"));
    kit.put("bp-openbao", List.of("bp-sealed-secrets", "bp-spire"));
    kit.put("bp-keycloak", List.of("bp-openbao"));
    kit.put("bp-gitea", List.of("bp-keycloak"));
    kit.put("bp-catalyst-platform", List.of("bp-gitea", "bp-nats-jetstream", "bp-crossplane"));
    return java.util.Collections.unmodifiableMap(kit);
  }
}
