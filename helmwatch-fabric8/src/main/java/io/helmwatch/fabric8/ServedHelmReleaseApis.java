package io.helmwatch.fabric8;

import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscovery;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The versions of {@value HelmReleaseApi#GROUP} an API server serves, as its discovery document {@code GET
 * /apis/helm.toolkit.fluxcd.io} lists them (an {@code APIGroup}, readable by every authenticated user), and
 * the version it prefers. For a CRD the API server prefers the served version of highest priority: {@code v2}
 * over {@code v2beta2} over {@code v2beta1}.
 *
 * <p>What Flux serves: before 2.2 {@code v2beta1}; 2.2 {@code v2beta2} and {@code v2beta1}; 2.3 to 2.6 {@code
 * v2}, {@code v2beta2} and {@code v2beta1}; 2.7 (helm-controller v1.4) {@code v2} and {@code v2beta2}; 2.8
 * (helm-controller v1.5) and later only {@code v2}.
 *
 * <p>{@link #select} is the rule a {@link Fabric8ReleaseSource} follows: an explicit version is watched if it
 * is served, and is an error otherwise; without one, the preferred version is watched.
 *
 * @param versions the served versions in the document's order ({@code v2}, {@code v2beta2}); empty when the
 *     group is not served (no HelmRelease CRD)
 * @param preferredVersion the version the API server prefers, {@code null} when the document names none
 * @since 0.1
 */
public record ServedHelmReleaseApis(List<String> versions, @Nullable String preferredVersion) {
  /** Copies {@code versions}; a blank or repeated version is an {@link IllegalArgumentException}. */
  public ServedHelmReleaseApis {
    versions = List.copyOf(versions);
    if (versions.stream().anyMatch(String::isBlank) || versions.stream().distinct().count() != versions.size()) {
      throw new IllegalArgumentException("served versions must be distinct and non-blank, were " + versions);
    }
  }

  /**
   * Reads the discovery document of {@value HelmReleaseApi#GROUP} ({@code GET /apis/helm.toolkit.fluxcd.io}):
   * one request, on the calling thread. A 404 (Flux not installed) reads as no version served.
   *
   * @throws KubernetesClientException when the request fails otherwise (unreachable, 401, 5xx)
   */
  public static ServedHelmReleaseApis discover(KubernetesClient client) {
    Objects.requireNonNull(client, "client");
    return of(client.getApiGroup(HelmReleaseApi.GROUP));
  }

  /** The document's versions and preferred version; {@code null} (a 404) is no version served. */
  static ServedHelmReleaseApis of(@Nullable APIGroup group) {
    List<String> versions = new ArrayList<>();
    String preferred = null;
    if (group != null) {
      if (group.getVersions() != null) {
        for (GroupVersionForDiscovery v : group.getVersions()) {
          String version = v == null ? null : v.getVersion();
          if (version != null && !version.isBlank() && !versions.contains(version)) {
            versions.add(version);
          }
        }
      }
      GroupVersionForDiscovery p = group.getPreferredVersion();
      preferred = p == null || p.getVersion() == null || p.getVersion().isBlank() ? null : p.getVersion();
    }
    return new ServedHelmReleaseApis(versions, preferred);
  }

  /** Whether the API server serves the group at all: whether a HelmRelease CRD is installed. */
  public boolean groupServed() {
    return !versions.isEmpty();
  }

  /** Whether {@code api} is served. */
  public boolean serves(HelmReleaseApi api) {
    return versions.contains(api.version());
  }

  /**
   * The version to watch without an explicit one: the preferred version if helmwatch reads it, else the
   * newest served version it reads; empty when it reads none of them (or the group is not served).
   */
  public Optional<HelmReleaseApi> preferred() {
    for (HelmReleaseApi api : HelmReleaseApi.values()) {
      if (api.version().equals(preferredVersion) && serves(api)) {
        return Optional.of(api);
      }
    }
    for (HelmReleaseApi api : HelmReleaseApi.values()) {
      if (serves(api)) {
        return Optional.of(api);
      }
    }
    return Optional.empty();
  }

  /**
   * The version to watch: {@code requested} when it is served, the {@linkplain #preferred() preferred} one
   * when {@code requested} is {@code null}.
   *
   * @throws HelmReleaseApiNotServedException when {@code requested} is not served, or without a request when
   *     the group is not served or serves no version helmwatch reads; its message is one line naming the
   *     served versions, e.g. {@code v2beta1 is not served by this cluster (served: v2); helm-controller v1.4
   *     (Flux 2.7) and later no longer serve v2beta1}
   */
  public HelmReleaseApi select(@Nullable HelmReleaseApi requested) {
    if (requested != null) {
      if (!serves(requested)) {
        throw new HelmReleaseApiNotServedException(requested, versions, notServed(requested));
      }
      return requested;
    }
    return preferred().orElseThrow(() -> new HelmReleaseApiNotServedException(null, versions, groupServed()
        ? HelmReleaseApi.GROUP + " is served in " + String.join(", ", versions) + ", none of which helmwatch reads"
            + " (it reads v2, v2beta2 and v2beta1)"
        : HelmReleaseApi.GROUP + " is not served by this cluster; is Flux installed?"));
  }

  private String notServed(HelmReleaseApi requested) {
    String served = groupServed() ? "served: " + String.join(", ", versions) : "no HelmRelease version is served";
    String line = requested.version() + " is not served by this cluster (" + served + ")";
    if (!groupServed()) {
      return line + "; is Flux installed?";
    }
    return line + switch (requested) {
      case V2BETA1 -> "; helm-controller v1.4 (Flux 2.7) and later no longer serve v2beta1";
      case V2BETA2 -> "; helm-controller v1.5 (Flux 2.8) and later no longer serve v2beta2";
      case V2 -> "; Flux before 2.3 serves no v2";
    };
  }
}
