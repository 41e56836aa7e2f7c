/**
 * {@link io.helmwatch.testing.fabric8.FakeCluster}: fabric8's mock Kubernetes API server in CRUD mode with
 * the HelmRelease CRD (v2, v2beta2, v2beta1) and its status subresource, fed by {@code helmwatch-testing}'s
 * fixtures and simulator, for tests that go through a real Kubernetes client over HTTP.
 */
@NullMarked
package io.helmwatch.testing.fabric8;

import org.jspecify.annotations.NullMarked;
