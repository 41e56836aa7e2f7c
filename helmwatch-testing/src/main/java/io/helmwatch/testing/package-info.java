/**
 * What users put in their own tests: {@link io.helmwatch.testing.HelmReleases} fixtures, a scriptable {@link
 * io.helmwatch.testing.FakeReleaseSource}, a {@link io.helmwatch.testing.RecordingSink} with bounded waits
 * and {@link io.helmwatch.testing.ManualTime} to drive timeouts without waiting, and {@link
 * io.helmwatch.testing.FakeCluster}, an embedded Kubernetes API server that serves HelmReleases over HTTP.
 */
@NullMarked
package io.helmwatch.testing;

import org.jspecify.annotations.NullMarked;
