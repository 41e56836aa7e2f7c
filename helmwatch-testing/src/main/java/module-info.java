/**
 * helmwatch testing: fakes ({@link io.helmwatch.testing.FakeReleaseSource}), fixtures that write what
 * helm-controller writes ({@link io.helmwatch.testing.HelmRelease}, {@link io.helmwatch.testing.HelmReleases}),
 * the {@link io.helmwatch.testing.HelmControllerSimulator}, a {@link io.helmwatch.testing.RecordingSink} with
 * waits and {@link io.helmwatch.testing.ManualTime}. No JUnit, no Kubernetes client.
 */
module io.helmwatch.testing {
  requires transitive io.helmwatch.core;
  requires static org.jspecify;

  exports io.helmwatch.testing;
}
