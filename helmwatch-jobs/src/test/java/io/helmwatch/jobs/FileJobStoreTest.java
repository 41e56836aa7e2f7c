package io.helmwatch.jobs;

import static io.helmwatch.core.ComponentState.FAILED;
import static io.helmwatch.core.ComponentState.INSTALLED;
import static io.helmwatch.core.ComponentState.INSTALLING;
import static io.helmwatch.core.ComponentState.PENDING;
import static io.helmwatch.jobs.Events.event;
import static io.helmwatch.jobs.Events.log;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.helmwatch.core.ComponentEvent;
import io.helmwatch.core.ComponentId;
import io.helmwatch.core.ComponentState;
import io.helmwatch.core.EventLevel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileJobStoreTest {
  private static final String DEPLOYMENT = "sovereign-1";
  private static final int COMPONENTS = 200;

  @TempDir Path root;
  private final TestClock clock = new TestClock();

  private JobsBridge bridge(JobStore store) {
    return JobsBridge.builder(store, DEPLOYMENT).clock(clock).build();
  }

  private static List<String> lines(JobStore store, String job, int execution) {
    return store.lines(DEPLOYMENT, job, execution, 0, 1000).lines().stream().map(LogLine::message).toList();
  }

  private Path logFile(String encodedJob, int execution) {
    return root.resolve(DEPLOYMENT).resolve("executions").resolve(encodedJob).resolve(execution + ".ndjson");
  }

  @Test
  void reopenedStoreRecoversJobsExecutionsAndLines() {
    try (FileJobStore store = FileJobStore.open(root)) {
      JobsBridge b = bridge(store);
      b.onEvent(event(clock.instant(), "cilium", INSTALLING, "installing", "base"));
      b.onEvent(event(clock.instant(), "cilium", INSTALLED, "done", "base"));
      b.onEvent(event(clock.instant(), "flux", INSTALLING, "installing"));
    }
    FileJobStore reopened = FileJobStore.open(root);

    assertThat(reopened.deployments()).containsExactly(DEPLOYMENT);
    assertThat(reopened.jobs(DEPLOYMENT)).extracting(Job::name).containsExactly("install-cilium", "install-flux");
    Job cilium = reopened.job(DEPLOYMENT, "install-cilium").orElseThrow();
    assertThat(cilium.status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(cilium.dependsOn()).containsExactly("install-base");
    assertThat(cilium.executions()).singleElement().extracting(Execution::status).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(reopened.job(DEPLOYMENT, "install-flux").orElseThrow().runningExecution()).isPresent();
    assertThat(lines(reopened, "install-cilium", 1)).containsExactly("[installing] installing", "[installed] done");
  }

  @Test
  void restartAfterAHalfFinishedRolloutContinuesTheSameExecutions() {
    try (FileJobStore store = FileJobStore.open(root)) {
      JobsBridge b = bridge(store);
      b.onEvent(event(clock.instant(), "cilium", INSTALLING, "installing"));
      b.onEvent(event(clock.instant(), "cilium", INSTALLED, "done"));
      b.onEvent(event(clock.instant(), "flux", INSTALLING, "installing"));
      b.onEvent(event(clock.instant(), "gitea", PENDING, "waiting"));
    }

    FileJobStore store = FileJobStore.open(root);
    JobsBridge restarted = bridge(store);
    // A new watcher emits every component's first observation again.
    restarted.onEvent(event(clock.instant(), "cilium", INSTALLED, "done"));
    restarted.onEvent(event(clock.instant(), "flux", INSTALLING, "installing"));
    restarted.onEvent(event(clock.instant(), "gitea", PENDING, "waiting"));
    restarted.onEvent(event(clock.instant(), "flux", INSTALLED, "done"));
    restarted.onEvent(event(clock.instant(), "gitea", INSTALLING, "installing"));
    restarted.onEvent(event(clock.instant(), "gitea", FAILED, "broken chart"));

    assertThat(store.executions(DEPLOYMENT, "install-cilium")).hasSize(1);
    assertThat(lines(store, "install-cilium", 1)).containsExactly("[installing] installing", "[installed] done");
    assertThat(store.executions(DEPLOYMENT, "install-flux")).singleElement()
        .extracting(Execution::status).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(lines(store, "install-flux", 1)).containsExactly("[installing] installing", "[installed] done");
    assertThat(store.executions(DEPLOYMENT, "install-gitea")).singleElement()
        .extracting(Execution::status).isEqualTo(ExecutionStatus.FAILED);
    assertThat(restarted.suppressed()).isEqualTo(3);
  }

  @Test
  void qualifiedJobNameIsStoredUnderAnEncodedFileName() {
    try (FileJobStore store = FileJobStore.open(root)) {
      bridge(store).onEvent(event(clock.instant(), "sin-2:reloader", INSTALLING, "installing"));

      assertThat(logFile("install-sin-2%3Areloader", 1)).exists();
      assertThat(store.job(DEPLOYMENT, "install-sin-2:reloader")).isPresent();
    }
  }

  @Test
  void crashBetweenTempWriteAndRenameLeavesThePreviousIndexReadable() throws IOException {
    boolean[] crash = {false};
    FileJobStore store = FileJobStore.open(root, step -> {
      if (crash[0] && step == FileJobStore.Step.TEMP_WRITTEN) {
        throw new IOException("simulated crash");
      }
    });
    bridge(store).onEvent(event(clock.instant(), "cilium", PENDING, "waiting"));
    crash[0] = true;

    assertThatThrownBy(() -> bridge(store).onEvent(event(clock.instant(), "flux", PENDING, "waiting")))
        .isInstanceOf(JobStoreException.class)
        .hasMessageContaining("index.json");
    assertThat(root.resolve(DEPLOYMENT).resolve("index.json.tmp")).exists();

    FileJobStore reopened = FileJobStore.open(root);
    assertThat(reopened.jobs(DEPLOYMENT)).extracting(Job::name).containsExactly("install-cilium");
    assertThat(root.resolve(DEPLOYMENT).resolve("index.json.tmp")).doesNotExist();
  }

  @Test
  void failedIndexWriteLeavesTheStoreInMemoryUnchanged() {
    FileJobStore store = FileJobStore.open(root, step -> {
      throw new IOException("disk full");
    });

    assertThatThrownBy(() -> bridge(store).onEvent(event(clock.instant(), "cilium", PENDING, "waiting")))
        .isInstanceOf(JobStoreException.class);
    assertThat(store.jobs(DEPLOYMENT)).isEmpty();
  }

  @Test
  void truncatedLastLogLineIsSkippedAndCutBeforeTheNextAppend() throws IOException {
    try (FileJobStore store = FileJobStore.open(root)) {
      bridge(store).onEvent(event(clock.instant(), "cilium", INSTALLING, "installing"));
    }
    // A crash in the middle of an append leaves half a line without its newline.
    Files.writeString(logFile("install-cilium", 1), "{\"time\":\"2026-05-15T19:16:00Z\",\"lev",
        StandardOpenOption.APPEND);

    FileJobStore store = FileJobStore.open(root);
    assertThat(lines(store, "install-cilium", 1)).containsExactly("[installing] installing");

    bridge(store).onLog(log("cilium", TestClock.START, "next"));
    assertThat(lines(store, "install-cilium", 1)).containsExactly("[installing] installing", "next");
    assertThat(Files.readAllLines(logFile("install-cilium", 1))).hasSize(2);
  }

  @Test
  void corruptIndexFailsWithAnErrorNamingTheFileAndNeverStartsEmpty() throws IOException {
    try (FileJobStore store = FileJobStore.open(root)) {
      bridge(store).onEvent(event(clock.instant(), "cilium", PENDING, "waiting"));
    }
    Path index = root.resolve(DEPLOYMENT).resolve("index.json");
    Files.writeString(index, "{\"format\":1,\"deployment\":\"sovereign-1\",\"jobs\":[{\"name\":");

    FileJobStore store = FileJobStore.open(root);
    assertThatThrownBy(() -> store.jobs(DEPLOYMENT))
        .isInstanceOf(JobStoreException.class)
        .hasMessageContaining(index.toString())
        .hasMessageContaining("Corrupt");
    assertThatThrownBy(() -> bridge(store).onEvent(event(clock.instant(), "flux", PENDING, "waiting")))
        .isInstanceOf(JobStoreException.class);
    assertThat(Files.readString(index)).endsWith("\"name\":");
  }

  @Test
  void indexWithAWrongFieldTypeIsReportedWithTheField() throws IOException {
    Files.createDirectories(root.resolve(DEPLOYMENT));
    Files.writeString(root.resolve(DEPLOYMENT).resolve("index.json"),
        "{\"format\":1,\"deployment\":\"sovereign-1\",\"jobs\":[{\"name\":\"install-x\",\"status\":7}]}");

    assertThatThrownBy(() -> FileJobStore.open(root).jobs(DEPLOYMENT))
        .isInstanceOf(JobStoreException.class)
        .hasMessageContaining("jobs[0].");
  }

  @Test
  void aNamespaceQualifiedJobNameIsStoredInOneEncodedFile() throws IOException {
    FileJobStore store = FileJobStore.open(root);
    Job job = new Job("install-dev/podinfo", ComponentId.of("dev/podinfo"), JobStatus.PENDING, PENDING, List.of(),
        List.of(), TestClock.START);
    store.putJob(DEPLOYMENT, job);

    assertThat(FileJobStore.open(root).jobs(DEPLOYMENT)).extracting(Job::name).containsExactly("install-dev/podinfo");
    assertThat(Files.readString(root.resolve(DEPLOYMENT).resolve("index.json"))).contains("install-dev/podinfo");
  }

  @Test
  void namesWithSlashDotDotOrControlCharactersAreRejected() {
    FileJobStore store = FileJobStore.open(root);
    assertThatThrownBy(() -> store.jobs("a/b")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("deployment id").hasMessageContaining("'/'");
    assertThatThrownBy(() -> store.jobs("..")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'..'");
    assertThatThrownBy(() -> store.jobs("a\u0000b")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("control characters");
    Job bad = new Job("install-../x", ComponentId.of("x"), JobStatus.PENDING, PENDING, List.of(), List.of(),
        TestClock.START);
    assertThatThrownBy(() -> store.putJob(DEPLOYMENT, bad)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("job name");
  }

  @Test
  void linesArePagedWithOffsetAndLimit() {
    FileJobStore store = FileJobStore.open(root);
    JobsBridge b = bridge(store);
    b.onEvent(event(clock.instant(), "cilium", INSTALLING, "installing"));
    for (int i = 0; i < 9; i++) {
      b.onLog(log("cilium", TestClock.START, "line " + i));
    }

    LogPage first = store.lines(DEPLOYMENT, "install-cilium", 1, 0, 4);
    LogPage last = store.lines(DEPLOYMENT, "install-cilium", 1, 8, 4);

    assertThat(first.lines()).extracting(LogLine::message)
        .containsExactly("[installing] installing", "line 0", "line 1", "line 2");
    assertThat(first.total()).isEqualTo(10);
    assertThat(first.hasMore()).isTrue();
    assertThat(first.nextOffset()).isEqualTo(4);
    assertThat(last.lines()).extracting(LogLine::message).containsExactly("line 7", "line 8");
    assertThat(last.hasMore()).isFalse();
    assertThatThrownBy(() -> store.lines(DEPLOYMENT, "install-cilium", 1, -1, 4))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void storeRefusesToRewriteHistory() {
    FileJobStore store = FileJobStore.open(root);
    bridge(store).onEvent(event(clock.instant(), "cilium", INSTALLED, "done"));
    Job job = store.job(DEPLOYMENT, "install-cilium").orElseThrow();
    Job rewritten = new Job(job.name(), job.component(), job.status(), job.state(), List.of(), List.of(),
        TestClock.START);

    assertThatThrownBy(() -> store.putJob(DEPLOYMENT, rewritten)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("never lose one");
    assertThatThrownBy(() -> store.appendLine(DEPLOYMENT, "install-cilium", 1,
        new LogLine(TestClock.START, EventLevel.INFO, "late"))).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not running");
  }

  private Path journal() {
    return root.resolve(DEPLOYMENT).resolve("index.journal");
  }

  private Path index() {
    return root.resolve(DEPLOYMENT).resolve("index.json");
  }

  @Test
  void aPutOfAKnownJobAppendsOneJournalRecordAndLeavesTheIndexAlone() throws IOException {
    FileJobStore store = FileJobStore.open(root);
    JobsBridge b = bridge(store);
    b.onEvent(event(clock.instant(), "cilium", PENDING, "waiting"));
    String indexAfterCreate = Files.readString(index());

    b.onEvent(event(clock.instant(), "cilium", INSTALLING, "installing"));
    b.onEvent(event(clock.instant(), "cilium", INSTALLED, "done"));

    // installing opens the execution, then records the state; installed records the finish.
    assertThat(Files.readAllLines(journal())).hasSize(3);
    assertThat(Files.readString(index())).isEqualTo(indexAfterCreate);
    Job reopened = FileJobStore.open(root).job(DEPLOYMENT, "install-cilium").orElseThrow();
    assertThat(reopened).isEqualTo(store.job(DEPLOYMENT, "install-cilium").orElseThrow());
    assertThat(reopened.executions()).singleElement().extracting(Execution::status)
        .isEqualTo(ExecutionStatus.SUCCEEDED);
  }

  @Test
  void addingAJobOrReachingTheRecordLimitCompactsTheJournalIntoTheIndex() throws IOException {
    FileJobStore store = FileJobStore.open(root, step -> {}, 4);
    JobsBridge b = bridge(store);
    b.onEvent(event(clock.instant(), "cilium", PENDING, "waiting"));
    b.onEvent(event(clock.instant(), "cilium", INSTALLING, "installing"));
    assertThat(Files.readAllLines(journal())).hasSize(2);

    b.onEvent(event(clock.instant(), "flux", PENDING, "waiting"));
    assertThat(Files.readAllLines(journal())).as("a new job compacts").isEmpty();
    assertThat(FileJobStore.open(root).jobs(DEPLOYMENT)).isEqualTo(store.jobs(DEPLOYMENT));

    b.onEvent(event(clock.instant(), "cilium", INSTALLED, "done"));
    b.onEvent(event(clock.instant(), "flux", INSTALLING, "installing"));
    b.onEvent(event(clock.instant(), "flux", INSTALLED, "done"));
    assertThat(Files.readAllLines(journal())).as("one put finishes, two open and record").hasSize(4);
    b.onEvent(event(clock.instant(), "cilium", INSTALLING, "again"));
    assertThat(Files.readAllLines(journal())).as("the fifth put compacts, the sixth appends").hasSize(1);
    assertThat(FileJobStore.open(root).jobs(DEPLOYMENT)).isEqualTo(store.jobs(DEPLOYMENT));
  }

  @Test
  void tornLastJournalRecordIsSkippedAndCutBeforeTheNextPut() throws IOException {
    try (FileJobStore store = FileJobStore.open(root)) {
      JobsBridge b = bridge(store);
      b.onEvent(event(clock.instant(), "cilium", PENDING, "waiting"));
      b.onEvent(event(clock.instant(), "cilium", INSTALLING, "installing"));
    }
    // A crash in the middle of a put's append leaves half a record without its newline.
    Files.writeString(journal(), "{\"format\":1,\"deployment\":\"sovereign-1\",\"job\":{\"na",
        StandardOpenOption.APPEND);

    FileJobStore store = FileJobStore.open(root);
    assertThat(store.job(DEPLOYMENT, "install-cilium").orElseThrow().status()).isEqualTo(JobStatus.RUNNING);
    bridge(store).onEvent(event(clock.instant(), "cilium", INSTALLED, "done"));

    assertThat(Files.readAllLines(journal())).hasSize(3).allSatisfy(l -> assertThat(l).endsWith("}"));
    assertThat(FileJobStore.open(root).job(DEPLOYMENT, "install-cilium").orElseThrow().status())
        .isEqualTo(JobStatus.SUCCEEDED);
  }

  @Test
  void unreadableJournalRecordBeforeTheLastFailsWithAnErrorNamingTheFile() throws IOException {
    try (FileJobStore store = FileJobStore.open(root)) {
      JobsBridge b = bridge(store);
      b.onEvent(event(clock.instant(), "cilium", PENDING, "waiting"));
      b.onEvent(event(clock.instant(), "cilium", INSTALLING, "installing"));
    }
    List<String> records = new ArrayList<>(Files.readAllLines(journal()));
    records.set(0, "{\"format\":1,\"deployment\":\"sovereign-1\",\"job\":7}");
    Files.write(journal(), records);

    assertThatThrownBy(() -> FileJobStore.open(root).jobs(DEPLOYMENT))
        .isInstanceOf(JobStoreException.class)
        .hasMessageContaining(journal().toString())
        .hasMessageContaining("record 1");
  }

  @Test
  void crashAfterTheCompactingRenameForANewJobKeepsTheNewIndex() {
    boolean[] crash = {false};
    FileJobStore store = FileJobStore.open(root, step -> {
      if (crash[0] && step == FileJobStore.Step.RENAMED) {
        throw new IOException("simulated crash");
      }
    });
    JobsBridge b = bridge(store);
    b.onEvent(event(clock.instant(), "cilium", PENDING, "waiting"));
    b.onEvent(event(clock.instant(), "cilium", INSTALLING, "installing"));
    b.onEvent(event(clock.instant(), "cilium", INSTALLED, "done"));
    crash[0] = true;

    assertThatThrownBy(() -> b.onEvent(event(clock.instant(), "flux", PENDING, "waiting")))
        .isInstanceOf(JobStoreException.class);

    FileJobStore reopened = FileJobStore.open(root);
    assertThat(reopened.jobs(DEPLOYMENT)).extracting(Job::name, Job::status).containsExactly(
        org.assertj.core.groups.Tuple.tuple("install-cilium", JobStatus.SUCCEEDED),
        org.assertj.core.groups.Tuple.tuple("install-flux", JobStatus.PENDING));
    assertThat(reopened.executions(DEPLOYMENT, "install-cilium")).hasSize(1);
  }

  @Test
  void failedJournalAppendLeavesTheJournalAndTheTableAsTheyWere() throws IOException {
    boolean[] crash = {false};
    FileJobStore store = FileJobStore.open(root, step -> {
      if (crash[0] && step == FileJobStore.Step.JOURNAL_APPENDED) {
        throw new IOException("disk full");
      }
    });
    bridge(store).onEvent(event(clock.instant(), "cilium", PENDING, "waiting"));
    Job before = store.job(DEPLOYMENT, "install-cilium").orElseThrow();
    crash[0] = true;

    assertThatThrownBy(() -> bridge(store).onEvent(event(clock.instant(), "cilium", INSTALLING, "installing")))
        .isInstanceOf(JobStoreException.class)
        .hasMessageContaining("index.journal");

    assertThat(Files.size(journal())).isZero();
    assertThat(store.job(DEPLOYMENT, "install-cilium")).contains(before);
    assertThat(FileJobStore.open(root).job(DEPLOYMENT, "install-cilium")).contains(before);
  }

  @Test
  void pagesSkipUnreadableLinesAndSeeLinesAppendedAfterAnEarlierRead() throws IOException {
    FileJobStore store = FileJobStore.open(root);
    JobsBridge b = bridge(store);
    b.onEvent(event(clock.instant(), "cilium", INSTALLING, "installing"));
    b.onLog(log("cilium", TestClock.START, "line 0"));
    Files.writeString(logFile("install-cilium", 1), "not json\n", StandardOpenOption.APPEND);
    b.onLog(log("cilium", TestClock.START, "line 1"));

    assertThat(store.lines(DEPLOYMENT, "install-cilium", 1, 1, 2).lines()).extracting(LogLine::message)
        .containsExactly("line 0", "line 1");
    b.onLog(log("cilium", TestClock.START, "line 2"));
    LogPage tail = store.lines(DEPLOYMENT, "install-cilium", 1, 3, 10);

    assertThat(tail.lines()).extracting(LogLine::message).containsExactly("line 2");
    assertThat(tail.total()).isEqualTo(4);
    assertThat(store.lines(DEPLOYMENT, "install-cilium", 1, 9, 10).lines()).isEmpty();
  }

  @Test
  void eventsFromFourThreadsForTwoHundredComponentsLeaveAConsistentStore() throws Exception {
    FileJobStore store = FileJobStore.open(root);
    deliverFromFourThreads(bridge(store), false);

    assertConsistent(FileJobStore.open(root), 1);
  }

  @Test
  void fourThreadsRedeliveringTheSameComponentsLeaveAConsistentStore() throws Exception {
    // Every thread delivers every component's sequence (as a re-emitting source would), interleaved: the
    // per-component lock keeps each job's read-change-write whole. In memory, to keep the test fast.
    InMemoryJobStore store = new InMemoryJobStore();
    deliverFromFourThreads(bridge(store), true);

    assertConsistent(store, 4);
  }

  /** Per-component order is kept (one thread per component) unless {@code everyThreadEveryComponent}. */
  private void deliverFromFourThreads(JobsBridge b, boolean everyThreadEveryComponent) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<?>> done = new ArrayList<>();
    try {
      for (int t = 0; t < 4; t++) {
        int thread = t;
        done.add(pool.submit(() -> {
          go.await();
          for (int i = 0; i < COMPONENTS; i++) {
            int c = (i + thread * 50) % COMPONENTS;
            if (everyThreadEveryComponent || c % 4 == thread) {
              for (ComponentEvent e : sequence("c" + c)) {
                b.onEvent(e);
              }
            }
            b.onLog(log("c" + c, TestClock.START, "from thread " + thread));
          }
          return null;
        }));
      }
      go.countDown();
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static void assertConsistent(JobStore store, int maxExecutions) {
    assertThat(store.jobs(DEPLOYMENT)).hasSize(COMPONENTS);
    for (Job job : store.jobs(DEPLOYMENT)) {
      assertThat(job.status()).as(job.name()).isEqualTo(JobStatus.SUCCEEDED);
      assertThat(job.runningExecution()).as(job.name()).isEmpty();
      assertThat(job.executions()).as(job.name()).hasSizeBetween(1, maxExecutions);
      for (Execution e : job.executions()) {
        List<String> ls = lines(store, job.name(), e.number());
        if (maxExecutions == 1) {
          // Only in-order delivery guarantees that each attempt saw "installing"; interleaved re-deliveries
          // may open an attempt with the terminal line alone.
          assertThat(ls).as(job.name() + "#" + e.number()).contains("[installing] installing");
        }
        assertThat(ls.get(ls.size() - 1)).as(job.name() + "#" + e.number()).isEqualTo("[installed] installed");
      }
    }
  }

  private List<ComponentEvent> sequence(String component) {
    List<ComponentEvent> out = new ArrayList<>();
    for (ComponentState s : List.of(PENDING, INSTALLING, INSTALLED)) {
      out.add(event(clock.instant(), component, s, s.wireName()));
    }
    return out;
  }
}
