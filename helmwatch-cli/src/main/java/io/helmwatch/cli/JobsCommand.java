package io.helmwatch.cli;

import io.helmwatch.jobs.Execution;
import io.helmwatch.jobs.FileJobStore;
import io.helmwatch.jobs.Job;
import io.helmwatch.jobs.LogLine;
import io.helmwatch.jobs.LogPage;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Prints a stored jobs table, or the log lines of one execution. */
@Command(name = "jobs", mixinStandardHelpOptions = true,
    description = "Print the jobs table kept in --jobs-dir, or one execution's log lines.")
final class JobsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--jobs-dir", paramLabel = "DIR", required = true, description = "The jobs table's directory.")
  Path jobsDir;

  @Option(names = "--deployment", paramLabel = "NAME", description = "Which table (default: every one).")
  @Nullable String deployment;

  @Option(names = "--job", paramLabel = "NAME", description = "With --execution: the job, e.g. install-cilium.")
  @Nullable String job;

  @Option(names = "--execution", paramLabel = "N", description = "Print this execution's log lines.")
  @Nullable Integer execution;

  @Override
  public Integer call() {
    if (!Files.isDirectory(jobsDir)) {
      throw new IllegalArgumentException("No jobs table at " + jobsDir + ": not a directory");
    }
    PrintWriter out = spec.commandLine().getOut();
    try (FileJobStore store = FileJobStore.open(jobsDir)) {
      List<String> deployments = deployment != null ? List.of(deployment) : store.deployments();
      if (execution != null) {
        if (job == null || deployments.size() != 1) {
          throw new IllegalArgumentException("--execution needs --job, and --deployment when the directory holds"
              + " several tables: " + deployments);
        }
        printLines(out, store, deployments.get(0), job, execution);
        return ExitCode.READY;
      }
      for (String d : deployments) {
        out.println("deployment " + d);
        out.printf("  %-34s %-10s %-10s %-5s %s%n", "JOB", "STATUS", "STATE", "RUNS", "LAST RUN");
        for (Job j : store.jobs(d)) {
          List<Execution> runs = j.executions();
          String last = runs.isEmpty() ? "-" : describe(runs.get(runs.size() - 1));
          out.printf("  %-34s %-10s %-10s %-5d %s%n", j.name(), j.status().wireName(), j.state().wireName(),
              runs.size(), last);
        }
      }
      out.flush();
      return ExitCode.READY;
    }
  }

  private static void printLines(PrintWriter out, FileJobStore store, String deployment, String job, int n) {
    long offset = 0;
    LogPage page;
    do {
      page = store.lines(deployment, job, n, offset, 500);
      for (LogLine line : page.lines()) {
        out.println(Text.time(line.time()) + " " + line.level().name() + " "
            + Text.oneLine(line.message()));
      }
      offset = page.nextOffset();
    } while (page.hasMore());
    out.flush();
  }

  private static String describe(Execution e) {
    Duration d = e.duration();
    return "#" + e.number() + " " + e.status().wireName() + (d == null ? "" : " in " + TableOutput.clockTime(d));
  }
}
