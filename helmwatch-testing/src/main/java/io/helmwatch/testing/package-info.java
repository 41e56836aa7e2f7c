/**
 * What users put in their own tests: {@link io.helmwatch.testing.HelmReleases} fixtures that write what
 * helm-controller writes, a scriptable {@link io.helmwatch.testing.FakeReleaseSource}, the {@link
 * io.helmwatch.testing.HelmControllerSimulator}, a {@link io.helmwatch.testing.RecordingSink} with bounded
 * waits and {@link io.helmwatch.testing.ManualTime} to drive timeouts without waiting. Needs no test
 * framework and no Kubernetes client: {@code helmwatch-testing-fabric8} adds an embedded API server ({@code
 * FakeCluster}), {@code helmwatch-testing-junit5} the sink contract test.
 */
@NullMarked
package io.helmwatch.testing;

import org.jspecify.annotations.NullMarked;
