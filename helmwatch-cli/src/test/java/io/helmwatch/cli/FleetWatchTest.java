package io.helmwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.helmwatch.testing.HelmReleases;
import io.helmwatch.testing.fabric8.FakeCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code watch} over several kubeconfig contexts, and with leader election. */
class FleetWatchTest {
  @TempDir Path dir;
  private FakeCluster east;
  private FakeCluster west;
  private Path kubeconfig;

  @BeforeEach
  void startClusters() throws IOException {
    east = FakeCluster.start();
    west = FakeCluster.start();
    kubeconfig = kubeconfig("east", url(east), "west", url(west));
  }

  @AfterEach
  void stopClusters() {
    east.close();
    west.close();
  }

  private static String url(FakeCluster cluster) {
    return cluster.client().getConfiguration().getMasterUrl();
  }

  /** A kubeconfig with one context per {@code name, server} pair, the first current. */
  private Path kubeconfig(String... nameServer) throws IOException {
    StringBuilder clusters = new StringBuilder();
    StringBuilder contexts = new StringBuilder();
    for (int i = 0; i < nameServer.length; i += 2) {
      clusters.append("- name: ").append(nameServer[i]).append("\n  cluster:\n    server: ").append(nameServer[i + 1])
          .append('\n');
      contexts.append("- name: ").append(nameServer[i]).append("\n  context:\n    cluster: ").append(nameServer[i])
          .append("\n    user: tester\n");
    }
    String yaml = "apiVersion: v1\nkind: Config\nclusters:\n" + clusters + "contexts:\n" + contexts
        + "current-context: " + nameServer[0] + "\nusers:\n- name: tester\n  user:\n    token: " + Cli.TOKEN + "\n";
    return Files.writeString(dir.resolve("fleet-kubeconfig"), yaml);
  }

  private Cli watch(String output, String... args) {
    return Cli.watch(kubeconfig, output, args);
  }

  @Test
  void twoContextsAreOneWatchThePrimaryWithPlainIdsTheOtherQualified() {
    east.create(HelmReleases.named("bp-cilium").installed());
    west.create(HelmReleases.named("bp-cilium").installed());
    west.create(HelmReleases.named("bp-flux").installed());

    Cli run = watch("plain", "--context", "east", "--context", "west", "--prefix", "bp-", "--expect", "3");

    assertThat(run.code()).as(run.err()).isEqualTo(0);
    assertThat(run.out()).contains("cilium                   - -> installed")
        .contains("west:cilium              - -> installed")
        .contains("west:flux                - -> installed")
        .contains("outcome: ready (3 components: 3 installed)");
  }

  @Test
  void eachClusterIsWatchedInTheVersionItServes() throws IOException {
    east.close();
    west.close();
    east = FakeCluster.builder().servedVersions("v2").start();
    west = FakeCluster.builder().servedVersions("v2beta2", "v2beta1").start();
    kubeconfig = kubeconfig("east", url(east), "west", url(west));
    east.create(HelmReleases.named("bp-cilium").installed());
    west.create(HelmReleases.named("bp-flux").installed());

    Cli run = watch("plain", "--context", "east", "--context", "west", "--prefix", "bp-", "--expect", "2");

    assertThat(run.code()).as(run.err()).isEqualTo(0);
    assertThat(run.out()).contains("cilium                   - -> installed")
        .contains("west:flux                - -> installed");
  }

  @Test
  void aSecondaryThatDoesNotServeTheApiVersionIsReportedAndTheOthersAreWatched() throws IOException {
    west.close();
    west = FakeCluster.builder().servedVersions("v2").start();
    kubeconfig = kubeconfig("east", url(east), "west", url(west));
    east.create(HelmReleases.named("bp-legacy").installed(), "v2beta2", java.util.Map.of());

    Cli run = watch("plain", "--context", "east", "--context", "west", "--api-version", "v2beta2", "--prefix", "bp-",
        "--expect", "1");

    assertThat(run.code()).as(run.err()).isEqualTo(0);
    assertThat(run.err()).contains("warning: cluster west (west): v2beta2 is not served by this cluster (served: v2)")
        .contains("Not watching it.");
    assertThat(run.out()).contains("legacy");
  }

