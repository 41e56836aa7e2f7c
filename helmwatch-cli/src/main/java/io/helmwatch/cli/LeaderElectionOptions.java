package io.helmwatch.cli;

import io.fabric8.kubernetes.client.Config;
import io.helmwatch.core.Watcher;
import io.helmwatch.fabric8.LeaderElectedWatcher;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * {@code --leader-elect} and the Lease it runs on: of several replicas of {@code helmwatch watch}, only the
 * one holding the Lease watches and delivers. Durations are client-go's defaults (15s, 10s, 2s).
 */
final class LeaderElectionOptions {
  @Option(names = "--leader-elect",
      description = "Watch and deliver only while holding a coordination.k8s.io Lease (for several replicas);"
          + " needs --lease-namespace and the Role helmwatch-leader-election of deploy/rbac.yaml.")
  boolean enabled;

  @Option(names = "--lease-namespace", paramLabel = "NS", description = "Namespace of the Lease (with --leader-elect).")
  @Nullable String namespace;

  @Option(names = "--lease-name", paramLabel = "NAME",
      description = "Name of the Lease (default " + LeaderElectedWatcher.DEFAULT_LEASE_NAME + ").")
  @Nullable String name;

  @Option(names = "--identity", paramLabel = "ID",
      description = "This replica's identity in the Lease (default: host name and a random suffix).")
  @Nullable String identity;

  /** Refuses lease options without {@code --leader-elect}, and {@code --leader-elect} without a namespace. */
  void validate() {
    if (!enabled) {
      if (namespace != null || name != null || identity != null) {
        throw new IllegalArgumentException("--lease-namespace, --lease-name and --identity need --leader-elect");
      }
      return;
    }
    if (namespace == null) {
      throw new IllegalArgumentException("--leader-elect needs --lease-namespace NS (where the Lease lives)");
    }
  }

  /** The elected wrapper over watchers from {@code watchers}, electing through the API server of {@code config}. */
  LeaderElectedWatcher build(Config config, Supplier<Watcher> watchers) {
    LeaderElectedWatcher.Builder b = LeaderElectedWatcher.builder(config)
        .leaseNamespace(java.util.Objects.requireNonNull(namespace, "namespace"))
        .watcher(watchers);
    if (name != null) {
      b.leaseName(name);
    }
    if (identity != null) {
      b.identity(identity);
    }
    return b.build();
  }
}
