package io.helmwatch.integration.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.helmwatch.core.ComponentEvent;
import io.helmwatch.core.EventSink;
import io.helmwatch.core.Subscription;
import io.helmwatch.core.Watcher;
import io.helmwatch.jobs.Execution;
import io.helmwatch.jobs.ExecutionStatus;
import io.helmwatch.jobs.InMemoryJobStore;
import io.helmwatch.jobs.Job;
import io.helmwatch.jobs.JobStatus;
import io.helmwatch.jobs.JobStore;
import io.helmwatch.jobs.JobsBridge;
import io.helmwatch.jobs.LogLine;
import io.helmwatch.jobs.LogPage;
import io.helmwatch.testing.FakeReleaseSource;
import io.helmwatch.testing.HelmRelease;
import io.helmwatch.testing.HelmReleases;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Seeding a jobs bridge whose lane lags behind: the initial-list seed must not overtake events still queued
 * in the lane, or an older state lands after the newer seed.
 */
class JobsBridgeAttachTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  private final FakeReleaseSource source = FakeReleaseSource.create();
  private final CountDownLatch entered = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);

  /**
   * Component {@code z}'s first event holds the lane while {@code x} goes pending, installing, installed
   * before the initial list has synced; then the list syncs with {@code x} installed.
   */
  private void rollOutBehindABlockedLane(Watcher watcher) {
    source.apply(HelmReleases.named("z"));
    source.apply(HelmReleases.named("x"));
    source.holdInitialList();
    watcher.start();
    await(entered);
    source.patch("x", HelmRelease::progressing);
    source.patch("x", HelmRelease::installed);
    source.finishInitialList();
    release.countDown();
  }

  @Test
  void seedingFromTheSyncHookLetsAnOlderQueuedEventMoveTheJobBackAndOpenASecondExecution() {
    HistoryStore store = new HistoryStore(false);
    JobsBridge bridge = JobsBridge.builder(store, "kit").build();
    try (Watcher watcher = Watcher.builder(source).continuous().build()) {
      Subscription sub = watcher.subscribe(new SlowFirstEvent(bridge));
      watcher.onInitialListSynced(bridge::seed);
      rollOutBehindABlockedLane(watcher);
      assertThat(sub.flush(WAIT)).isTrue();
    }

    assertThat(store.history("install-x")).containsExactly(
        JobStatus.PENDING, JobStatus.SUCCEEDED, JobStatus.PENDING, JobStatus.RUNNING, JobStatus.SUCCEEDED);
    assertThat(store.job("kit", "install-x").orElseThrow().executions()).hasSize(2);
  }

  @Test
  void attachSeedsInOrderWithQueuedEventsSoTheJobKeepsOneExecutionAndMovesOnlyForward() {
    HistoryStore store = new HistoryStore(true);
    JobsBridge bridge = JobsBridge.builder(store, "kit").build();
    try (Watcher watcher = Watcher.builder(source).continuous().build()) {
      Subscription sub = bridge.attach(watcher);
      rollOutBehindABlockedLane(watcher);
      assertThat(sub.flush(WAIT)).isTrue();
      assertThat(sub.sink()).isSameAs(bridge);
    }

    assertThat(store.history("install-x")).containsExactly(JobStatus.PENDING, JobStatus.RUNNING,
        JobStatus.SUCCEEDED);
    assertThat(store.job("kit", "install-x").orElseThrow().executions()).singleElement()
        .extracting(Execution::status).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(store.job("kit", "install-z").orElseThrow().status()).isEqualTo(JobStatus.PENDING);
    assertThat(bridge.suppressed()).as("the seed found every state already applied").isEqualTo(2);
  }

  @Test
  void attachAfterTheInitialListSyncedStillSeedsThroughTheLane() {
    source.apply(HelmReleases.named("x").installed());
    InMemoryJobStore store = new InMemoryJobStore();
    JobsBridge bridge = JobsBridge.builder(store, "kit").build();
    try (Watcher watcher = Watcher.builder(source).continuous().build()) {
      watcher.start();
      Subscription sub = bridge.attach(watcher);
      assertThat(sub.flush(WAIT)).isTrue();
    }

    assertThat(store.job("kit", "install-x").orElseThrow().status()).isEqualTo(JobStatus.SUCCEEDED);
  }

  /** A sink whose first event waits for {@link #release} before it reaches the bridge. */
  private final class SlowFirstEvent implements EventSink {
    private final EventSink next;
    private boolean first = true;

    SlowFirstEvent(EventSink next) {
      this.next = next;
    }

    @Override
    public void onEvent(ComponentEvent event) {
      if (first) {
        first = false;
        entered.countDown();
        await(release);
      }
      next.onEvent(event);
    }
  }

  /**
   * An in-memory store that records each job's statuses as they change and, when asked, holds the first
   * write of {@code install-z} until {@link #release}: a slow store under the bridge's lane.
   */
  private final class HistoryStore implements JobStore {
    private final InMemoryJobStore store = new InMemoryJobStore();
    private final List<Job> puts = new ArrayList<>();
    private boolean holdFirstZ;

    HistoryStore(boolean holdFirstZ) {
      this.holdFirstZ = holdFirstZ;
    }

    /** The statuses {@code job} was put with, repeats folded. */
    synchronized List<JobStatus> history(String job) {
      List<JobStatus> out = new ArrayList<>();
      for (Job j : puts) {
        if (j.name().equals(job) && (out.isEmpty() || out.get(out.size() - 1) != j.status())) {
          out.add(j.status());
        }
      }
      return out;
    }

    @Override
    public void putJob(String deployment, Job job) {
      boolean hold;
      synchronized (this) {
        hold = holdFirstZ && job.name().equals("install-z");
        holdFirstZ &= !hold;
        puts.add(job);
      }
      if (hold) {
        entered.countDown();
        await(release);
      }
      store.putJob(deployment, job);
    }

    @Override
    public void appendLine(String deployment, String job, int execution, LogLine line) {
      store.appendLine(deployment, job, execution, line);
    }

    @Override
    public Optional<Job> job(String deployment, String name) {
      return store.job(deployment, name);
    }

    @Override
    public List<Job> jobs(String deployment) {
      return store.jobs(deployment);
    }

    @Override
    public LogPage lines(String deployment, String job, int execution, long offset, int limit) {
      return store.lines(deployment, job, execution, offset, limit);
    }

    @Override
    public List<String> deployments() {
      return store.deployments();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      assertThat(latch.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("latch released in time").isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
