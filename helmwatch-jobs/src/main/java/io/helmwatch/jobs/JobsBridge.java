package io.helmwatch.jobs;

import io.helmwatch.core.ComponentEvent;
import io.helmwatch.core.ComponentId;
import io.helmwatch.core.ComponentLog;
import io.helmwatch.core.ComponentSnapshot;
import io.helmwatch.core.ComponentState;
import io.helmwatch.core.EventLevel;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a CI-style jobs table in a {@link JobStore}: one {@link Job} per component, one {@link Execution}
 * per install attempt, log lines per execution.
 *
 * <ul>
 *   <li><b>Jobs.</b> Component {@code cilium} has the job {@code install-cilium} (the prefix is
 *       configurable); a component of a secondary cluster keeps its qualified id ({@code
 *       install-sin-2:reloader}). {@code dependsOn} holds job names.
 *   <li><b>Status.</b> installed &rarr; succeeded, failed &rarr; failed, installing and degraded &rarr;
 *       running, pending &rarr; pending. Suspended leaves the status as it was (a pause is not an outcome)
 *       and opens nothing. Removed cancels: a running execution finishes as cancelled and a pending or
 *       running job becomes cancelled; a finished job keeps its status, since what it records still
 *       happened.
 *   <li><b>Executions.</b> The first state out of pending (installing, degraded, installed or failed) opens
 *       an execution when none is running; a later attempt after a finished one opens the next. Every state
 *       change appends {@code [<state>] <message>} to the running execution; installed and failed finish it
 *       (succeeded or failed, with its duration), which clears the cursor.
 *   <li><b>Seeding</b> applies a snapshot like events, with one line {@code [seeded] state=<state> at
 *       <time>: <message>} ({@code <time>} is the Ready condition's last transition, else now): a pending
 *       seed creates the job only, a non-pending seed opens an execution, a terminal seed also finishes
 *       it. Seeding is idempotent through the {@link DedupingBridge} dedupe.
 *   <li><b>Raw log lines</b> ({@link #onLog}) go to the running execution (the cursor); with none, a job
 *       that is not finished gets a new execution for them, and a finished job's lines are dropped. Lines of
 *       a component without a job are dropped.
 * </ul>
 *
 * <p>The cursor is the job's running execution, which the store persists; so is the last applied state. A
 * new bridge over a reopened {@link FileJobStore} therefore re-attaches to running executions, suppresses
 * the watcher's re-emission of states it already applied, and finishes the recovered executions when their
 * terminal events arrive. One bridge writes a deployment at a time. Thread-safe.
 *
 * @since 0.1
 */
public final class JobsBridge extends DedupingBridge {
  private static final Logger log = LoggerFactory.getLogger(JobsBridge.class);

  /** The job name prefix of the system helmwatch grows out of. */
  public static final String DEFAULT_JOB_PREFIX = "install-";

  private final JobStore store;
  private final String deployment;
  private final String jobPrefix;
  private final Clock clock;
  /** Components whose last apply by this bridge completed: their store rows are known to be whole. */
  private final Set<ComponentId> whole = ConcurrentHashMap.newKeySet();

  private JobsBridge(Builder b) {
    this.store = b.store;
    this.deployment = b.deployment;
    this.jobPrefix = b.jobPrefix;
    this.clock = b.clock;
  }

  /** A builder for a bridge writing the jobs of {@code deployment} into {@code store}. */
  public static Builder builder(JobStore store, String deployment) {
    return new Builder(store, deployment);
  }

  /** The job name of {@code component}: {@code install-cilium}. */
  public String jobName(ComponentId component) {
    return jobPrefix + component.value();
  }

  /** The deployment this bridge writes. */
  public String deployment() {
    return deployment;
  }

  /** The store this bridge writes. */
  public JobStore store() {
    return store;
  }

  @Override
  public String name() {
    return "JobsBridge(" + deployment + ")";
  }

  @Override
  protected @Nullable ComponentState recoveredState(ComponentId component) {
    return store.job(deployment, jobName(component)).map(Job::state).orElse(null);
  }

  @Override
  protected void applyEvent(ComponentEvent event) {
    // The event's own time, not the clock: a lane may deliver it later than it happened.
    Instant now = event.time();
    String text = "[" + event.state().wireName() + "] " + event.message();
    apply(event.component(), event.state(), event.dependsOn(), new LogLine(now, event.level(), text), now);
  }

  @Override
  protected void applySeed(ComponentSnapshot snapshot) {
    Instant now = clock.instant();
    Instant at = snapshot.readySince() != null ? snapshot.readySince() : now;
    String text = "[seeded] state=" + snapshot.state().wireName() + " at " + at + ": " + snapshot.message();
    LogLine line = new LogLine(now, EventLevel.of(snapshot.state()), text);
    apply(snapshot.component(), snapshot.state(), snapshot.dependsOn(), line, now);
  }

  @Override
  protected void applyLog(ComponentLog raw) {
    String name = jobName(raw.component());
    Job job = store.job(deployment, name).orElse(null);
    if (job == null) {
      log.debug("Dropped a log line of {}: it has no job", raw.component());
      return;
    }
    Execution running = job.runningExecution().orElse(null);
    if (running == null) {
      if (job.status().isFinished()) {
        log.debug("Dropped a log line of {}: job {} is {}", raw.component(), name, job.status().wireName());
        return;
      }
      job = job.withOpenedExecution(clock.instant());
      store.putJob(deployment, job);
      running = job.runningExecution().orElseThrow();
    }
    store.appendLine(deployment, name, running.number(), new LogLine(raw.time(), raw.level(), raw.message()));
  }

  /**
   * The one path for events and seeds. Order matters for crash safety: an execution is recorded in the store
   * before lines are written to it, and the new state is recorded last, in the same put as the finish, so a
   * crash at any point leaves the old state recorded and the re-delivered event redoes the rest; at worst
   * the line is not written twice either: until an apply of the component has completed in this bridge, the
   * running execution's last line is compared first. Never a second execution.
   */
  private void apply(ComponentId component, ComponentState state, List<ComponentId> dependsOn, LogLine line,
      Instant now) {
    boolean trusted = whole.remove(component);
    applyRow(component, state, dependsOn, line, now, trusted);
    whole.add(component);
  }

  private void applyRow(ComponentId component, ComponentState state, List<ComponentId> dependsOn, LogLine line,
      Instant now, boolean trusted) {
    String name = jobName(component);
    Job job = store.job(deployment, name).orElse(null);
    if (job == null) {
      if (state == ComponentState.REMOVED) {
        return;
      }
      job = new Job(name, component, JobStatus.PENDING, ComponentState.PENDING, List.of(), List.of(), now);
    }
    if (job.runningExecution().isEmpty() && opensExecution(state)) {
      job = job.withOpenedExecution(now);
      store.putJob(deployment, job);
    }
    Execution running = job.runningExecution().orElse(null);
    if (running != null) {
      if (trusted || !lastLineIs(name, running.number(), line.message())) {
        store.appendLine(deployment, name, running.number(), line);
      }
      ExecutionStatus end = finishes(state);
      if (end != null) {
        job = job.withFinishedExecution(end, now);
      }
    }
    JobStatus status = status(state, job.status(), running != null);
    store.putJob(deployment, job.with(status, state, jobNames(dependsOn), now));
  }

  /** Whether an earlier, interrupted apply already wrote {@code message} as the execution's last line. */
  private boolean lastLineIs(String job, int execution, String message) {
    long total = store.lines(deployment, job, execution, 0, 1).total();
    if (total == 0) {
      return false;
    }
    List<LogLine> last = store.lines(deployment, job, execution, total - 1, 1).lines();
    return !last.isEmpty() && last.get(0).message().equals(message);
  }

  private static boolean opensExecution(ComponentState state) {
    return switch (state) {
      case INSTALLING, DEGRADED, INSTALLED, FAILED -> true;
      case PENDING, SUSPENDED, REMOVED -> false;
    };
  }

  private static @Nullable ExecutionStatus finishes(ComponentState state) {
    return switch (state) {
      case INSTALLED -> ExecutionStatus.SUCCEEDED;
      case FAILED -> ExecutionStatus.FAILED;
      case REMOVED -> ExecutionStatus.CANCELLED;
      default -> null;
    };
  }

  private static JobStatus status(ComponentState state, JobStatus current, boolean hadRunning) {
    return switch (state) {
      case PENDING -> JobStatus.PENDING;
      case INSTALLING, DEGRADED -> JobStatus.RUNNING;
      case INSTALLED -> JobStatus.SUCCEEDED;
      case FAILED -> JobStatus.FAILED;
      case SUSPENDED -> current;
      case REMOVED -> hadRunning || !current.isFinished() ? JobStatus.CANCELLED : current;
    };
  }

  private List<String> jobNames(List<ComponentId> components) {
    List<String> names = new ArrayList<>(components.size());
    for (ComponentId c : components) {
      names.add(jobName(c));
    }
    return names;
  }

  /** Configures a {@link JobsBridge}. */
  public static final class Builder {
    private final JobStore store;
    private final String deployment;
    private String jobPrefix = DEFAULT_JOB_PREFIX;
    private Clock clock = Clock.systemUTC();

    private Builder(JobStore store, String deployment) {
      this.store = Objects.requireNonNull(store, "store must not be null");
      this.deployment = StoreNames.check(deployment, "deployment id");
    }

    /** Prepended to component ids to name jobs. Default {@code install-}. */
    public Builder jobPrefix(String jobPrefix) {
      Objects.requireNonNull(jobPrefix, "jobPrefix must not be null");
      if (!jobPrefix.isEmpty()) {
        StoreNames.check(jobPrefix, "jobPrefix");
      }
      this.jobPrefix = jobPrefix;
      return this;
    }

    /**
     * Stamps seeds and raw log lines that open an execution. Events carry their own time, which times
     * executions. Default UTC system clock.
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock must not be null");
      return this;
    }

    public JobsBridge build() {
      return new JobsBridge(this);
    }
  }
}
