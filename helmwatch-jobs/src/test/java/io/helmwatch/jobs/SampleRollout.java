package io.helmwatch.jobs;

import io.helmwatch.core.ComponentId;
import io.helmwatch.core.ComponentState;
import io.helmwatch.core.EventLevel;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * A small rollout that touches every part of the file store's format: index rows with and without
 * executions, journal records over them, finished and running executions, every status, qualified and
 * non-ASCII job names, log lines whose messages need every kind of escaping. {@code
 * src/test/data/store-format-1/} is this rollout as {@link FileJobStore} wrote it with its first,
 * hand-written JSON writer; {@link StoreFormatCompatibilityTest} reads those files back.
 *
 * <p>{@code main(dir)} writes the rollout into {@code dir}. Run it only to look at what the current writer
 * makes of it; the checked-in files must stay as the first writer wrote them.
 */
final class SampleRollout {
  static final String DEPLOYMENT = "sovereign-1";
  /** A second deployment whose executions were compacted into its index. */
  static final String EDGE = "edge:sin-2";

  /** A message that needs every escape: quote, backslash, controls, separators, surrogates paired and not. */
  static final String NASTY = "quote \" backslash \\ slash / newline \n cr \r tab \t nul \u0000 bell \u0007"
      + " esc \u001b del \u007f é 中文 🚀 line-sep \u2028 para-sep \u2029 lone-high \ud800 lone-low \udc00"
      + " {\"not\":\"a field\"} end";

  private static final Instant T0 = Instant.parse("2026-05-15T19:16:00Z");

  private SampleRollout() {}

  static Instant at(int seconds) {
    return T0.plusSeconds(seconds);
  }

  static void write(JobStore store) {
    // Every job is created first: each creation compacts, so these rows are in the index.
    Job cilium = job("install-cilium", "cilium", JobStatus.PENDING, ComponentState.PENDING, List.of(), at(0));
    Job reloader = job("install-sin-2:reloader", "sin-2:reloader", JobStatus.PENDING, ComponentState.PENDING,
        List.of("install-cilium"), at(1));
    Job podinfo = job("install-dev/podinfo", "dev/podinfo", JobStatus.PENDING, ComponentState.PENDING,
        List.of("install-cilium", "install-sin-2:reloader"), at(2));
    Job cafe = job("install-café", "café", JobStatus.PENDING, ComponentState.PENDING, List.of(), at(3));
    for (Job j : List.of(cilium, reloader, podinfo, cafe)) {
      store.putJob(DEPLOYMENT, j);
    }

    // Everything after this is a put of a known job: a journal record.
    cilium = cilium.withOpenedExecution(at(10)).with(JobStatus.RUNNING, ComponentState.INSTALLING, List.of(),
        at(10));
    store.putJob(DEPLOYMENT, cilium);
    store.appendLine(DEPLOYMENT, "install-cilium", 1, new LogLine(at(10), EventLevel.INFO,
        "[installing] Running 'install' action with timeout of 5m0s"));
    store.appendLine(DEPLOYMENT, "install-cilium", 1, new LogLine(at(11), EventLevel.WARN, NASTY));
    store.appendLine(DEPLOYMENT, "install-cilium", 1, new LogLine(at(12), EventLevel.ERROR, ""));
    store.appendLine(DEPLOYMENT, "install-cilium", 1, new LogLine(Instant.parse("2026-05-15T19:16:12.123456789Z"),
        EventLevel.INFO, "x".repeat(2_000)));
    cilium = cilium.withFinishedExecution(ExecutionStatus.SUCCEEDED, Instant.parse("2026-05-15T19:16:20.5Z"))
        .with(JobStatus.SUCCEEDED, ComponentState.INSTALLED, List.of(), Instant.parse("2026-05-15T19:16:20.5Z"));
    store.putJob(DEPLOYMENT, cilium);

    reloader = reloader.withOpenedExecution(at(21)).with(JobStatus.RUNNING, ComponentState.DEGRADED,
        reloader.dependsOn(), at(21));
    store.putJob(DEPLOYMENT, reloader);
    store.appendLine(DEPLOYMENT, "install-sin-2:reloader", 1, new LogLine(at(22), EventLevel.ERROR,
        "[degraded] install retries exhausted: \"context deadline exceeded\""));
    reloader = reloader.withFinishedExecution(ExecutionStatus.FAILED, at(23));
    store.putJob(DEPLOYMENT, reloader);
    reloader = reloader.withOpenedExecution(at(24)).with(JobStatus.RUNNING, ComponentState.INSTALLING,
        reloader.dependsOn(), at(24));
    store.putJob(DEPLOYMENT, reloader);
    store.appendLine(DEPLOYMENT, "install-sin-2:reloader", 2, new LogLine(at(24), EventLevel.INFO,
        "[installing] second attempt"));

    podinfo = podinfo.withOpenedExecution(at(30)).with(JobStatus.RUNNING, ComponentState.INSTALLING,
        podinfo.dependsOn(), at(30));
    store.putJob(DEPLOYMENT, podinfo);
    store.appendLine(DEPLOYMENT, "install-dev/podinfo", 1, new LogLine(at(30), EventLevel.INFO,
        "[installing] podinfo"));
    podinfo = podinfo.withFinishedExecution(ExecutionStatus.CANCELLED, at(31))
        .with(JobStatus.CANCELLED, ComponentState.PENDING, List.of(), at(31));
    store.putJob(DEPLOYMENT, podinfo);

    cafe = cafe.with(JobStatus.FAILED, ComponentState.FAILED, List.of("install-cilium"), at(40));
    store.putJob(DEPLOYMENT, cafe);

    // Edge: executions first, then a new job compacts them into the index; its journal ends empty.
    Job traefik = job("install-traefik", "traefik", JobStatus.PENDING, ComponentState.PENDING, List.of(), at(50));
    store.putJob(EDGE, traefik);
    traefik = traefik.withOpenedExecution(at(51)).with(JobStatus.RUNNING, ComponentState.INSTALLING, List.of(),
        at(51));
    store.putJob(EDGE, traefik);
    store.appendLine(EDGE, "install-traefik", 1, new LogLine(at(51), EventLevel.INFO, "tab\there, 🚀"));
    traefik = traefik.withFinishedExecution(ExecutionStatus.SUCCEEDED, at(52))
        .with(JobStatus.SUCCEEDED, ComponentState.INSTALLED, List.of(), at(52));
    store.putJob(EDGE, traefik);
    store.putJob(EDGE, job("install-whoami", "whoami", JobStatus.PENDING, ComponentState.PENDING,
        List.of("install-traefik"), at(53)));
  }

  private static Job job(String name, String component, JobStatus status, ComponentState state,
      List<String> dependsOn, Instant at) {
    return new Job(name, ComponentId.of(component), status, state, dependsOn, List.of(), at);
  }

  public static void main(String[] args) {
    try (FileJobStore store = FileJobStore.open(Path.of(args[0]))) {
      write(store);
    }
  }
}