  @Test
  void theOutcomeIsTheFleetsAFailureInAnyClusterFailsTheWatch() {
    east.create(HelmReleases.named("bp-cilium").installed());
    west.create(HelmReleases.named("bp-gitea").runningAction().installFailed("chart gitea not found"));

    Cli run = watch("plain", "--all-contexts", "--cluster-name", "west=sin-2", "--prefix", "bp-", "--expect", "2");

    assertThat(run.code()).as(run.err()).isEqualTo(1);
    assertThat(run.out()).contains("cilium                   - -> installed")
        .contains("sin-2:gitea              - -> failed");
  }

  @Test
  void theTableGroupsRowsByCluster() {
    east.create(HelmReleases.named("bp-cilium").installed());
    west.create(HelmReleases.named("bp-flux").installed());

    Cli run = watch("table", "--context", "east", "--context", "west", "--prefix", "bp-", "--expect", "2");

    assertThat(run.code()).as(run.err()).isEqualTo(0);
    String last = run.out().substring(run.out().lastIndexOf("installed, "));
    assertThat(last).containsSubsequence("cluster primary", "cilium", "cluster west", "west:flux");
  }

  @Test
  void anUnreachableSecondaryIsReportedAndTheOthersAreWatched() throws IOException {
    east.create(HelmReleases.named("bp-cilium").installed());
    kubeconfig = kubeconfig("east", url(east), "gone", "http://127.0.0.1:1");

    Cli run = watch("plain", "--all-contexts", "--prefix", "bp-", "--timeout", "3s");

    assertThat(run.err()).contains("warning: cluster gone (gone): Cannot reach the API server");
    assertThat(run.out()).contains("cilium                   - -> installed");
    assertThat(run.code()).as("the fleet never synced: the timeout ends it").isEqualTo(2);
  }

  @Test
  void badFleetOptionsAreUsageErrors() {
    assertThat(watch("plain", "--context", "east", "--cluster-name", "north=n").err())
        .contains("--cluster-name names context 'north', which is not watched");
    assertThat(watch("plain", "--context", "east", "--context", "west", "--cluster-name", "east=e").code())
        .isEqualTo(ExitCode.USAGE);
    assertThat(watch("plain", "--all-contexts", "--context", "east").err()).contains("exclude each other");
    assertThat(watch("plain", "--context", "west", "--context", "west").code()).isEqualTo(ExitCode.USAGE);
    assertThat(watch("plain", "--context", "east", "--context", "west", "--cluster-name", "west=a,b").err())
        .contains("CONTEXT=NAME");
  }

  @Test
  void leaderElectionNeedsALeaseNamespaceAndLeaseOptionsNeedLeaderElection() {
    Cli missing = watch("plain", "--leader-elect");
    assertThat(missing.code()).isEqualTo(ExitCode.USAGE);
    assertThat(missing.err()).contains("--leader-elect needs --lease-namespace");
    assertThat(watch("plain", "--lease-namespace", "flux-system").err()).contains("need --leader-elect");
  }

  @Test
  void withLeaderElectionTheWatchRunsUnderTheLeaseAndReleasesIt() {
    east.create(HelmReleases.named("bp-cilium").installed());

    Cli run = watch("plain", "--context", "east", "--prefix", "bp-", "--expect", "1", "--leader-elect",
        "--lease-namespace", "flux-system", "--lease-name", "helmwatch-ci", "--identity", "runner-1");

    assertThat(run.code()).as(run.err()).isEqualTo(0);
    assertThat(run.out()).contains("cilium                   - -> installed").contains("outcome: ready");
    Lease lease = east.client().leases().inNamespace("flux-system").withName("helmwatch-ci").get();
    assertThat(lease).as("the Lease the run held").isNotNull();
    assertThat(lease.getSpec().getHolderIdentity()).isEqualTo("runner-1");
    assertThat(lease.getSpec().getLeaseDurationSeconds()).as("released on exit").isEqualTo(1);
  }
}
