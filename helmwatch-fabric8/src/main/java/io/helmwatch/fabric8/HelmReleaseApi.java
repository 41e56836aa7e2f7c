package io.helmwatch.fabric8;

import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

/**
 * The served versions of Flux's {@code helm.toolkit.fluxcd.io} HelmRelease API that a source can watch.
 *
 * @since 0.1
 */
public enum HelmReleaseApi {
  /** {@code helm.toolkit.fluxcd.io/v2}, Flux 2.3 and later (the only one from Flux 2.8). */
  V2("v2"),
  /** {@code helm.toolkit.fluxcd.io/v2beta2}, Flux 2.2 to 2.7. */
  V2BETA2("v2beta2"),
  /** {@code helm.toolkit.fluxcd.io/v2beta1}, Flux before 2.7. */
  V2BETA1("v2beta1");

  /** The API group. */
  public static final String GROUP = "helm.toolkit.fluxcd.io";
  /** The kind. */
  public static final String KIND = "HelmRelease";
  /** The resource name in URLs. */
  public static final String PLURAL = "helmreleases";

  private final String version;

  HelmReleaseApi(String version) {
    this.version = version;
  }

  /** {@code v2}, {@code v2beta2} or {@code v2beta1}. */
  public String version() {
    return version;
  }

  /** {@code helm.toolkit.fluxcd.io/<version>}. */
  public String apiVersion() {
    return GROUP + "/" + version;
  }

  /** The fabric8 context that addresses this version's resources. */
  public ResourceDefinitionContext context() {
    return new ResourceDefinitionContext.Builder()
        .withGroup(GROUP)
        .withVersion(version)
        .withKind(KIND)
        .withPlural(PLURAL)
        .withNamespaced(true)
        .build();
  }
}
