package io.helmwatch.jobs;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * A {@link JobStore} in memory: for tests and for processes that need no history across restarts.
 *
 * @since 0.1
 */
public final class InMemoryJobStore implements JobStore {
  private final ConcurrentHashMap<String, Deployment> deployments = new ConcurrentHashMap<>();

  /** One lock per deployment: deployments never wait for each other. */
  private static final class Deployment {
    final JobTable table = new JobTable();
    final Map<String, List<LogLine>> lines = new HashMap<>();
  }

  @Override
  public void putJob(String deployment, Job job) {
    Deployment d = deployment(deployment);
    synchronized (d) {
      d.table.check(deployment, job);
      d.table.put(job);
    }
  }

  @Override
  public void appendLine(String deployment, String job, int execution, LogLine line) {
    Deployment d = deployment(deployment);
    synchronized (d) {
      d.table.running(deployment, job, execution);
      d.lines.computeIfAbsent(key(job, execution), k -> new ArrayList<>()).add(line);
    }
  }

  @Override
  public Optional<Job> job(String deployment, String name) {
    Deployment d = existing(deployment);
    if (d == null) {
      return Optional.empty();
    }
    synchronized (d) {
      return d.table.find(name);
    }
  }

  @Override
  public List<Job> jobs(String deployment) {
    Deployment d = existing(deployment);
    if (d == null) {
      return List.of();
    }
    synchronized (d) {
      return d.table.all();
    }
  }

  @Override
  public LogPage lines(String deployment, String job, int execution, long offset, int limit) {
    JobTable.checkPage(offset, limit);
    Deployment d = existing(deployment);
    if (d == null) {
      return new LogPage(List.of(), offset, 0);
    }
    synchronized (d) {
      List<LogLine> all = d.lines.getOrDefault(key(job, execution), List.of());
      int from = (int) Math.min(offset, all.size());
      int to = (int) Math.min((long) from + limit, all.size());
      return new LogPage(all.subList(from, to), offset, all.size());
    }
  }

  @Override
  public List<String> deployments() {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, Deployment> e : deployments.entrySet()) {
      synchronized (e.getValue()) {
        if (!e.getValue().table.isEmpty()) {
          out.add(e.getKey());
        }
      }
    }
    return List.copyOf(new TreeSet<>(out));
  }

  private Deployment deployment(String deployment) {
    return deployments.computeIfAbsent(StoreNames.check(deployment, "deployment id"), k -> new Deployment());
  }

  private @Nullable Deployment existing(String deployment) {
    return deployments.get(StoreNames.check(deployment, "deployment id"));
  }

  private static String key(String job, int execution) {
    return job + '#' + execution;
  }
}
