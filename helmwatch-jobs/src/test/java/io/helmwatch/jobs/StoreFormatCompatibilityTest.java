package io.helmwatch.jobs;

import static io.helmwatch.jobs.SampleRollout.DEPLOYMENT;
import static io.helmwatch.jobs.SampleRollout.EDGE;
import static org.assertj.core.api.Assertions.assertThat;

import io.helmwatch.core.ComponentState;
import io.helmwatch.core.EventLevel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files written by an earlier version of the store stay readable: {@code src/test/data/store-format-1/} is
 * {@link SampleRollout} as the first, hand-written JSON writer of {@link FileJobStore} wrote it.
 */
class StoreFormatCompatibilityTest {
  private static final Path SAMPLE = Path.of("src/test/data/store-format-1");

  @TempDir Path root;

  @Test
  void filesOfTheFirstWriterReadBackAsTheRolloutThatWroteThem() throws IOException {
    copySample();
    InMemoryJobStore expected = new InMemoryJobStore();
    SampleRollout.write(expected);

    FileJobStore store = FileJobStore.open(root);

    assertSameTable(store, expected);
  }

  @Test
  void theMessageThatNeedsEveryEscapeReadsBackCharForChar() throws IOException {
    copySample();

    List<LogLine> lines = FileJobStore.open(root).lines(DEPLOYMENT, "install-cilium", 1, 0, 10).lines();

    assertThat(lines).extracting(LogLine::message).element(1).isEqualTo(SampleRollout.NASTY);
    assertThat(lines).extracting(LogLine::level)
        .containsExactly(EventLevel.INFO, EventLevel.WARN, EventLevel.ERROR, EventLevel.INFO);
  }

  @Test
  void aStoreOverTheFirstWritersFilesCarriesOnWritingThem() throws IOException {
    copySample();
    FileJobStore store = FileJobStore.open(root);
    Job reloader = store.job(DEPLOYMENT, "install-sin-2:reloader").orElseThrow();

    store.appendLine(DEPLOYMENT, reloader.name(), 2, new LogLine(SampleRollout.at(60), EventLevel.INFO, "done"));
    Job finished = reloader.withFinishedExecution(ExecutionStatus.SUCCEEDED, SampleRollout.at(61))
        .with(JobStatus.SUCCEEDED, ComponentState.INSTALLED, reloader.dependsOn(), SampleRollout.at(61));
    store.putJob(DEPLOYMENT, finished);

    FileJobStore reopened = FileJobStore.open(root);
    assertThat(reopened.job(DEPLOYMENT, reloader.name())).contains(finished);
    assertThat(reopened.lines(DEPLOYMENT, reloader.name(), 2, 0, 10).lines()).extracting(LogLine::message)
        .containsExactly("[installing] second attempt", "done");
    assertThat(reopened.jobs(EDGE)).isEqualTo(store.jobs(EDGE));
  }

  @Test
  void theCurrentWriterReadsBackTheSameRollout() {
    InMemoryJobStore expected = new InMemoryJobStore();
    SampleRollout.write(expected);
    try (FileJobStore store = FileJobStore.open(root)) {
      SampleRollout.write(store);
    }

    assertSameTable(FileJobStore.open(root), expected);
  }

  private static void assertSameTable(JobStore actual, JobStore expected) {
    assertThat(actual.deployments()).containsExactlyElementsOf(expected.deployments());
    for (String deployment : expected.deployments()) {
      assertThat(actual.jobs(deployment)).as(deployment).containsExactlyElementsOf(expected.jobs(deployment));
      for (Job job : expected.jobs(deployment)) {
        for (Execution e : job.executions()) {
          assertThat(actual.lines(deployment, job.name(), e.number(), 0, 100))
              .as("%s %s#%d", deployment, job.name(), e.number())
              .isEqualTo(expected.lines(deployment, job.name(), e.number(), 0, 100));
        }
      }
    }
  }

  private void copySample() throws IOException {
    try (Stream<Path> files = Files.walk(SAMPLE)) {
      for (Path from : files.toList()) {
        Path to = root.resolve(SAMPLE.relativize(from).toString());
        if (Files.isDirectory(from)) {
          Files.createDirectories(to);
        } else {
          Files.copy(from, to);
        }
      }
    }
  }
}
