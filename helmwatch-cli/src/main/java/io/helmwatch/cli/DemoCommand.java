package io.helmwatch.cli;

import io.helmwatch.core.ComponentId;
import io.helmwatch.core.WatchResult;
import io.helmwatch.core.Watcher;
import io.helmwatch.fabric8.Fabric8ReleaseSource;
import io.helmwatch.jobs.FileJobStore;
import io.helmwatch.testing.HelmControllerSimulator;
import io.helmwatch.testing.HelmRelease;
import io.helmwatch.testing.HelmReleases;
import io.helmwatch.testing.fabric8.FakeCluster;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The main job, on an embedded API server: a simulated helm-controller installs an eleven-component kit in
 * dependency order, with status churn; a watcher reports each component; half-way the watcher is restarted
 * (new source, new watcher) and reports every component once more; a jobs table is written to disk.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Install an 11-component kit on an embedded API server and watch it (the default command).")
final class DemoCommand implements Callable<Integer> {
  private static final String PREFIX = "bp-";
  private static final String DEPLOYMENT = "demo";
  private static final int RESTART_AFTER_ROUND = 7;

  @Spec CommandSpec spec;

  @Mixin CommonOptions common = new CommonOptions();

  @Option(names = "--fail", paramLabel = "COMPONENT",
      description = "Make every install attempt of this component fail, e.g. gitea: helm-controller retries"
          + " (degraded) until its 3 remediation retries are spent, then gives up (Stalled: failed).")
  @Nullable String fail;

  @Option(names = "--flaky", paramLabel = "COMPONENT",
      description = "Make the first install attempt of this component fail; helm-controller's retry installs"
          + " it and the kit still ends ready.")
  @Nullable String flaky;

  @Option(names = "--fail-fast", description = "End on the first failed attempt instead of waiting until"
      + " helm-controller gives up.")
  boolean failFast;

  @Option(names = "--upgrade", paramLabel = "COMPONENT",
      description = "Upgrade this component once installed, to show that a stale Ready reads installing.")
  @Nullable String upgrade;

  @Option(names = "--speed", paramLabel = "FACTOR", defaultValue = "1",
      description = "Run the simulated controller this many times faster (default ${DEFAULT-VALUE}).")
  double speed;

  @Option(names = "--jobs-dir", paramLabel = "DIR",
      description = "Where to write the jobs table (default: a new temporary directory).")
  @Nullable Path jobsDir;

  @Option(names = "--churn", paramLabel = "N", defaultValue = "3",
      description = "Status patches that change nothing after each real one (default ${DEFAULT-VALUE}).")
  int churn;

  @Override
  public Integer call() throws Exception {
    if (!(speed > 0) || speed > 1000) {
      throw new ParameterException(spec.commandLine(), "--speed must be > 0 and <= 1000, was " + speed);
    }
    if (churn < 0) {
      throw new ParameterException(spec.commandLine(), "--churn must be >= 0, was " + churn);
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<HelmRelease> kit = HelmReleases.bootstrapKit();
    Duration round = Duration.ofNanos((long) (1_000_000_000L / speed));
    HelmControllerSimulator.Builder simulation = HelmControllerSimulator.builder(kit).churn(churn).roundDelay(round);
    try {
      if (fail != null) {
        simulation.fail(releaseName(fail));
      }
      if (flaky != null) {
        simulation.failOnce(releaseName(flaky));
      }
      if (upgrade != null) {
        simulation.upgrade(releaseName(upgrade));
      }
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    Path dir = jobsDir != null ? Files.createDirectories(jobsDir) : Files.createTempDirectory("helmwatch-demo-");
    Output output = common.output().create(out, err, Clock.systemUTC(), kit.size());
    Function<String, ComponentId> ids = name -> ComponentId.of(name.substring(PREFIX.length()));
    Duration settleTimeout = Duration.ofSeconds(15);

    try (FakeCluster cluster = FakeCluster.start(); FileJobStore store = FileJobStore.open(dir);
        Ticker ticker = Ticker.start(output)) {
      HelmControllerSimulator.Rollout rollout = simulation.build().start(cluster::apply);
      WatchSession session = WatchSession.start(watcher(cluster, kit.size(), failFast), output, store, DEPLOYMENT, SpecSinks.none());
      try {
        session.settle(rollout.expectedStates(), ids, settleTimeout);
        for (int n = 1; !rollout.finished() && !session.watcher.result().isDone(); n++) {
          TimeUnit.NANOSECONDS.sleep(round.toNanos());
          rollout.round();
          session.settle(rollout.expectedStates(), ids, settleTimeout);
          if (n == RESTART_AFTER_ROUND && !session.watcher.result().isDone()) {
            session.close();
            output.banner("Restarting the watcher (new source, new watcher): every component is reported once"
                + " more; the jobs table ignores what it already has.");
            session = WatchSession.start(watcher(cluster, kit.size(), failFast), output, store, DEPLOYMENT, SpecSinks.none());
            session.settle(rollout.expectedStates(), ids, settleTimeout);
          }
        }
        WatchResult result = session.watcher.result().get(settleTimeout.toSeconds(), TimeUnit.SECONDS);
        output.banner("Jobs table: " + store.directory(DEPLOYMENT) + " (helmwatch jobs --jobs-dir " + dir + ")");
        return ExitCode.of(result.outcome());
      } finally {
        session.close();
      }
    }
  }

  private static Watcher.Builder watcher(FakeCluster cluster, int expected, boolean failFast) {
    Fabric8ReleaseSource source = Fabric8ReleaseSource.builder().client(cluster.client()).build();
    return Watcher.builder(source).namePrefix(PREFIX).expectAtLeast(expected).timeout(Duration.ofMinutes(5))
        .failFast(failFast);
  }

  /** {@code gitea} or {@code bp-gitea}. */
  private static String releaseName(String component) {
    return component.startsWith(PREFIX) ? component : PREFIX + component;
  }
}
