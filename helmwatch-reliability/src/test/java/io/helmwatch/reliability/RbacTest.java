package io.helmwatch.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.helmwatch.core.ComponentState;
import io.helmwatch.core.Watcher;
import io.helmwatch.fabric8.Fabric8ReleaseSource;
import io.helmwatch.fabric8.LeaderElectedWatcher;
import io.helmwatch.testing.FakeReleaseSource;
import io.helmwatch.testing.HelmRelease;
import io.helmwatch.testing.HelmReleases;
import io.helmwatch.testing.RecordingSink;
import io.helmwatch.testing.fabric8.FakeCluster;
import io.helmwatch.testing.fabric8.FaultProxy;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every request the library sends during a watch is a read that {@code deploy/rbac.yaml} allows, apart from
 * the HelmRelease group's discovery document, which every authenticated user may read.
 */
class RbacTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Path RBAC = Path.of("..", "deploy", "rbac.yaml");
  private static final String DISCOVERY = "GET /apis/helm.toolkit.fluxcd.io";

  /** One request as RBAC sees it. */
  record Access(String verb, String group, String resource, String namespace) {
    static Access of(String request) {
      String method = request.substring(0, request.indexOf(' '));
      URI uri = URI.create(request.substring(request.indexOf(' ') + 1));
      String[] p = uri.getPath().replaceFirst("^/", "").split("/");
      // /api/v1/... or /apis/{group}/{version}/...
      int i = p[0].equals("api") ? 2 : 3;
      String group = p[0].equals("api") ? "" : p[1];
      String namespace = null;
      if (p.length > i + 1 && p[i].equals("namespaces")) {
        namespace = p[i + 1];
        i += 2;
      }
      String resource = p.length > i ? p[i] : "";
      boolean named = p.length > i + 1;
      if (p.length > i + 2) {
        resource = resource + "/" + p[i + 2];
      }
      String query = uri.getQuery() == null ? "" : uri.getQuery();
      String verb = switch (method) {
        case "GET" -> query.contains("watch=true") ? "watch" : named ? "get" : "list";
        case "POST" -> "create";
        case "PUT" -> "update";
        case "PATCH" -> "patch";
        case "DELETE" -> "delete";
        default -> method.toLowerCase(java.util.Locale.ROOT);
      };
      return new Access(verb, group, resource, namespace);
    }
  }

  private static List<String> requestsDuringAWatch(boolean allNamespaces) throws Exception {
    try (FakeCluster cluster = FakeCluster.start();
        FaultProxy recorder = FaultProxy.in(cluster.client().getConfiguration().getMasterUrl());
        KubernetesClient client = new KubernetesClientBuilder()
            .withConfig(new ConfigBuilder(Config.empty()).withMasterUrl(recorder.url()).build()).build()) {
      cluster.create(HelmReleases.named("bp-cilium").installed());
      cluster.create(HelmReleases.named("bp-flux").dependsOn("bp-cilium").progressing());
      Fabric8ReleaseSource.Builder b = Fabric8ReleaseSource.builder().client(client);
      if (allNamespaces) {
        b.allNamespaces();
      }
      RecordingSink sink = new RecordingSink();
      // Over all namespaces ids are namespace-qualified.
      String flux = allNamespaces ? "flux-system/bp-flux" : "bp-flux";
      try (Watcher watcher = Watcher.builder(b.build()).sink(sink).continuous().build()) {
        watcher.start();
        sink.awaitState(flux, ComponentState.INSTALLING, WAIT);
        // A dropped watch and an expired one: the reconnect and the relist must be reads too.
        recorder.expireWatches(1);
        awaitOpen(cluster);
        cluster.dropWatches();
        UnaryOperator<HelmRelease> installed = HelmRelease::installed;
        assertThat(recorder.awaitUsedUp(WAIT)).isTrue();
        cluster.patchStatus("bp-flux", installed);
        sink.awaitState(flux, ComponentState.INSTALLED, WAIT);
      }
      return recorder.requests();
    }
  }

  private static void awaitOpen(FakeCluster cluster) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (cluster.openWatches() == 0) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no watch connection opened within " + WAIT);
      }
      java.util.concurrent.locks.LockSupport.parkNanos(2_000_000);
    }
  }

  @ParameterizedTest(name = "all namespaces: {0}")
  @ValueSource(booleans = {false, true})
  void everyRequestOfAWatchIsAReadTheRoleAllows(boolean allNamespaces) throws Exception {
    Map<String, List<RbacRules.Rule>> roles = RbacRules.read(RBAC);
    List<RbacRules.Rule> rules = roles.get(allNamespaces ? "ClusterRole/helmwatch" : "Role/helmwatch");

    List<String> all = requestsDuringAWatch(allNamespaces);
    // The served versions are read first from the group's discovery document: a non-resource URL that the
    // built-in ClusterRole system:discovery lets every authenticated user read, so no Role grants it.
    assertThat(all).as("requests the library sent").isNotEmpty().first().isEqualTo(DISCOVERY);
    List<String> requests = all.stream().filter(r -> !r.equals(DISCOVERY)).toList();

    assertThat(requests).as("resource requests the library sent").isNotEmpty()
        .anyMatch(r -> r.contains("watch=true"))
        .allSatisfy(r -> {
          Access a = Access.of(r);
          assertThat(List.of("get", "list", "watch")).as("%s is a read", r).contains(a.verb());
          assertThat(rules).as("%s (%s) is allowed by %s", r, a, RBAC)
              .anyMatch(rule -> rule.allows(a.group(), a.resource(), a.verb()));
          if (!allNamespaces) {
            assertThat(a.namespace()).as("%s stays in the Role's namespace", r).isEqualTo("flux-system");
          }
        });
  }

  @Test
  void watchingRolesGrantOnlyReadsOfHelmReleasesAndPodsAreOnlyForTheTailer() throws Exception {
    Map<String, List<RbacRules.Rule>> roles = RbacRules.read(RBAC);

    assertThat(roles).containsOnlyKeys("Role/helmwatch", "ClusterRole/helmwatch", "Role/helmwatch-log-tailer",
        "Role/helmwatch-leader-election");
    for (String watching : List.of("Role/helmwatch", "ClusterRole/helmwatch")) {
      assertThat(roles.get(watching)).as(watching).containsExactly(new RbacRules.Rule(
          List.of("helm.toolkit.fluxcd.io"), List.of("helmreleases"), List.of("get", "list", "watch")));
    }
    assertThat(roles.get("Role/helmwatch-log-tailer")).containsExactly(
        new RbacRules.Rule(List.of(""), List.of("pods"), List.of("get", "list", "watch")),
        new RbacRules.Rule(List.of(""), List.of("pods/log"), List.of("get")));
    assertThat(roles.get("Role/helmwatch-leader-election")).containsExactly(new RbacRules.Rule(
        List.of("coordination.k8s.io"), List.of("leases"), List.of("get", "create", "update", "patch")));
  }

  /** Acquire, renew a few times, release: every request of the elector is allowed by the leader Role. */
  @Test
  void everyRequestOfALeaderElectionIsAllowedByTheLeaderElectionRole() throws Exception {
    List<RbacRules.Rule> rules = RbacRules.read(RBAC).get("Role/helmwatch-leader-election");
    List<String> requests;
    try (FakeCluster cluster = FakeCluster.start();
        FaultProxy recorder = FaultProxy.in(cluster.client().getConfiguration().getMasterUrl())) {
      RecordingSink sink = new RecordingSink();
      FakeReleaseSource source = FakeReleaseSource.create();
      LeaderElectedWatcher elected = LeaderElectedWatcher.builder(
              new ConfigBuilder(Config.empty()).withMasterUrl(recorder.url()).build())
          .leaseNamespace("flux-system").identity("rbac-check")
          .leaseDuration(Duration.ofSeconds(5)).renewDeadline(Duration.ofMillis(2500))
          .retryPeriod(Duration.ofMillis(200)).requestTimeout(Duration.ofSeconds(1))
          .watcher(() -> Watcher.builder(source).sink(sink).continuous().build())
          .build();
      try (elected) {
        elected.start();
        source.apply(HelmReleases.named("bp-cilium").installed());
        sink.awaitState("bp-cilium", ComponentState.INSTALLED, WAIT);
        // A few renewals: the leader renews every retry period.
        long renewals = 0;
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (renewals < 3 && System.nanoTime() < deadline) {
          renewals = recorder.requests().stream().filter(r -> r.startsWith("PATCH ")).count();
          java.util.concurrent.locks.LockSupport.parkNanos(20_000_000);
        }
      }
      requests = recorder.requests();
    }
    assertThat(requests).as("requests the elector sent").isNotEmpty()
        .anyMatch(r -> r.startsWith("POST "))
        .anyMatch(r -> r.startsWith("PATCH "))
        .allSatisfy(r -> {
          Access a = Access.of(r);
          assertThat(rules).as("%s (%s) is allowed by %s", r, a, RBAC)
              .anyMatch(rule -> rule.allows(a.group(), a.resource(), a.verb()));
          assertThat(a.namespace()).as("%s stays in the lease namespace", r).isEqualTo("flux-system");
        });
  }
}
