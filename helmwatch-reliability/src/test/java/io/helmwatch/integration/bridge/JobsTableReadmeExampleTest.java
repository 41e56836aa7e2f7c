package io.helmwatch.integration.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.helmwatch.core.WatchResult;
import io.helmwatch.core.Watcher;
import io.helmwatch.jobs.Execution;
import io.helmwatch.jobs.FileJobStore;
import io.helmwatch.jobs.Job;
import io.helmwatch.jobs.JobStore;
import io.helmwatch.jobs.JobsBridge;
import io.helmwatch.jobs.LogLine;
import io.helmwatch.jobs.LogPage;
import io.helmwatch.testing.FakeReleaseSource;
import io.helmwatch.testing.HelmReleases;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's "Jobs table" example, kept compiling and passing. */
class JobsTableReadmeExampleTest {
  @TempDir Path dir;

  @Test
  void readmeExample() {
    FakeReleaseSource source = FakeReleaseSource.create();
    source.applyAll(HelmReleases.bootstrapKit());
    List<String> table = new ArrayList<>();

    // --- README: Jobs table ---
    JobStore store = FileJobStore.open(dir);                       // dir: where the table lives
    JobsBridge bridge = JobsBridge.builder(store, "sovereign-1").build();

    try (Watcher watcher = Watcher.builder(source).namePrefix("bp-").expectAtLeast(11).build()) {
      bridge.attach(watcher);                                      // subscribe + seed, in one lane
      watcher.start();
      HelmReleases.BOOTSTRAP_KIT.keySet().forEach(name -> source.patch(name, r -> r.installed()));
      WatchResult result = watcher.result().join();                // READY
      assertThat(result.outcome()).isEqualTo(io.helmwatch.core.WatchOutcome.READY);
    }

    for (Job job : store.jobs("sovereign-1")) {                     // a UI reads the same store
      table.add(job.name() + " " + job.status().wireName());
      for (Execution e : store.executions("sovereign-1", job.name())) {
        LogPage page = store.lines("sovereign-1", job.name(), e.number(), 0, 50);
        for (LogLine line : page.lines()) {
          table.add("  #" + e.number() + " " + line.message());
        }
      }
    }
    // --- end ---

    assertThat(table).contains("install-cilium succeeded", "install-catalyst-platform succeeded",
        "  #1 [installed] Helm install succeeded for release flux-system/bp-cilium");
  }
}
