package io.helmwatch.jobs;

import java.util.List;
import java.util.Optional;

/**
 * Where a {@link JobsBridge} keeps its jobs table: per deployment, {@link Job} rows (with their {@link
 * Execution}s) and an append-only log per execution. Built in: {@link InMemoryJobStore} and {@link
 * FileJobStore}.
 *
 * <p>Implementations are thread-safe and make each call atomic: {@link #putJob} either takes effect entirely
 * or not at all. They check names (a deployment id or job name with {@code /}, {@code ..} or control
 * characters is rejected with an {@link IllegalArgumentException}) and the append-only shape of executions:
 * a put may add one execution at the end and finish the running one, never remove, renumber or reopen one.
 * Failures to read or write are {@link JobStoreException}s.
 *
 * @since 0.1
 */
public interface JobStore extends AutoCloseable {

  /** Creates or replaces the job {@code job.name()} of {@code deployment}. */
  void putJob(String deployment, Job job);

  /**
   * Appends {@code line} to the log of the running execution {@code execution} of {@code job}.
   *
   * @throws IllegalStateException when that execution does not exist or is not running
   */
  void appendLine(String deployment, String job, int execution, LogLine line);

  /** The job {@code name} of {@code deployment}, if it exists. */
  Optional<Job> job(String deployment, String name);

  /** Every job of {@code deployment}, sorted by name; empty for an unknown deployment. */
  List<Job> jobs(String deployment);

  /** The executions of {@code job}, oldest first; empty for an unknown job. */
  default List<Execution> executions(String deployment, String job) {
    return job(deployment, job).map(Job::executions).orElse(List.of());
  }

  /**
   * Up to {@code limit} log lines of an execution, starting at line {@code offset} (0-based).
   *
   * @throws IllegalArgumentException when {@code offset} is negative or {@code limit} is not positive
   */
  LogPage lines(String deployment, String job, int execution, long offset, int limit);

  /** The deployments that have jobs, sorted. */
  List<String> deployments();

  /** Releases resources. Default: nothing to release. */
  @Override
  default void close() {}
}
