package io.helmwatch.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.helmwatch.core.CompositeReleaseSource;
import io.helmwatch.core.ReleaseSource;
import io.helmwatch.core.WatchResult;
import io.helmwatch.core.Watcher;
import io.helmwatch.core.WatcherSettings;
import io.helmwatch.fabric8.Fabric8ReleaseSource;
import io.helmwatch.fabric8.HelmReleaseApi;
import io.helmwatch.fabric8.Kubeconfigs;
import io.helmwatch.fabric8.LeaderElectedWatcher;
import io.helmwatch.jobs.FileJobStore;
import io.helmwatch.jobs.JobStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * Watches a real cluster until its HelmReleases converge: what {@code kubectl wait} does for one object,
 * for a whole kit, with the reasons. Exit code 0 ready, 1 failed, 2 timeout, 3 Flux not reconciling, 4
 * cluster unreachable or unauthorised, Flux not installed (unless {@code --wait-for-flux}), or the {@code
 * --api-version} asked for not served. Without {@code --api-version} each cluster is watched in the
 * HelmRelease version it prefers, read from its discovery document.
 */
@Command(name = "watch", mixinStandardHelpOptions = true,
    description = "Watch the HelmReleases of a cluster until they are all installed or one failed.",
    footer = {"", "Environment: HELMWATCH_TIMEOUT, HELMWATCH_FIRST_SEEN_TIMEOUT, HELMWATCH_EXPECT_AT_LEAST"
        + " (flags win)."})
