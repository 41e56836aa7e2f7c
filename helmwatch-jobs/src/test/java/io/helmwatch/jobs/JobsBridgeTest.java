package io.helmwatch.jobs;

import static io.helmwatch.core.ComponentState.DEGRADED;
import static io.helmwatch.core.ComponentState.FAILED;
import static io.helmwatch.core.ComponentState.INSTALLED;
import static io.helmwatch.core.ComponentState.INSTALLING;
import static io.helmwatch.core.ComponentState.PENDING;
import static io.helmwatch.core.ComponentState.REMOVED;
import static io.helmwatch.core.ComponentState.SUSPENDED;
import static io.helmwatch.jobs.Events.event;
import static io.helmwatch.jobs.Events.log;
import static io.helmwatch.jobs.Events.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.helmwatch.core.ComponentId;
import io.helmwatch.core.ComponentSnapshot;
import io.helmwatch.core.ComponentState;
import io.helmwatch.core.EventLevel;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobsBridgeTest {
  private static final String DEPLOYMENT = "sovereign-1";

  private final TestClock clock = new TestClock();
  private final InMemoryJobStore store = new InMemoryJobStore();
  private final JobsBridge bridge = JobsBridge.builder(store, DEPLOYMENT).clock(clock).build();

  private Job job(String name) {
    return store.job(DEPLOYMENT, name).orElseThrow(() -> new AssertionError("no job " + name));
  }

  private List<String> lines(String job, int execution) {
    return store.lines(DEPLOYMENT, job, execution, 0, 1000).lines().stream().map(LogLine::message).toList();
  }

  @Test
  void jobIsNamedInstallDashComponent() {
    bridge.onEvent(event(clock.instant(), "cilium", PENDING, "waiting"));

    assertThat(store.jobs(DEPLOYMENT)).extracting(Job::name).containsExactly("install-cilium");
    assertThat(job("install-cilium").component()).isEqualTo(ComponentId.of("cilium"));
  }

  @Test
  void jobPrefixIsConfigurable() {
    JobsBridge custom = JobsBridge.builder(store, DEPLOYMENT).jobPrefix("deploy-").clock(clock).build();

    custom.onEvent(event(clock.instant(), "cilium", PENDING, "waiting"));

    assertThat(store.jobs(DEPLOYMENT)).extracting(Job::name).containsExactly("deploy-cilium");
  }

  @Test
  void statusMapsInstalledToSucceededFailedToFailedInstallingAndDegradedToRunningPendingToPending() {
    assertThat(statusAfter(PENDING)).isEqualTo(JobStatus.PENDING);
    assertThat(statusAfter(INSTALLING)).isEqualTo(JobStatus.RUNNING);
    assertThat(statusAfter(DEGRADED)).isEqualTo(JobStatus.RUNNING);
    assertThat(statusAfter(INSTALLED)).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(statusAfter(FAILED)).isEqualTo(JobStatus.FAILED);
  }

  private JobStatus statusAfter(ComponentState state) {
    String component = "c-" + state.wireName();
    bridge.onEvent(event(clock.instant(), component, state, "m"));
    return job("install-" + component).status();
  }

  @Test
  void pendingCreatesAJobWithoutAnExecution() {
    bridge.onEvent(event(clock.instant(), "cilium", PENDING, "waiting"));

    assertThat(job("install-cilium").executions()).isEmpty();
  }

  @Test
  void firstTransitionOutOfPendingOpensAnExecution() {
    bridge.onEvent(event(clock.instant(), "cilium", PENDING, "waiting"));
    bridge.onEvent(event(clock.instant(), "cilium", INSTALLING, "Fulfilling prerequisites"));

    Job job = job("install-cilium");
    assertThat(job.executions()).hasSize(1);
    assertThat(job.runningExecution()).get().extracting(Execution::number, Execution::startedAt)
        .containsExactly(1, TestClock.START);
  }

  @Test
  void everyStateEventAppendsOneStateLineToTheOpenExecution() {
    bridge.onEvent(event(clock.instant(), "cilium", PENDING, "waiting"));
    bridge.onEvent(event(clock.instant(), "cilium", INSTALLING, "Fulfilling prerequisites"));
    bridge.onEvent(event(clock.instant(), "cilium", DEGRADED, "timed out waiting for pods"));
    bridge.onEvent(event(clock.instant(), "cilium", INSTALLING, "retrying"));

    assertThat(lines("install-cilium", 1)).containsExactly(
        "[installing] Fulfilling prerequisites", "[degraded] timed out waiting for pods", "[installing] retrying");
    assertThat(job("install-cilium").executions()).hasSize(1);
  }

  @Test
  void terminalStateFinishesTheExecutionWithItsDurationAndClearsTheCursor() {
    bridge.onEvent(event(clock.instant(), "cilium", INSTALLING, "installing"));
    clock.advance(Duration.ofSeconds(42));
    bridge.onEvent(event(clock.instant(), "cilium", INSTALLED, "Helm install succeeded"));

    Job job = job("install-cilium");
    Execution e = job.executions().get(0);
    assertThat(e.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(e.duration()).isEqualTo(Duration.ofSeconds(42));
    assertThat(job.runningExecution()).isEmpty();
    assertThat(lines("install-cilium", 1)).endsWith("[installed] Helm install succeeded");
  }

  @Test
  void failedFinishesTheExecutionAsFailed() {
    bridge.onEvent(event(clock.instant(), "openbao", INSTALLING, "installing"));
    bridge.onEvent(event(clock.instant(), "openbao", FAILED, "install retries exhausted"));

    assertThat(job("install-openbao").executions().get(0).status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(job("install-openbao").status()).isEqualTo(JobStatus.FAILED);
  }

  @Test
  void aNewAttemptAfterAFinishedOneOpensTheNextExecution() {
    bridge.onEvent(event(clock.instant(), "cilium", INSTALLED, "installed"));
    bridge.onEvent(event(clock.instant(), "cilium", INSTALLING, "upgrading"));

    assertThat(job("install-cilium").executions()).extracting(Execution::number, Execution::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, ExecutionStatus.SUCCEEDED),
            org.assertj.core.groups.Tuple.tuple(2, ExecutionStatus.RUNNING));
    assertThat(lines("install-cilium", 2)).containsExactly("[installing] upgrading");
  }

  @Test
  void sameComponentAndStateAsLastSeenIsANoOp() {
    bridge.onEvent(event(clock.instant(), "cilium", INSTALLING, "installing"));
    bridge.onEvent(event(clock.instant(), "cilium", INSTALLING, "installing again"));

    assertThat(lines("install-cilium", 1)).containsExactly("[installing] installing");
    assertThat(bridge.suppressed()).isEqualTo(1);
  }

  @Test
  void suspendedKeepsTheStatusAndOpensNothing() {
    bridge.onEvent(event(clock.instant(), "cilium", PENDING, "waiting"));
    bridge.onEvent(event(clock.instant(), "cilium", SUSPENDED, "suspended"));

    assertThat(job("install-cilium").status()).isEqualTo(JobStatus.PENDING);
    assertThat(job("install-cilium").executions()).isEmpty();
  }

  @Test
  void suspendedWhileRunningIsLoggedAndKeepsTheExecutionOpen() {
    bridge.onEvent(event(clock.instant(), "cilium", INSTALLING, "installing"));
    bridge.onEvent(event(clock.instant(), "cilium", SUSPENDED, "suspended by user"));

    assertThat(job("install-cilium").status()).isEqualTo(JobStatus.RUNNING);
    assertThat(job("install-cilium").runningExecution()).isPresent();
    assertThat(lines("install-cilium", 1)).endsWith("[suspended] suspended by user");
  }

  @Test
  void removedCancelsTheRunningExecution() {
    bridge.onEvent(event(clock.instant(), "cilium", INSTALLING, "installing"));
    bridge.onEvent(event(clock.instant(), "cilium", REMOVED, "Deleted"));

    Job job = job("install-cilium");
    assertThat(job.status()).isEqualTo(JobStatus.CANCELLED);
    assertThat(job.executions().get(0).status()).isEqualTo(ExecutionStatus.CANCELLED);
    assertThat(lines("install-cilium", 1)).endsWith("[removed] Deleted");
  }

  @Test
  void removedKeepsAFinishedJobsStatus() {
    bridge.onEvent(event(clock.instant(), "cilium", INSTALLED, "installed"));
    bridge.onEvent(event(clock.instant(), "cilium", REMOVED, "Deleted"));

    assertThat(job("install-cilium").status()).isEqualTo(JobStatus.SUCCEEDED);
  }

  @Test
  void dependsOnHoldsJobNames() {
    bridge.onEvent(event(clock.instant(), "openbao", PENDING, "waiting", "sealed-secrets", "spire"));

    assertThat(job("install-openbao").dependsOn()).containsExactly("install-sealed-secrets", "install-spire");
  }

  @Test
  void qualifiedComponentOfASecondaryClusterKeepsItsQualifiedId() {
    bridge.onEvent(event(clock.instant(), "sin-2:reloader", INSTALLING, "installing"));

    assertThat(job("install-sin-2:reloader").component()).isEqualTo(ComponentId.of("sin-2:reloader"));
    assertThat(lines("install-sin-2:reloader", 1)).containsExactly("[installing] installing");
  }

  // ------------------------------------------------------------ seeding

  @Test
  void pendingSeedCreatesAJobOnly() {
    bridge.seed(List.of(snapshot("cilium", PENDING, null, "waiting")));

    assertThat(job("install-cilium").status()).isEqualTo(JobStatus.PENDING);
    assertThat(job("install-cilium").executions()).isEmpty();
  }

  @Test
  void nonPendingSeedOpensAnExecutionWithOneSeededLine() {
    Instant readySince = Instant.parse("2026-05-15T19:00:00Z");
    bridge.seed(List.of(snapshot("cilium", INSTALLING, readySince, "Fulfilling prerequisites")));

    assertThat(job("install-cilium").runningExecution()).isPresent();
    assertThat(lines("install-cilium", 1))
        .containsExactly("[seeded] state=installing at 2026-05-15T19:00:00Z: Fulfilling prerequisites");
  }

  @Test
  void seededLineUsesNowWhenTheReadyTimeIsUnknown() {
    bridge.seed(List.of(snapshot("cilium", DEGRADED, null, "retrying")));

    assertThat(lines("install-cilium", 1)).containsExactly("[seeded] state=degraded at " + TestClock.START + ": retrying");
  }

  @Test
  void terminalSeedAlsoFinishesTheExecution() {
    bridge.seed(List.of(snapshot("cilium", INSTALLED, null, "Helm install succeeded")));

    Job job = job("install-cilium");
    assertThat(job.status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(job.executions()).singleElement().extracting(Execution::status).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(lines("install-cilium", 1)).hasSize(1);
  }

  @Test
  void seedingTwiceCreatesNoSecondExecutionAndNoSecondLine() {
    List<ComponentSnapshot> snapshot = List.of(
        snapshot("cilium", INSTALLED, null, "ok"),
        snapshot("flux", INSTALLING, null, "installing"),
        snapshot("gitea", PENDING, null, "waiting"));
    bridge.seed(snapshot);
    List<Job> first = store.jobs(DEPLOYMENT);
    clock.advance(Duration.ofMinutes(1));

    bridge.seed(snapshot);

    assertThat(store.jobs(DEPLOYMENT)).isEqualTo(first);
    assertThat(lines("install-cilium", 1)).hasSize(1);
    assertThat(lines("install-flux", 1)).hasSize(1);
  }

  @Test
  void watcherEventWithTheSeededStateIsSuppressed() {
    bridge.seed(List.of(snapshot("flux", INSTALLING, null, "installing")));

    bridge.onEvent(event(clock.instant(), "flux", INSTALLING, "installing"));

    assertThat(lines("install-flux", 1)).hasSize(1);
    assertThat(bridge.suppressed()).isEqualTo(1);
  }

  @Test
  void snapshotDeliveredAsOnSnapshotSeeds() {
    bridge.onSnapshot(List.of(snapshot("flux", INSTALLING, null, "installing")));

    assertThat(job("install-flux").runningExecution()).isPresent();
  }

  // ------------------------------------------------------------ raw log lines

  @Test
  void rawLogLineGoesToTheOpenExecution() {
    bridge.onEvent(event(clock.instant(), "cilium", INSTALLING, "installing"));
    Instant at = Instant.parse("2026-05-15T19:17:00Z");

    bridge.onLog(log("cilium", at, "running helm install"));

    LogPage page = store.lines(DEPLOYMENT, "install-cilium", 1, 0, 10);
    assertThat(page.lines()).last().extracting(LogLine::time, LogLine::message)
        .containsExactly(at, "running helm install");
  }

  @Test
  void rawLogLineOpensAnExecutionForAPendingJob() {
    bridge.onEvent(event(clock.instant(), "cilium", PENDING, "waiting"));

    bridge.onLog(log("cilium", TestClock.START, "reconciliation started"));
    bridge.onEvent(event(clock.instant(), "cilium", INSTALLING, "installing"));

    assertThat(job("install-cilium").executions()).hasSize(1);
    assertThat(lines("install-cilium", 1)).containsExactly("reconciliation started", "[installing] installing");
  }

  @Test
  void rawLogLineIsDroppedWhenTheJobIsTerminal() {
    bridge.onEvent(event(clock.instant(), "cilium", INSTALLED, "installed"));

    bridge.onLog(log("cilium", TestClock.START, "late line"));

    assertThat(job("install-cilium").executions()).hasSize(1);
    assertThat(lines("install-cilium", 1)).containsExactly("[installed] installed");
  }

  @Test
  void rawLogLineOfAComponentWithoutAJobIsDropped() {
    bridge.onLog(log("unknown", TestClock.START, "line"));

    assertThat(store.jobs(DEPLOYMENT)).isEmpty();
  }

  @Test
  void rawLogLineReattachesToAStillRunningPersistedExecution() {
    bridge.onEvent(event(clock.instant(), "cilium", INSTALLING, "installing"));
    JobsBridge restarted = JobsBridge.builder(store, DEPLOYMENT).clock(clock).build();

    restarted.onLog(log("cilium", TestClock.START, "after restart"));

    assertThat(job("install-cilium").executions()).hasSize(1);
    assertThat(lines("install-cilium", 1)).containsExactly("[installing] installing", "after restart");
  }

  @Test
  void restartedBridgeSuppressesStatesItAlreadyApplied() {
    bridge.onEvent(event(clock.instant(), "cilium", INSTALLED, "installed"));
    JobsBridge restarted = JobsBridge.builder(store, DEPLOYMENT).clock(clock).build();

    restarted.onEvent(event(clock.instant(), "cilium", INSTALLED, "installed"));

    assertThat(job("install-cilium").executions()).hasSize(1);
    assertThat(restarted.suppressed()).isEqualTo(1);
  }

  @Test
  void builderRejectsAnUnsafeDeploymentId() {
    assertThatThrownBy(() -> JobsBridge.builder(store, "../etc"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("deployment id");
  }

  @Test
  void crashBetweenTheLineAndTheFinishDoesNotRepeatTheLineAfterARestart() {
    bridge.onEvent(event(clock.instant(), "cilium", INSTALLING, "installing"));
    // The process died after writing the line of the next event, before recording its state.
    store.appendLine(DEPLOYMENT, "install-cilium", 1, new LogLine(clock.instant(), EventLevel.INFO, "[installed] done"));
    JobsBridge restarted = JobsBridge.builder(store, DEPLOYMENT).clock(clock).build();

    restarted.onEvent(event(clock.instant(), "cilium", INSTALLED, "done"));

    assertThat(lines("install-cilium", 1)).containsExactly("[installing] installing", "[installed] done");
    assertThat(job("install-cilium").executions()).singleElement()
        .extracting(Execution::status).isEqualTo(ExecutionStatus.SUCCEEDED);
  }

  @Test
  void sameLineIsAppendedAgainWhenItIsNotARepeatOfAnInterruptedApply() {
    bridge.onEvent(event(clock.instant(), "cilium", INSTALLING, "working"));
    bridge.onEvent(event(clock.instant(), "cilium", DEGRADED, "working"));
    bridge.onEvent(event(clock.instant(), "cilium", INSTALLING, "working"));

    assertThat(lines("install-cilium", 1))
        .containsExactly("[installing] working", "[degraded] working", "[installing] working");
  }
}
