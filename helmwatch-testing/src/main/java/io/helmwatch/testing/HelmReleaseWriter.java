package io.helmwatch.testing;

/**
 * Where a {@link HelmControllerSimulator} writes: {@code FakeReleaseSource::apply}, or a fake API server
 * that creates the object or updates its spec and status to match.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface HelmReleaseWriter {
  void write(HelmRelease release);
}
