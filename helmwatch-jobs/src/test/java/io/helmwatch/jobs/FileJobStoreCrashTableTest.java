package io.helmwatch.jobs;

import static io.helmwatch.core.ComponentState.INSTALLED;
import static io.helmwatch.core.ComponentState.INSTALLING;
import static io.helmwatch.jobs.Events.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.helmwatch.core.ComponentId;
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
 * The rows of {@link FileJobStore}'s crash table, and a journal that cannot be emptied after a compaction.
 * A fault thrown at a step leaves the files as a crash at that step would; reopening is a new store over the
 * same root.
 */
class FileJobStoreCrashTableTest {
  private static final String DEPLOYMENT = "sovereign-1";

  @TempDir Path root;
  /** The files as a crash left them: a copy of {@link #root} taken when a {@link CrashAt} fired. */
  @TempDir Path crashed;
  private final TestClock clock = new TestClock();

  /** Throws at {@code step} once armed, as a crash or a failing file operation there would. */
  private static final class FailAt implements FileJobStore.Faults {
    private final FileJobStore.Step step;
    boolean armed;

    FailAt(FileJobStore.Step step) {
      this.step = step;
    }

    @Override
    public void after(FileJobStore.Step at) throws IOException {
      if (armed && at == step) {
        throw new IOException("simulated failure at " + at);
      }
    }
  }

  /** Copies {@link #root} to {@link #crashed} at {@code step} once armed, then stops the put there. */
  private final class CrashAt implements FileJobStore.Faults {
    private final FileJobStore.Step step;
    boolean armed;

    CrashAt(FileJobStore.Step step) {
      this.step = step;
    }

