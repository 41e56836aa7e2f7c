package io.helmwatch.cli;

import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.Config;
import io.helmwatch.core.ReleaseKey;
import io.helmwatch.fabric8.Kubeconfigs;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The clusters one {@code watch} covers: kubeconfig contexts, the first of them the primary (its components
 * keep plain ids), each other one named by its context or a {@code --cluster-name ctx=name} mapping (its
 * components' ids are qualified: {@code sin-2:reloader}).
 */
final class Fleet {
  /** One cluster: its context ({@code null}: the current one), its name in release keys, its configuration. */
  record Member(@Nullable String context, String cluster, Config config) {
    boolean primary() {
      return cluster.equals(ReleaseKey.PRIMARY);
    }

    /** How the program names it to a person. */
    String label() {
      return context != null ? context : "current context";
    }
  }

  private Fleet() {}

  /**
   * The members for {@code contexts} (or every context of the kubeconfig, the current one first), with the
   * names of {@code clusterNames} ({@code ctx=name}).
   *
   * @throws IllegalArgumentException on a mapping that is malformed, names a context not watched or the
   *     primary, gives two clusters one name, or a context given twice
   * @throws ClusterUnavailableException when the kubeconfig cannot be loaded
   */
  static List<Member> resolve(@Nullable Path kubeconfig, List<String> contexts, boolean allContexts,
      List<String> clusterNames) {
    if (allContexts && !contexts.isEmpty()) {
      throw new IllegalArgumentException("--all-contexts and --context exclude each other");
    }
    List<String> names = allContexts ? allContexts(kubeconfig) : contexts;
    Set<String> unique = new LinkedHashSet<>(names);
    if (unique.size() != names.size()) {
      throw new IllegalArgumentException("a context is given twice: " + names);
    }
    Map<String, String> mapping = mapping(clusterNames);
    if (!names.isEmpty() && mapping.containsKey(names.get(0))) {
      throw new IllegalArgumentException("--cluster-name " + names.get(0) + "=... names the primary context, whose"
          + " components keep plain ids; map only the other contexts");
    }
    for (String ctx : mapping.keySet()) {
      if (!unique.contains(ctx)) {
        throw new IllegalArgumentException("--cluster-name names context '" + ctx + "', which is not watched;"
            + " watched: " + names);
      }
    }
    List<Member> members = new ArrayList<>();
    if (names.isEmpty()) {
      members.add(new Member(null, ReleaseKey.PRIMARY, config(kubeconfig, null)));
      return members;
    }
    Set<String> clusters = new LinkedHashSet<>();
    for (int i = 0; i < names.size(); i++) {
      String ctx = names.get(i);
      String cluster = i == 0 ? ReleaseKey.PRIMARY : mapping.getOrDefault(ctx, ctx);
      if (!clusters.add(cluster)) {
        throw new IllegalArgumentException("two contexts are both named cluster '" + cluster + "'; use --cluster-name");
      }
      members.add(new Member(ctx, cluster, config(kubeconfig, ctx)));
    }
    return members;
  }

  private static Map<String, String> mapping(List<String> clusterNames) {
    Map<String, String> mapping = new LinkedHashMap<>();
    for (String entry : clusterNames) {
      int eq = entry.indexOf('=');
      String ctx = eq < 0 ? "" : entry.substring(0, eq).trim();
      String name = eq < 0 ? "" : entry.substring(eq + 1).trim();
      if (ctx.isEmpty() || name.isEmpty() || name.contains(",") || name.contains(":")) {
        throw new IllegalArgumentException("--cluster-name wants CONTEXT=NAME (a name without ',' or ':'), was '"
            + entry + "'");
      }
      if (name.equals(ReleaseKey.PRIMARY)) {
        throw new IllegalArgumentException("--cluster-name " + entry + ": '" + ReleaseKey.PRIMARY
            + "' is the first context's name");
      }
      if (mapping.put(ctx, name) != null) {
        throw new IllegalArgumentException("--cluster-name maps context '" + ctx + "' twice");
      }
    }
    return mapping;
  }

  private static List<String> allContexts(@Nullable Path kubeconfig) {
    Config any = config(kubeconfig, null);
    List<String> names = new ArrayList<>();
    NamedContext current = any.getCurrentContext();
    if (current != null) {
      names.add(current.getName());
    }
    if (any.getContexts() != null) {
      for (NamedContext c : any.getContexts()) {
        if (!names.contains(c.getName())) {
          names.add(c.getName());
        }
      }
    }
    if (names.isEmpty()) {
      throw new ClusterUnavailableException("--all-contexts: the kubeconfig has no contexts"
          + (kubeconfig != null ? "; check --kubeconfig" : "; pass --kubeconfig or set KUBECONFIG"));
    }
    return names;
  }

  private static Config config(@Nullable Path kubeconfig, @Nullable String context) {
    try {
      Config config = kubeconfig != null ? Kubeconfigs.fromFile(kubeconfig, context) : Kubeconfigs.discover(context);
      // A person or a pipeline is waiting: fail a dead endpoint in seconds, not after ten retries.
      config.setRequestRetryBackoffLimit(2);
      return config;
    } catch (IllegalArgumentException e) {
      throw new ClusterUnavailableException(e.getMessage()
          + (kubeconfig != null ? "; check --kubeconfig" : "; pass --kubeconfig or set KUBECONFIG"));
    }
  }
}