final class WatchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin CommonOptions common = new CommonOptions();

  @Option(names = "--kubeconfig", paramLabel = "FILE",
      description = "Kubeconfig file (default: KUBECONFIG, ~/.kube/config or the in-cluster account).")
  @Nullable Path kubeconfig;

  @Option(names = "--context", paramLabel = "NAME",
      description = "Kubeconfig context (default: current); repeat to watch several clusters, the first the"
          + " primary (plain ids), the others with ids qualified by their context (ctx:name).")
  List<String> contexts = new ArrayList<>();

  @Option(names = "--all-contexts", description = "Watch every context of the kubeconfig, the current one as primary.")
  boolean allContexts;

  @Option(names = "--cluster-name", paramLabel = "CTX=NAME",
      description = "Qualify the ids of context CTX with NAME instead of the context's name (repeatable).")
  List<String> clusterNames = new ArrayList<>();

  @Mixin LeaderElectionOptions leaderElection = new LeaderElectionOptions();

  @ArgGroup(exclusive = true)
  @Nullable Scope scope;

  static final class Scope {
    @Option(names = {"-n", "--namespace"}, paramLabel = "NS", description = "Namespace (default flux-system).")
    @Nullable String namespace;

    @Option(names = {"-A", "--all-namespaces"}, description = "Watch every namespace.")
    boolean all;
  }

  @Option(names = {"-l", "--selector"}, paramLabel = "SELECTOR", description = "Label selector, e.g. kit=bootstrap.")
  @Nullable String selector;

  @Option(names = "--prefix", paramLabel = "PREFIX",
      description = "Keep only releases named PREFIX* and strip it from ids (default: every release).")
  @Nullable String prefix;

  @Option(names = "--api-version", paramLabel = "VERSION", converter = ApiConverter.class,
      description = "HelmRelease API version: v2, v2beta2 or v2beta1 (default: the version each cluster"
          + " prefers; exit 4 if the cluster does not serve the one given).")
  @Nullable HelmReleaseApi api;

  @Option(names = "--expect", paramLabel = "N", description = "Do not finish before N components were seen.")
  @Nullable Integer expect;

  @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "Give up after this long (e.g. 30m; default 60m).")
  @Nullable Duration timeout;

  @Option(names = "--first-seen-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "Warn once if no release appears within this long (default 15m).")
  @Nullable Duration firstSeenTimeout;

  @Option(names = "--stuck-after", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "Report a release once as stuck when it stays installing or degraded this long (default:"
          + " twice its spec.timeout, else 10m).")
  @Nullable Duration stuckAfter;

  @Option(names = "--fail-fast", description = "Fail on the first failed install or upgrade attempt instead of"
      + " waiting until helm-controller gives up (Stalled). Without it, a release that Flux retries reads"
      + " degraded and the watch goes on. The same as --max-attempts 1.")
  boolean failFast;

  @Option(names = "--max-attempts", paramLabel = "N",
      description = "Fail a release once its current generation has failed N install or upgrade attempts, also"
          + " under RetryOnFailure (which helm-controller retries forever). Default: fail only when"
          + " helm-controller gives up (Stalled).")
  @Nullable Integer maxAttempts;

  @Option(names = "--continuous", description = "Never finish: report changes until interrupted.")
  boolean continuous;

  @Option(names = "--wait-for-flux",
      description = "If the HelmRelease CRD is not installed yet, wait for it (checking 1s to 30s apart) instead of"
          + " exiting 4; --timeout still applies.")
  boolean waitForFlux;

  @Option(names = "--sink", paramLabel = "SPEC",
      description = "Also deliver to a sink, e.g. log, jsonl:path=events.jsonl, webhook:url=https://...,"
          + " cloudevents-webhook:url=https://...,mode=binary|structured, cloudevents-jsonl:path=ce.jsonl,"
          + " kafka:bootstrap=host:9092,topic=helmwatch.events (repeatable).")
  List<String> sinks = new ArrayList<>();

  @Option(names = "--jobs-dir", paramLabel = "DIR", description = "Keep a jobs table in this directory.")
  @Nullable Path jobsDir;

  @Option(names = "--deployment", paramLabel = "NAME",
      description = "Name of this cluster's table in --jobs-dir (default: the context, or 'default').")
  @Nullable String deployment;

  /** The environment, replaceable in tests. */
  Map<String, String> environment = System.getenv();

  @Override
  public Integer call() throws Exception {
    if (expect != null && expect < 0) {
      throw new IllegalArgumentException("--expect must be >= 0, was " + expect);
    }
    if (maxAttempts != null && maxAttempts < 1) {
      throw new ParameterException(spec.commandLine(), "--max-attempts must be >= 1, was " + maxAttempts);
    }
    if (maxAttempts != null && failFast) {
      throw new ParameterException(spec.commandLine(),
          "--fail-fast is --max-attempts 1: give one of them, not both");
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    String namespace = scope != null && scope.all ? null
        : scope != null && scope.namespace != null ? scope.namespace : "flux-system";

    leaderElection.validate();
    List<Fleet.Member> members = new ArrayList<>(Fleet.resolve(kubeconfig, contexts, allContexts, clusterNames));
    // Specs are checked before the cluster (a typo is a usage error); each watcher builds its own sinks.
    SpecSinks.build(sinks).close();
    List<KubernetesClient> clients = new ArrayList<>();
    try {
      for (Fleet.Member m : members) {
        clients.add(Kubeconfigs.client(m.config()));
      }
      List<@Nullable HelmReleaseApi> apis = checkClusters(members, clients, namespace, err);
      WatcherSettings settings = settings();
      Output output = common.output().create(out, err, Clock.systemUTC(), settings.expectAtLeast(),
          members.stream().map(Fleet.Member::cluster).toList());
      JobStore store = jobsDir != null ? FileJobStore.open(jobsDir) : null;
      String primaryContext = members.get(0).context();
      String table = deployment != null ? deployment : primaryContext != null ? primaryContext : "default";
      try (Ticker ticker = Ticker.start(output)) {
        // A watcher runs once: with leader election each term builds a new one, with new sinks.
        Supplier<Watcher> watchers = () -> WatchSession.assemble(watcherBuilder(members, clients, apis, namespace),
            output, store, table, SpecSinks.build(sinks));
        if (leaderElection.enabled) {
          try (LeaderElectedWatcher elected = leaderElection.build(members.get(0).config(), watchers)) {
            return awaitExit(elected.start(), elected::close);
          }
        }
        try (WatchSession session = WatchSession.started(watchers.get())) {
          return awaitExit(session.watcher.result(), session::close);
        }
      } finally {
        if (store != null) {
          store.close();
        }
      }
    } finally {
      clients.forEach(KubernetesClient::close);
    }
  }

  /**
   * The version to watch on each cluster, read from each one's discovery document ({@code null}: the source
   * reads it once Flux is there). The primary cluster must answer (exit 4 otherwise, as with one cluster);
   * another cluster that does not is reported and watched anyway, so that one unreachable region does not
   * stop the fleet's watch. Another cluster that answers but does not serve the {@code --api-version} given
   * is reported and removed from {@code members} and {@code clients} (its client closed): no retry would
   * make it serve that version, and its source would never sync.
   */
  private List<@Nullable HelmReleaseApi> checkClusters(List<Fleet.Member> members, List<KubernetesClient> clients,
      @Nullable String namespace, PrintWriter err) {
    List<@Nullable HelmReleaseApi> apis = new ArrayList<>();
    for (int i = 0; i < members.size(); i++) {
      try {
        apis.add(ClusterCheck.check(clients.get(i), api, namespace, waitForFlux));
      } catch (ClusterUnavailableException e) {
        if (i == 0) {
          throw e;
        }
        if (e.versionNotServed()) {
          err.println("warning: cluster " + members.get(i).cluster() + " (" + members.get(i).label() + "): "
              + e.getMessage() + " Not watching it.");
          err.flush();
          clients.remove(i).close();
          members.remove(i);
          i--;
          continue;
        }
        apis.add(api);
        err.println("warning: cluster " + members.get(i).cluster() + " (" + members.get(i).label() + "): "
            + e.getMessage() + " Watching the other clusters meanwhile.");
        err.flush();
      }
    }
    return apis;
  }

  private Watcher.Builder watcherBuilder(List<Fleet.Member> members, List<KubernetesClient> clients,
      List<@Nullable HelmReleaseApi> apis, @Nullable String namespace) {
    List<ReleaseSource> sources = new ArrayList<>();
    for (int i = 0; i < members.size(); i++) {
      // A secondary cluster without Flux (yet) is waited for rather than dropped from the fleet.
      Fabric8ReleaseSource.Builder source = Fabric8ReleaseSource.builder().client(clients.get(i))
          .cluster(members.get(i).cluster()).waitForCrd(waitForFlux || i > 0);
      HelmReleaseApi version = apis.get(i);
      if (version != null) {
        source.api(version);
      }
      if (namespace == null) {
        source.allNamespaces();
      } else {
        source.namespace(namespace);
      }
      if (selector != null) {
        source.labelSelector(selector);
      }
      sources.add(source.build());
    }
    ReleaseSource all = sources.size() == 1 ? sources.get(0) : CompositeReleaseSource.of(sources);
    Watcher.Builder builder = Watcher.builder(all).settings(settings()).failFast(failFast);
    if (maxAttempts != null) {
      builder.maxAttempts(maxAttempts);
    }
    if (prefix != null) {
      builder.namePrefix(prefix);
    }
    if (continuous) {
      builder.continuous();
    }
    if (stuckAfter != null) {
      builder.stuckAfter(stuckAfter);
    }
    return builder;
  }

  private static int awaitExit(CompletableFuture<WatchResult> result, Runnable close) {
    Thread shutdown = new Thread(close, "helmwatch-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdown);
    try {
      return ExitCode.of(result.join().outcome());
    } finally {
      removeHook(shutdown);
    }
  }

  /** The environment first, then the flags. */
  WatcherSettings settings() {
    WatcherSettings env = WatcherSettings.fromEnvironment(environment);
    return new WatcherSettings(
        timeout != null ? timeout : env.timeout(),
        firstSeenTimeout != null ? firstSeenTimeout : env.firstSeenTimeout(),
        expect != null ? expect : env.expectAtLeast());
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // Already shutting down: the hook is closing the watcher.
    }
  }

  /** {@code 90s}, {@code 15m}, {@code 1h} or ISO-8601. */
  static final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      Duration d = WatcherSettings.parseDuration(value);
      if (d == null || d.isNegative() || d.isZero()) {
        throw new TypeConversionException("'" + value + "' is not a positive duration (use 90s, 15m, 1h or PT15M)");
      }
      return d;
    }
  }

  /** {@code v2}, {@code v2beta2} or {@code v2beta1}. */
  static final class ApiConverter implements ITypeConverter<HelmReleaseApi> {
    @Override
    public HelmReleaseApi convert(String value) {
      for (HelmReleaseApi api : HelmReleaseApi.values()) {
        if (api.version().equalsIgnoreCase(value) || api.apiVersion().equalsIgnoreCase(value)) {
          return api;
        }
      }
      throw new TypeConversionException("'" + value + "' is not a HelmRelease API version; use v2, v2beta2 or v2beta1");
    }
  }
}