    @Override
    public void after(FileJobStore.Step at) throws IOException {
      if (armed && at == step) {
        copy(root, crashed);
        throw new IOException("simulated crash at " + at);
      }
    }
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path source : files.toList()) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target);
        }
      }
    }
  }

  private static Job pending(String name) {
    return new Job(name, ComponentId.of(name.substring("install-".length())), JobStatus.PENDING,
        ComponentState.PENDING, List.of(), List.of(), TestClock.START);
  }

  private static Job running(Job job) {
    return job.withOpenedExecution(TestClock.START.plusSeconds(10))
        .with(JobStatus.RUNNING, INSTALLING, List.of(), TestClock.START.plusSeconds(10));
  }

  private static Job succeeded(Job job) {
    return job.withFinishedExecution(ExecutionStatus.SUCCEEDED, TestClock.START.plusSeconds(20))
        .with(JobStatus.SUCCEEDED, INSTALLED, List.of(), TestClock.START.plusSeconds(20));
  }

  private Path journal() {
    return root.resolve(DEPLOYMENT).resolve(FileJobStore.JOURNAL);
  }

  @Test
  void aPutThatReturnedAfterTheJournalCouldNotBeEmptiedHoldsAfterReopening() throws IOException {
    FailAt emptying = new FailAt(FileJobStore.Step.JOURNAL_EMPTYING);
    FileJobStore store = FileJobStore.open(root, emptying, 1);
    Job cilium = running(pending("install-cilium"));
    store.putJob(DEPLOYMENT, pending("install-cilium"));
    store.putJob(DEPLOYMENT, cilium);
    emptying.armed = true;

    // The journal holds one record, the limit: this put compacts, and the journal cannot be emptied.
    store.putJob(DEPLOYMENT, succeeded(cilium));

    assertThat(Files.readAllLines(journal())).as("the journal was not emptied").hasSize(1);
    assertThat(FileJobStore.open(root).job(DEPLOYMENT, "install-cilium")).contains(succeeded(cilium));
  }

  @Test
  void putsAfterAJournalThatCouldNotBeEmptiedReplayOverTheIndexButTheRowsItHoldsDoNot() {
    FailAt emptying = new FailAt(FileJobStore.Step.JOURNAL_EMPTYING);
    FileJobStore store = FileJobStore.open(root, emptying, 2);
    Job cilium = running(pending("install-cilium"));
    Job flux = running(pending("install-flux"));
    store.putJob(DEPLOYMENT, pending("install-cilium"));
    store.putJob(DEPLOYMENT, pending("install-flux"));
    store.putJob(DEPLOYMENT, cilium);
    store.putJob(DEPLOYMENT, flux);
    emptying.armed = true;
    store.putJob(DEPLOYMENT, succeeded(cilium));

    store.putJob(DEPLOYMENT, succeeded(flux));

    assertThat(FileJobStore.open(root).jobs(DEPLOYMENT)).isEqualTo(store.jobs(DEPLOYMENT))
        .containsExactly(succeeded(cilium), succeeded(flux));
  }

  @Test
  void everyPutWhileTheJournalCannotBeEmptiedHoldsAfterReopening() {
    FailAt emptying = new FailAt(FileJobStore.Step.JOURNAL_EMPTYING);
    FileJobStore store = FileJobStore.open(root, emptying, 1);
    Job cilium = pending("install-cilium");
    store.putJob(DEPLOYMENT, cilium);
    emptying.armed = true;

    cilium = running(cilium);
    store.putJob(DEPLOYMENT, cilium);
    store.putJob(DEPLOYMENT, pending("install-flux"));
    cilium = succeeded(cilium);
    store.putJob(DEPLOYMENT, cilium);

    assertThat(FileJobStore.open(root).jobs(DEPLOYMENT)).isEqualTo(store.jobs(DEPLOYMENT)).contains(cilium);
  }

  @Test
  void crashDuringAJournalAppendAfterTheWriteLeavesTheWholeRecordInEffect() throws IOException {
    CrashAt crash = new CrashAt(FileJobStore.Step.JOURNAL_APPENDED);
    FileJobStore store = FileJobStore.open(root, crash);
    store.putJob(DEPLOYMENT, pending("install-cilium"));
    Job cilium = running(pending("install-cilium"));
    crash.armed = true;

    assertThatThrownBy(() -> store.putJob(DEPLOYMENT, cilium)).isInstanceOf(JobStoreException.class);

    assertThat(FileJobStore.open(crashed).job(DEPLOYMENT, "install-cilium")).contains(cilium);
  }

  @Test
  void crashDuringACompactionBeforeTheRenameKeepsThePreviousIndexAndTheJournal() {
    CrashAt crash = new CrashAt(FileJobStore.Step.TEMP_WRITTEN);
    FileJobStore store = FileJobStore.open(root, crash, 1);
    Job cilium = running(pending("install-cilium"));
    store.putJob(DEPLOYMENT, pending("install-cilium"));
    store.putJob(DEPLOYMENT, cilium);
    crash.armed = true;

    assertThatThrownBy(() -> store.putJob(DEPLOYMENT, succeeded(cilium))).isInstanceOf(JobStoreException.class);

    assertThat(crashed.resolve(DEPLOYMENT).resolve(FileJobStore.INDEX_TEMP)).exists();
    assertThat(FileJobStore.open(crashed).jobs(DEPLOYMENT)).containsExactly(cilium);
    assertThat(crashed.resolve(DEPLOYMENT).resolve(FileJobStore.INDEX_TEMP)).doesNotExist();
  }

  @Test
  void crashAfterTheRenameOfACompactionForTheRecordLimitKeepsTheNewIndex() throws IOException {
    CrashAt crash = new CrashAt(FileJobStore.Step.RENAMED);
    FileJobStore store = FileJobStore.open(root, crash, 1);
    Job cilium = running(pending("install-cilium"));
    store.putJob(DEPLOYMENT, pending("install-cilium"));
    store.putJob(DEPLOYMENT, cilium);
    crash.armed = true;

    assertThatThrownBy(() -> store.putJob(DEPLOYMENT, succeeded(cilium))).isInstanceOf(JobStoreException.class);

    assertThat(Files.readAllLines(crashed.resolve(DEPLOYMENT).resolve(FileJobStore.JOURNAL)))
        .as("the journal still holds the record the new index replaced").hasSize(1);
    assertThat(FileJobStore.open(crashed).jobs(DEPLOYMENT)).containsExactly(succeeded(cilium));
  }

  @Test
  void crashAfterAFinishsLogFsyncBeforeItsPutIsFinishedByTheRedeliveredEventWithoutASecondLine() {
    FailAt appended = new FailAt(FileJobStore.Step.JOURNAL_APPENDED);
    FileJobStore store = FileJobStore.open(root, appended);
    JobsBridge bridge = JobsBridge.builder(store, DEPLOYMENT).clock(clock).build();
    bridge.onEvent(event(clock.instant(), "cilium", INSTALLING, "installing"));
    appended.armed = true;

    // The line is written and the log fsynced; the put of the finish then fails and is cut off again.
    assertThatThrownBy(() -> bridge.onEvent(event(clock.instant(), "cilium", INSTALLED, "done")))
        .isInstanceOf(JobStoreException.class);

    FileJobStore reopened = FileJobStore.open(root);
    assertThat(reopened.job(DEPLOYMENT, "install-cilium").orElseThrow().runningExecution()).isPresent();
    JobsBridge.builder(reopened, DEPLOYMENT).clock(clock).build()
        .onEvent(event(clock.instant(), "cilium", INSTALLED, "done"));

    Job cilium = reopened.job(DEPLOYMENT, "install-cilium").orElseThrow();
    assertThat(cilium.status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(cilium.executions()).singleElement().extracting(Execution::status)
        .isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(reopened.lines(DEPLOYMENT, "install-cilium", 1, 0, 10).lines()).extracting(LogLine::message)
        .containsExactly("[installing] installing", "[installed] done");
  }

  @Test
  void aLogFileLeftByAnExecutionThatWasNeverRecordedIsDiscardedWhenTheExecutionOpens() throws IOException {
    FileJobStore store = FileJobStore.open(root);
    store.putJob(DEPLOYMENT, pending("install-cilium"));
    Path orphan = root.resolve(DEPLOYMENT).resolve(FileJobStore.EXECUTIONS).resolve("install-cilium")
        .resolve("1.ndjson");
    Files.createDirectories(orphan.getParent());
    Files.write(orphan, JobCodec.line(new LogLine(TestClock.START, EventLevel.INFO, "from a crashed process")));

    FileJobStore reopened = FileJobStore.open(root);
    reopened.putJob(DEPLOYMENT, running(pending("install-cilium")));

    assertThat(reopened.lines(DEPLOYMENT, "install-cilium", 1, 0, 10).lines()).isEmpty();
  }

  @Test
  void aJournalOfTheFirstWriterThatCouldNotBeEmptiedIsNotReplayedOverTheNewIndex() throws IOException {
    copy(Path.of("src/test/data/store-format-1"), root);
    FailAt emptying = new FailAt(FileJobStore.Step.JOURNAL_EMPTYING);
    emptying.armed = true;
    FileJobStore store = FileJobStore.open(root, emptying, 1);
    Job reloader = store.job(DEPLOYMENT, "install-sin-2:reloader").orElseThrow();
    Job finished = reloader.withFinishedExecution(ExecutionStatus.SUCCEEDED, SampleRollout.at(61))
        .with(JobStatus.SUCCEEDED, INSTALLED, reloader.dependsOn(), SampleRollout.at(61));

    store.putJob(DEPLOYMENT, finished);

    assertThat(Files.readAllLines(journal())).as("the first writer's records are still there").hasSize(8);
    assertThat(FileJobStore.open(root).jobs(DEPLOYMENT)).isEqualTo(store.jobs(DEPLOYMENT)).contains(finished);
  }
}
