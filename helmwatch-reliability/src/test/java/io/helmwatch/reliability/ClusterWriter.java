package io.helmwatch.reliability;

import io.helmwatch.testing.HelmRelease;
import io.helmwatch.testing.HelmReleaseWriter;
import io.helmwatch.testing.fabric8.FakeCluster;
import java.util.HashSet;
import java.util.Set;

/**
 * Writes what a {@code HelmControllerSimulator} plays into a {@link FakeCluster}, as the API server would
 * see it: a create, a spec change when the generation moves, a status update otherwise. Runs after each
 * write let a test inject faults at chosen points of the rollout.
 */
final class ClusterWriter implements HelmReleaseWriter {

  /** Called after every write with its 0-based index. */
  @FunctionalInterface
  interface AfterWrite {
    void after(int index);
  }

  private final FakeCluster cluster;
  private final AfterWrite afterWrite;
  private final Set<String> created = new HashSet<>();
  private int writes;

  ClusterWriter(FakeCluster cluster, AfterWrite afterWrite) {
    this.cluster = cluster;
    this.afterWrite = afterWrite;
  }

  @Override
  public void write(HelmRelease release) {
    String name = release.name();
    if (created.add(name)) {
      cluster.create(release);
    } else {
      if (release.generation() > cluster.fixture(name).generation()) {
        cluster.bumpGeneration(name);
      }
      cluster.patchStatus(name, current -> release);
    }
    afterWrite.after(writes++);
  }

  int writes() {
    return writes;
  }
}
