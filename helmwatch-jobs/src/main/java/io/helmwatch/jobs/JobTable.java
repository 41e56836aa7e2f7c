package io.helmwatch.jobs;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The jobs of one deployment in memory, shared by both built-in stores. Not thread-safe: stores guard it.
 * {@link #check} enforces the append-only shape of executions, so a store can check a put before it writes
 * anything.
 */
final class JobTable {
  private final TreeMap<String, Job> jobs = new TreeMap<>();

  /** @throws IllegalArgumentException when {@code next} would rewrite history. */
  void check(String deployment, Job next) {
    StoreNames.checkJobName(next.name(), "job name");
    for (String dep : next.dependsOn()) {
      StoreNames.checkJobName(dep, "dependsOn job name of " + next.name());
    }
    Job previous = jobs.get(next.name());
    List<Execution> before = previous == null ? List.of() : previous.executions();
    List<Execution> after = next.executions();
    if (after.size() < before.size() || after.size() > before.size() + 1) {
      throw new IllegalArgumentException("job " + next.name() + " of " + deployment
          + " may gain at most one execution per put and never lose one: had " + before.size() + ", got "
          + after.size());
    }
    for (int i = 0; i < before.size(); i++) {
      Execution was = before.get(i);
      Execution is = after.get(i);
      boolean same = was.equals(is);
      boolean finished = was.isRunning() && !is.isRunning() && was.startedAt().equals(is.startedAt());
      if (!same && !finished) {
        throw new IllegalArgumentException("execution " + next.name() + "#" + was.number() + " of " + deployment
            + " may only go from running to finished; was " + was + ", got " + is);
      }
    }
  }

  void put(Job job) {
    jobs.put(job.name(), job);
  }

  @Nullable Job get(String name) {
    return jobs.get(name);
  }

  Optional<Job> find(String name) {
    return Optional.ofNullable(jobs.get(name));
  }

  List<Job> all() {
    return List.copyOf(jobs.values());
  }

  /** All jobs with {@code replacement} in place of its namesake, sorted by name. */
  List<Job> allWith(Job replacement) {
    TreeMap<String, Job> copy = new TreeMap<>(jobs);
    copy.put(replacement.name(), replacement);
    return new ArrayList<>(copy.values());
  }

  boolean isEmpty() {
    return jobs.isEmpty();
  }

  /** The running execution {@code number} of {@code job}. */
  Execution running(String deployment, String job, int number) {
    Job j = jobs.get(job);
    if (j == null) {
      throw new IllegalStateException("no job " + job + " in deployment " + deployment);
    }
    Execution running = j.runningExecution().orElse(null);
    if (running == null || running.number() != number) {
      throw new IllegalStateException("execution " + job + "#" + number + " of " + deployment
          + " is not running; lines go only to the running execution");
    }
    return running;
  }

  static void checkPage(long offset, int limit) {
    if (offset < 0) {
      throw new IllegalArgumentException("offset must be >= 0, was " + offset);
    }
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be >= 1, was " + limit);
    }
  }
}
