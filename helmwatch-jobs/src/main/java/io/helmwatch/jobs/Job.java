package io.helmwatch.jobs;

import io.helmwatch.core.ComponentId;
import io.helmwatch.core.ComponentState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One row of the jobs table: a component's install job.
 *
 * @param name the job name ({@code install-cilium})
 * @param component the component it installs
 * @param status the status shown for the job
 * @param state the last component state the bridge applied; restores its dedupe after a restart
 * @param dependsOn names of the jobs this one depends on
 * @param executions its install attempts, oldest first, numbered from 1; at most one is running, and it is
 *     the last: the bridge's cursor
 * @param updatedAt when the row last changed
 * @since 0.1
 */
public record Job(
    String name,
    ComponentId component,
    JobStatus status,
    ComponentState state,
    List<String> dependsOn,
    List<Execution> executions,
    Instant updatedAt) {

  public Job {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(component, "component");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(updatedAt, "updatedAt");
    dependsOn = List.copyOf(dependsOn);
    executions = List.copyOf(executions);
    for (int i = 0; i < executions.size(); i++) {
      Execution e = executions.get(i);
      if (e.number() != i + 1 || !e.job().equals(name)) {
        throw new IllegalArgumentException(
            "executions of job " + name + " must be numbered 1.." + executions.size() + " in order; got " + e);
      }
      if (e.isRunning() && i != executions.size() - 1) {
        throw new IllegalArgumentException("only the last execution of job " + name + " may be running");
      }
    }
  }

  /** The running execution (the cursor that log lines go to), if any. */
  public Optional<Execution> runningExecution() {
    if (executions.isEmpty()) {
      return Optional.empty();
    }
    Execution last = executions.get(executions.size() - 1);
    return last.isRunning() ? Optional.of(last) : Optional.empty();
  }

  /** This job with a new running execution numbered after the existing ones. */
  Job withOpenedExecution(Instant at) {
    List<Execution> next = new ArrayList<>(executions);
    next.add(Execution.open(name, executions.size() + 1, at));
    return new Job(name, component, status, state, dependsOn, next, at);
  }

  /** This job with its running execution finished as {@code status}. */
  Job withFinishedExecution(ExecutionStatus status, Instant at) {
    Execution running = runningExecution()
        .orElseThrow(() -> new IllegalStateException("job " + name + " has no running execution"));
    List<Execution> next = new ArrayList<>(executions);
    next.set(next.size() - 1, running.finish(status, at));
    return new Job(name, component, this.status, state, dependsOn, next, at);
  }

  /** This job with a new status, state and dependencies. */
  Job with(JobStatus status, ComponentState state, List<String> dependsOn, Instant at) {
    return new Job(name, component, status, state, dependsOn, executions, at);
  }
}
