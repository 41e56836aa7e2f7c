package io.helmwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.helmwatch.testing.HelmRelease;
import io.helmwatch.testing.HelmReleases;
import io.helmwatch.testing.fabric8.FakeCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WatchCommandTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  @TempDir Path dir;
  private FakeCluster cluster;
  private Path kubeconfig;

  @BeforeEach
  void startCluster() throws IOException {
    cluster = FakeCluster.start();
    kubeconfig = Cli.kubeconfig(dir, cluster.client().getConfiguration().getMasterUrl());
  }

  @AfterEach
  void stopCluster() {
    cluster.close();
  }

  private Cli watch(String... args) {
    return Cli.watch(kubeconfig, "plain", args);
  }

  @Test
  void exitsZeroWhenEveryReleaseIsInstalled() {
    cluster.create(HelmReleases.named("bp-cilium").installed());
    cluster.create(HelmReleases.named("bp-flux").installed());
    cluster.create(HelmReleases.named("podinfo").progressing());

    Cli run = watch("--prefix", "bp-", "--expect", "2");

    assertThat(run.code()).as(run.err()).isEqualTo(0);
    assertThat(run.out()).contains("cilium                   - -> installed").doesNotContain("podinfo")
        .contains("outcome: ready (2 components: 2 installed)");
  }

  @Test
  void exitsOneWhenAComponentFailed() {
    cluster.create(HelmReleases.named("bp-cilium").installed());
    cluster.create(HelmReleases.named("bp-gitea").runningAction().installFailed("chart gitea not found"));

    Cli run = watch("--prefix", "bp-");

    assertThat(run.code()).isEqualTo(1);
    assertThat(run.out()).contains("gitea                    - -> failed  RetriesExceeded: Failed to install after 1 attempt(s)");
  }

  @Test
  void aFailedAttemptThatHelmControllerRetriesAndInstallsExitsZero() throws Exception {
    cluster.create(HelmReleases.named("bp-cilium").runningAction().actionSucceeded());
    cluster.create(HelmReleases.named("bp-gitea").remediationRetries(3).runningAction());
    CompletableFuture<Cli> run = CompletableFuture.supplyAsync(() -> watch("--prefix", "bp-", "--expect", "2"));
    awaitOpenWatch();

    cluster.patchStatus("bp-gitea", HelmRelease::installFailed);
    cluster.patchStatus("bp-gitea", HelmRelease::remediated);
    cluster.patchStatus("bp-gitea", HelmRelease::runningAction);
    cluster.patchStatus("bp-gitea", HelmRelease::actionSucceeded);

    Cli done = run.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(done.code()).as(done.out() + done.err()).isEqualTo(0);
    assertThat(done.out()).contains("gitea                    installing -> degraded  helm-controller is retrying")
        .contains("gitea                    installing -> installed")
        .containsPattern("installing -> installed  .* \\(recovered after \\d[\\d.hms]*\\)\\R")
        .contains("outcome: ready (2 components: 2 installed)");
  }

  @Test
  void failFastExitsOneOnTheFirstFailedAttempt() throws Exception {
    cluster.create(HelmReleases.named("bp-cilium").runningAction().actionSucceeded());
    cluster.create(HelmReleases.named("bp-gitea").remediationRetries(3).runningAction());
    CompletableFuture<Cli> run =
        CompletableFuture.supplyAsync(() -> watch("--prefix", "bp-", "--expect", "2", "--fail-fast"));
    awaitOpenWatch();

    cluster.patchStatus("bp-gitea", HelmRelease::installFailed);

    Cli done = run.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(done.code()).as(done.out() + done.err()).isEqualTo(1);
    assertThat(done.out()).contains("gitea                    installing -> failed  install attempt 1 of 1 failed:")
        .contains("outcome: failed");
  }

  @Test
  void aRetryOnFailureReleaseThatFailsEveryAttemptStaysDegradedByDefault() throws Exception {
    cluster.create(HelmReleases.named("bp-cilium").runningAction().actionSucceeded());
    cluster.create(HelmReleases.named("bp-gitea").retryOnFailureStrategy().runningAction());
    CompletableFuture<Cli> run =
        CompletableFuture.supplyAsync(() -> watch("--prefix", "bp-", "--expect", "2", "--timeout", "5s"));
    awaitOpenWatch();

    failAttempts("bp-gitea", 3);

    Cli done = run.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(done.code()).as(done.out() + done.err()).isEqualTo(2);
    assertThat(done.out()).contains("-> degraded  helm-controller is retrying after UpgradeFailed:")
        .doesNotContain("-> failed")
        .contains("outcome: timeout (2 components: 1 installed, 1 degraded)");
  }

  @Test
  void maxAttemptsEndsARetryOnFailureReleaseOnItsThirdFailedAttemptWithThatAttemptsError() throws Exception {
    cluster.create(HelmReleases.named("bp-cilium").runningAction().actionSucceeded());
    cluster.create(HelmReleases.named("bp-gitea").retryOnFailureStrategy().runningAction());
    CompletableFuture<Cli> run =
        CompletableFuture.supplyAsync(() -> watch("--prefix", "bp-", "--expect", "2", "--max-attempts", "3"));
    awaitOpenWatch();

    failAttempts("bp-gitea", 3);

    Cli done = run.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(done.code()).as(done.out() + done.err()).isEqualTo(1);
    assertThat(done.out())
        .contains("-> failed  upgrade attempt 3 of 3 failed: UpgradeFailed:")
        .contains("outcome: failed (2 components: 1 installed, 1 failed)")
        .contains("  gitea: upgrade attempt 3 of 3 failed: UpgradeFailed: Helm upgrade failed for release"
            + " flux-system/bp-gitea with chart bp-gitea@1.0.0: attempt 3");
  }

  @Test
  void maxAttemptsReadsHelmController140sRetryAfterIntervalAsAFailedAttempt() throws Exception {
    cluster.create(HelmReleases.named("bp-gitea").retryOnFailureBefore143().runningAction());
    CompletableFuture<Cli> run =
        CompletableFuture.supplyAsync(() -> watch("--prefix", "bp-", "--expect", "1", "--max-attempts", "2"));
    awaitOpenWatch();

    failAttempts("bp-gitea", 2);

    Cli done = run.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(done.code()).as(done.out() + done.err()).isEqualTo(1);
    assertThat(done.out())
        .contains("  gitea: upgrade attempt 2 of 2 failed: UpgradeFailed: Helm upgrade failed for release"
            + " flux-system/bp-gitea with chart bp-gitea@1.0.0: attempt 2");
  }

  @Test
  void aRetryOnFailureReleaseThatFailsTwiceThenInstallsEndsReadyUnderMaxAttemptsThree() throws Exception {
    cluster.create(HelmReleases.named("bp-cilium").runningAction().actionSucceeded());
    cluster.create(HelmReleases.named("bp-gitea").retryOnFailureStrategy().runningAction());
    CompletableFuture<Cli> run =
        CompletableFuture.supplyAsync(() -> watch("--prefix", "bp-", "--expect", "2", "--max-attempts", "3"));
    awaitOpenWatch();

    failAttempts("bp-gitea", 2);
    cluster.patchStatus("bp-gitea", HelmRelease::runningAction);
    cluster.patchStatus("bp-gitea", HelmRelease::actionSucceeded);

    Cli done = run.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(done.code()).as(done.out() + done.err()).isEqualTo(0);
    assertThat(done.out()).contains("-> installed")
        .contains("outcome: ready (2 components: 2 installed)");
  }

  @Test
  void maxAttemptsBelowOneAndMaxAttemptsWithFailFastAreUsageErrors() {
    Cli zero = Cli.run("watch", "--max-attempts", "0");
    assertThat(zero.code()).isEqualTo(64);
    assertThat(zero.err()).contains("--max-attempts must be >= 1, was 0");
    Cli both = Cli.run("watch", "--max-attempts", "2", "--fail-fast");
    assertThat(both.code()).isEqualTo(64);
    assertThat(both.err()).contains("--fail-fast is --max-attempts 1");
  }

  /**
   * Plays {@code attempts} failed attempts of a running action, each as helm-controller writes it: the
   * failure (error "attempt N"), then, but for the last, the retry's {@code runningAction}.
   */
  private void failAttempts(String name, int attempts) {
    for (int i = 1; i <= attempts; i++) {
      String error = "attempt " + i;
      cluster.patchStatus(name, r -> r.actionFailed(error));
      if (i < attempts) {
        cluster.patchStatus(name, HelmRelease::runningAction);
      }
    }
  }

  /** Changes made after this are seen one by one by the watcher's informer. */
  private void awaitOpenWatch() {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (cluster.openWatches() == 0) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no watch connection opened within " + WAIT);
      }
      LockSupport.parkNanos(5_000_000);
    }
  }

  @Test
  void exitsTwoOnTimeout() {
    cluster.create(HelmReleases.named("bp-cilium").progressing());
    // Long enough for the first list on a loaded machine, or nothing is seen and the outcome is exit 3.
    Cli run = watch("--timeout", "5s");
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.out()).contains("Watch timed out after PT5S").contains("outcome: timeout");
  }

  @Test
  void stuckAfterReportsAReleaseWhoseReadyNeverClearsOnceUnderItsName() {
    cluster.create(HelmReleases.deployedButReadyNeverCleared("bp-podinfo"));
    Cli run = watch("--stuck-after", "1s", "--timeout", "5s");
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.out().lines().filter(l -> l.contains(" stuck ")))
        .singleElement().asString()
        .contains("bp-podinfo").contains("has been installing for")
        .contains("history[0].status=deployed for the current generation 1");
  }

  @Test
  void exitsThreeWhenNothingWasEverSeen() {
    Cli run = watch("--timeout", "1s");
    assertThat(run.code()).isEqualTo(3);
    assertThat(run.out()).contains("outcome: flux-not-reconciling");
  }

  @Test
  void environmentSettingsApplyAndFlagsWinOverThem() {
    cluster.create(HelmReleases.named("bp-cilium").installed());
    WatchCommand command = new WatchCommand();
    command.environment = java.util.Map.of("HELMWATCH_TIMEOUT", "5m", "HELMWATCH_EXPECT_AT_LEAST", "3");
    assertThat(command.settings().expectAtLeast()).isEqualTo(3);
    assertThat(command.settings().timeout()).isEqualTo(java.time.Duration.ofMinutes(5));
    command.expect = 1;
    assertThat(command.settings().expectAtLeast()).isEqualTo(1);
  }

  @Test
  void sinksAndAJobsTableReceiveTheSameEvents() throws IOException {
    cluster.create(HelmReleases.named("bp-cilium").installed());
    Path events = dir.resolve("events.jsonl");
    Path jobs = dir.resolve("jobs");

    Cli run = watch("--prefix", "bp-", "--sink", "jsonl:path=" + events, "--jobs-dir", jobs.toString(),
        "--deployment", "kit");

    assertThat(run.code()).isEqualTo(0);
    assertThat(Files.readString(events)).contains("\"component\":\"cilium\"").contains("\"type\":\"outcome\"");
    assertThat(Cli.run("jobs", "--jobs-dir", jobs.toString()).out()).contains("deployment kit")
        .contains("install-cilium");
  }

  @Test
  void cloudEventsSinksAreTakenBySpec() throws IOException {
    cluster.create(HelmReleases.named("bp-cilium").installed());
    Path events = dir.resolve("ce.jsonl");

    Cli run = watch("--prefix", "bp-", "--sink", "cloudevents-jsonl:path=" + events);

    assertThat(run.code()).isEqualTo(0);
    assertThat(Files.readAllLines(events)).first().asString()
        .contains("\"specversion\":\"1.0\"", "\"type\":\"io.helmwatch.component.installed\"",
            "\"source\":\"//helmwatch/primary/flux-system/bp-cilium\"", "\"subject\":\"cilium\"");
  }

  @Test
  void anUnreachableServerIsExitFourWithOneLine() throws IOException {
    Path unreachable = Cli.kubeconfig(Files.createDirectory(dir.resolve("u")), "http://127.0.0.1:1");
    Cli run = Cli.run("watch", "--kubeconfig", unreachable.toString(), "--output", "plain");

    assertThat(run.code()).isEqualTo(4);
    assertThat(run.err().lines()).singleElement().asString()
        .startsWith("helmwatch: Cannot reach the API server at http://127.0.0.1:1 (")
        .endsWith("check --kubeconfig and --context, and that the cluster is running.");
    assertThat(run.err()).doesNotContain(Cli.TOKEN).doesNotContain("\tat ");
  }

  @Test
  void aMissingKubeconfigIsExitFour() {
    Cli run = Cli.run("watch", "--kubeconfig", dir.resolve("nope").toString());
    assertThat(run.code()).isEqualTo(4);
    assertThat(run.err()).startsWith("helmwatch: Cannot read kubeconfig file").contains("check --kubeconfig");
  }

  @Test
  void refusedCredentialsForbiddenAndMissingFluxAreExitFourWithTheirFix() throws IOException {
    KubernetesMockServer server = new KubernetesMockServer(false);
    server.init();
    KubernetesMockServer refusing = new KubernetesMockServer(false);
    refusing.init();
    try {
      String list = "/apis/helm.toolkit.fluxcd.io/v2/namespaces/%s/helmreleases?limit=1";
      // Refused credentials are refused on the first request, the read of the served versions (fabric8
      // sends a refused request again once, so this server refuses it always); discovery is readable by
      // every authenticated user, so a lack of RBAC shows on the list; then Flux is gone.
      refusing.expect().get().withPath(GROUP).andReturn(401, "{}").always();
      server.expect().get().withPath(GROUP).andReturn(200, V2_ONLY).once();
      server.expect().get().withPath(list.formatted("forbidden")).andReturn(403, "{}").always();
      Path config = Cli.kubeconfig(Files.createDirectory(dir.resolve("m")), server.url("/"));
      Path refusedConfig = Cli.kubeconfig(Files.createDirectory(dir.resolve("r")), refusing.url("/"));

      Cli unauthorised = Cli.run("watch", "--kubeconfig", refusedConfig.toString(), "-n", "denied");
      assertThat(unauthorised.code()).isEqualTo(4);
      assertThat(unauthorised.err()).contains("rejected the credentials (401 Unauthorized)");

      Cli forbidden = Cli.run("watch", "--kubeconfig", config.toString(), "-n", "forbidden");
      assertThat(forbidden.code()).isEqualTo(4);
      assertThat(forbidden.err()).contains("(403 Forbidden); grant get/list/watch, e.g. with deploy/rbac.yaml");

      Cli noFlux = Cli.run("watch", "--kubeconfig", config.toString());
      assertThat(noFlux.code()).isEqualTo(4);
      assertThat(noFlux.err())
          .contains("does not serve helm.toolkit.fluxcd.io (no HelmRelease CRD); is Flux installed?");

      for (Cli run : new Cli[] {unauthorised, forbidden, noFlux}) {
        assertThat(run.err().lines()).hasSize(1);
        assertThat(run.err()).doesNotContain(Cli.TOKEN);
      }
    } finally {
      server.destroy();
      refusing.destroy();
    }
  }

  /** This test's cluster is one where Flux is not installed yet. */
  private void restartWithoutHelmReleaseCrd() throws IOException {
    cluster.close();
    cluster = FakeCluster.builder().withoutHelmReleaseCrd().start();
    kubeconfig = Cli.kubeconfig(dir, cluster.client().getConfiguration().getMasterUrl());
  }

  private static final String GROUP = "/apis/helm.toolkit.fluxcd.io";
  private static final String V2_ONLY = "{\"kind\":\"APIGroup\",\"apiVersion\":\"v1\",\"name\":\"helm.toolkit.fluxcd.io\","
      + "\"versions\":[{\"groupVersion\":\"helm.toolkit.fluxcd.io/v2\",\"version\":\"v2\"}],"
      + "\"preferredVersion\":{\"groupVersion\":\"helm.toolkit.fluxcd.io/v2\",\"version\":\"v2\"}}";
  private static final String CRD_MISSING =
      "HelmRelease CRD helmreleases.helm.toolkit.fluxcd.io is not installed; is Flux installed?";

  @Test
  void aMissingHelmReleaseCrdIsExitFourNamingWaitForFlux() throws IOException {
    restartWithoutHelmReleaseCrd();

    Cli run = watch("--timeout", "1m");

    assertThat(run.code()).isEqualTo(4);
    assertThat(run.err().lines()).singleElement().asString()
        .contains("does not serve helm.toolkit.fluxcd.io (no HelmRelease CRD); is Flux installed?")
        .endsWith("--wait-for-flux waits for it.");
  }

  /** This test's cluster serves only {@code versions}, as a given Flux release does. */
  private void restartServing(String... versions) throws IOException {
    cluster.close();
    cluster = FakeCluster.builder().servedVersions(versions).start();
    kubeconfig = Cli.kubeconfig(dir, cluster.client().getConfiguration().getMasterUrl());
  }

  @Test
  void withoutApiVersionAV2OnlyClusterIsWatchedInV2() throws IOException {
    restartServing("v2");
    cluster.create(HelmReleases.named("bp-cilium").installed());

    Cli run = watch("--prefix", "bp-", "--expect", "1");

    assertThat(run.code()).as(run.err()).isEqualTo(0);
    assertThat(run.out()).contains("cilium                   - -> installed");
    assertThat(cluster.requests()).contains("GET /apis/helm.toolkit.fluxcd.io")
        .anyMatch(r -> r.startsWith("GET /apis/helm.toolkit.fluxcd.io/v2/"));
  }

  @Test
  void withoutApiVersionAV2beta2OnlyClusterIsWatchedInV2beta2() throws IOException {
    restartServing("v2beta2");
    cluster.create(HelmReleases.named("bp-cilium").installed());

    Cli run = watch("--prefix", "bp-", "--expect", "1");

    assertThat(run.code()).as(run.err()).isEqualTo(0);
    assertThat(run.out()).contains("cilium                   - -> installed");
    assertThat(cluster.requests()).anyMatch(r -> r.startsWith("GET /apis/helm.toolkit.fluxcd.io/v2beta2/"))
        .noneMatch(r -> r.startsWith("GET /apis/helm.toolkit.fluxcd.io/v2/"));
  }

  @Test
  void anApiVersionTheClusterDoesNotServeIsExitFourNamingTheServedOnes() throws IOException {
    restartServing("v2");
    cluster.create(HelmReleases.named("bp-cilium").installed());
    cluster.clearRequests();

    Cli run = watch("--api-version", "v2beta1", "--timeout", "1m");

    assertThat(run.code()).isEqualTo(4);
    assertThat(run.err().lines()).singleElement().asString().isEqualTo("helmwatch: v2beta1 is not served by this"
        + " cluster (served: v2); helm-controller v1.4 (Flux 2.7) and later no longer serve v2beta1;"
        + " omit --api-version to watch v2.");
    assertThat(cluster.requests()).as("nothing listed").containsExactly("GET /apis/helm.toolkit.fluxcd.io");
  }

  @Test
  void aServedApiVersionOverridesThePreferredOne() throws IOException {
    restartServing("v2", "v2beta2");
    cluster.create(HelmReleases.named("bp-legacy").installed(), "v2beta2", java.util.Map.of());
    cluster.create(HelmReleases.named("bp-cilium").progressing());

    Cli run = watch("--api-version", "v2beta2", "--prefix", "bp-", "--expect", "1");

    assertThat(run.code()).as(run.err()).isEqualTo(0);
    assertThat(run.out()).contains("legacy").doesNotContain("cilium");
  }

  @Test
  void aFailedReadOfTheServedVersionsIsExitFourWithOneLine() throws IOException {
    KubernetesMockServer server = new KubernetesMockServer(false);
    server.init();
    try {
      server.expect().get().withPath(GROUP).andReturn(500, "{}").always();
      Path config = Cli.kubeconfig(Files.createDirectory(dir.resolve("d")), server.url("/"));

      Cli run = Cli.run("watch", "--kubeconfig", config.toString());

      assertThat(run.code()).isEqualTo(4);
      assertThat(run.err().lines()).singleElement().asString()
          .endsWith("answered 500 to GET /apis/helm.toolkit.fluxcd.io; run with --verbose for details.");
    } finally {
      server.destroy();
    }
  }

  @Test
  void waitForFluxWaitsForTheCrdThenExitsZeroOnceTheReleasesInstall() throws Exception {
    restartWithoutHelmReleaseCrd();

    CompletableFuture<Cli> running = CompletableFuture.supplyAsync(
        () -> watch("--wait-for-flux", "--prefix", "bp-", "--expect", "2", "--timeout", "1m"));
    // The pre-flight check and the source's first check for the CRD were both refused: the CLI is waiting.
    cluster.awaitRefusedHelmReleaseRequests(2, Duration.ofSeconds(20));
    assertThat(running).isNotDone();
    cluster.installHelmReleaseCrd();
    cluster.create(HelmReleases.named("bp-cilium").installed());
    cluster.create(HelmReleases.named("bp-flux").installed());

    Cli run = running.get(30, TimeUnit.SECONDS);
    assertThat(run.code()).as(run.out() + run.err()).isEqualTo(0);
    assertThat(run.out()).contains(CRD_MISSING + " retrying in 1s")
        .contains("outcome: ready (2 components: 2 installed)");
  }

  @Test
  void waitForFluxStillEndsAtTheTimeoutWhenTheCrdNeverAppears() throws IOException {
    restartWithoutHelmReleaseCrd();

    Cli run = watch("--wait-for-flux", "--timeout", "1s");

    assertThat(run.code()).isEqualTo(3);
    assertThat(run.out()).contains(CRD_MISSING + " retrying in 1s").contains("outcome: flux-not-reconciling");
  }

  @Test
  void sinksGivenWithSinkAreClosedWhenTheClusterCannotBeWatched() throws IOException {
    Path unreachable = Cli.kubeconfig(Files.createDirectory(dir.resolve("u")), "http://127.0.0.1:1");
    Cli noServer = Cli.run("watch", "--kubeconfig", unreachable.toString(),
        "--sink", "tally:id=no-server-1", "--sink", "tally:id=no-server-2");
    assertThat(noServer.code()).as(noServer.err()).isEqualTo(4);

    restartWithoutHelmReleaseCrd();
    Cli noFlux = watch("--sink", "tally:id=no-flux");
    assertThat(noFlux.code()).as(noFlux.err()).isEqualTo(4);

    for (String id : new String[] {"no-server-1", "no-server-2", "no-flux"}) {
      assertThat(TallySinkProvider.closes(id)).as("closes of sink %s", id).isEqualTo(1);
    }
  }

  @Test
  void sinksBuiltBeforeABadSinkSpecAreClosed() {
    Cli run = watch("--sink", "tally:id=before-bad-spec", "--sink", "carrier-pigeon");
    assertThat(run.code()).isEqualTo(64);
    assertThat(TallySinkProvider.closes("before-bad-spec")).as("closes of the sink built first").isEqualTo(1);
  }

  @Test
  void badFlagsAreUsageErrors() {
    assertThat(Cli.run("watch", "--api-version", "v9").code()).isEqualTo(64);
    assertThat(Cli.run("watch", "--timeout", "soon").err()).contains("'soon' is not a positive duration");
    assertThat(Cli.run("watch", "--stuck-after", "0s").err()).contains("'0s' is not a positive duration");
    assertThat(Cli.run("watch", "-n", "a", "-A").code()).isEqualTo(64);
    Cli sink = watch("--sink", "carrier-pigeon");
    assertThat(sink.code()).isEqualTo(64);
    assertThat(sink.err()).contains("carrier-pigeon");
  }

  @Test
  void theKafkaSpecIsKnownToSink() {
    Cli kafka = watch("--sink", "kafka:bootstrap=127.0.0.1:9092");
    assertThat(kafka.code()).isEqualTo(64);
    assertThat(kafka.err()).contains("Sink 'kafka' needs option 'topic'");
  }

  @Test
  void helpListsTheExitCodes() {
    Cli help = Cli.run("--help");
    assertThat(help.code()).isEqualTo(0);
    assertThat(help.out()).contains("0 ready, 1 failed, 2 timeout, 3 Flux not reconciling, 4 cluster");
  }
}
