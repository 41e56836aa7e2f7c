package io.helmwatch.fabric8;

import static io.helmwatch.core.ComponentState.DEGRADED;
import static io.helmwatch.core.ComponentState.FAILED;
import static io.helmwatch.core.ComponentState.INSTALLED;
import static io.helmwatch.core.ComponentState.INSTALLING;
import static io.helmwatch.core.ComponentState.PENDING;
import static io.helmwatch.core.ComponentState.SUSPENDED;
import static org.assertj.core.api.Assertions.assertThat;

import io.helmwatch.core.ComponentEvent;
import io.helmwatch.core.ComponentState;
import io.helmwatch.core.ReleaseDetails;
import io.helmwatch.core.Watcher;
import io.helmwatch.core.flux.FluxHelmReleaseDeriver;
import io.helmwatch.testing.HelmRelease;
import io.helmwatch.testing.HelmReleases;
import io.helmwatch.testing.RecordingSink;
import io.helmwatch.testing.fabric8.FakeCluster;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each of helm-controller's status shapes, written by the fixtures' step methods into a {@link FakeCluster}
 * and read back over HTTP through the adapter's view and lean cache: the watcher reports what
 * helm-controller means, and the same as the deriver reads from the fixture itself.
 */
class FluxSemanticsOverTheWireTest {
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static FakeCluster cluster;
  private static Watcher watcher;
  private static final RecordingSink sink = new RecordingSink();

  private static HelmRelease hr(String name) {
    return HelmReleases.named(name);
  }

  private static HelmRelease withRetries(String name) {
    return hr(name).remediationRetries(3);
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(hr("created-no-status"), PENDING),
        Arguments.of(hr("fulfilling-prerequisites").fulfillingPrerequisites(), INSTALLING),
        Arguments.of(hr("waiting-for-dependency").dependsOn("cilium").waitingFor("cilium"), PENDING),
        Arguments.of(hr("chart-artifact-not-served").fulfillingPrerequisites().artifactNotReady(), DEGRADED),
        Arguments.of(hr("install-running").runningAction(), INSTALLING),
        Arguments.of(hr("installed").runningAction().actionSucceeded(), INSTALLED),
        Arguments.of(hr("interval-reconcile-on-installed").runningAction().actionSucceeded()
            .fulfillingPrerequisites(), INSTALLED),
        Arguments.of(withRetries("install-failed-retries-left").runningAction().installFailed(), DEGRADED),
        Arguments.of(withRetries("install-remediated-by-uninstall").runningAction().installFailed().remediated(),
            DEGRADED),
        Arguments.of(withRetries("install-retried-after-remediation").runningAction().installFailed().remediated()
            .runningAction(), INSTALLING),
        Arguments.of(hr("install-failed-no-retries-stalls").runningAction().installFailed(), FAILED),
        Arguments.of(exhausted("install-retries-exhausted"), FAILED),
        Arguments.of(exhausted("stalled-with-reconcile-requested").requestReconcile(), INSTALLING),
        Arguments.of(exhausted("stalled-reconcile-request-handled").requestReconcile().handleReconcileRequest(),
            FAILED),
        Arguments.of(hr("retry-on-failure-never-stalls").retryOnFailureStrategy().runningAction().installFailed()
            .runningAction().installFailed(), DEGRADED),
        Arguments.of(hr("retry-on-failure-v140-retry-after-interval").retryOnFailureBefore143().runningAction()
            .installFailed().runningAction().upgradeFailed("timed out"), DEGRADED),
        Arguments.of(hr("health-check-canceled-then-new-attempt").runningAction().healthCheckCanceled()
            .runningAction(), INSTALLING),
        Arguments.of(hr("invalid-cel-expression-fixture").runningAction().invalidCelExpression("undeclared"),
            FAILED),
        Arguments.of(hr("drifted-warn-mode-fixture").runningAction().actionSucceeded()
            .drifted("Deployment/flux-system/podinfo changed (0 additions, 1 changes, 0 removals)"), INSTALLED),
        Arguments.of(hr("drift-detection-disabled-stale-drifted").runningAction().actionSucceeded()
            .drifted("Deployment/flux-system/podinfo changed").driftDetectionDisabled(), INSTALLED),
        Arguments.of(hr("spec-changed-after-install").runningAction().actionSucceeded().bumpGeneration(), INSTALLING),
        Arguments.of(hr("spec-changed-after-stall").runningAction().installFailed().bumpGeneration(), INSTALLING),
        Arguments.of(withRetries("upgrade-running").runningAction().actionSucceeded().bumpGeneration()
            .chartVersion("2.0.0").runningAction(), INSTALLING),
        Arguments.of(withRetries("upgrade-rolled-back").runningAction().actionSucceeded().bumpGeneration()
            .chartVersion("2.0.0").runningAction().upgradeFailed("timed out").remediated(), DEGRADED),
        Arguments.of(withRetries("upgraded").runningAction().actionSucceeded().bumpGeneration().chartVersion("2.0.0")
            .runningAction().actionSucceeded(), INSTALLED),
        Arguments.of(hr("suspended").runningAction().actionSucceeded().suspended(true), SUSPENDED),
        // Shapes the step methods do not write, set condition by condition as helm-controller sets them.
        Arguments.of(released("awaiting-tests").withCondition("TestSuccess", "Unknown", "AwaitingTests",
            "awaiting tests").readyUnknown("AwaitingTests", "Helm release is awaiting tests"), INSTALLING),
        Arguments.of(released("test-failed-retrying").withCondition("TestSuccess", "False", "TestFailed",
            "test failed").notReady("TestFailed", "Helm test failed"), DEGRADED),
        Arguments.of(released("test-failure-ignored").withCondition("TestSuccess", "False", "TestFailed",
            "test failed"), INSTALLED),
        Arguments.of(hr("release-target-changed").withCondition("Released", "False", "UninstallSucceeded",
            "Helm uninstall succeeded").notReady("UninstallSucceeded", "Helm uninstall succeeded"), INSTALLING),
        Arguments.of(hr("source-not-ready").notReady("SourceNotReady",
            "HelmChart 'flux-system/flux-system-podinfo' is not ready: chart pull error"), DEGRADED),
        Arguments.of(hr("helm-chart-not-ready-v037").notReady("HelmChartNotReady", "HelmChart is not ready"),
            DEGRADED),
        Arguments.of(hr("values-error").notReady("ValuesError", "could not resolve Secret chart values reference"),
            DEGRADED),
        Arguments.of(hr("health-check-canceled").notReady("HealthCheckCanceled", "New reconciliation triggered"),
            INSTALLING),
        Arguments.of(hr("missing-rollback-target").notReady("UpgradeFailed", "Helm upgrade failed")
            .stalled("MissingRollbackTarget", "Failed to perform remediation: missing target release for rollback"),
            FAILED),
        Arguments.of(hr("access-denied").notReady("AccessDenied", "cross-namespace references are not allowed")
            .stalled("AccessDenied", "cross-namespace references are not allowed"), FAILED),
        Arguments.of(hr("invalid-cel").notReady("InvalidCELExpression", "Reconciliation failed terminally")
            .stalled("InvalidCELExpression", "Reconciliation failed terminally"), FAILED),
        Arguments.of(released("drift-detected-warn-mode").withCondition("Drifted", "True", "DriftDetected",
            "Cluster state of release has drifted"), INSTALLED),
        Arguments.of(released("v140-prerequisites-on-released").fulfillingPrerequisites()
            .readyUnknown("Progressing", "Fulfilling prerequisites"), INSTALLED),
        Arguments.of(hr("v2beta1-first-failure-retries-left").remediationRetries(3).runningAction().installFailed()
            .v2beta1Shape(), DEGRADED),
        Arguments.of(hr("v2beta1-failures-above-retries").runningAction().installFailed().v2beta1Shape(), FAILED),
        Arguments.of(hr("v2beta1-retries-exhausted-message").notReady("InstallFailed", "install retries exhausted")
            .v2beta1Shape(), FAILED),
        Arguments.of(hr("v2beta1-remediation-failed").remediationRetries(3)
            .withCondition("Remediated", "False", "UninstallFailed", "uninstall failed")
            .notReady("UninstallFailed", "previous release attempt remediation failed").v2beta1Shape(), FAILED),
        Arguments.of(hr("v2beta1-installed").ready("ReconciliationSucceeded", "Release reconciliation succeeded")
            .v2beta1Shape(), INSTALLED));
  }

  /** Installed by helm-controller; a case then changes one condition. */
  private static HelmRelease released(String name) {
    return hr(name).runningAction().actionSucceeded();
  }

  /** Four failed attempts with three retries: Stalled=True/RetriesExceeded. */
  private static HelmRelease exhausted(String name) {
    HelmRelease r = withRetries(name);
    for (int attempt = 0; attempt < 3; attempt++) {
      r = r.runningAction().installFailed().remediated();
    }
    return r.runningAction().installFailed();
  }

  @BeforeAll
  static void start() {
    cluster = FakeCluster.start();
    cases().forEach(a -> cluster.create((HelmRelease) a.get()[0]));
    watcher = Watcher.builder(Fabric8ReleaseSource.builder().client(cluster.client()).build())
        .sink(sink).continuous().build();
    watcher.start();
  }

  @AfterAll
  static void stop() {
    watcher.close();
    cluster.close();
  }

  @ParameterizedTest(name = "{0} reads {1}")
  @MethodSource("cases")
  void theWatcherReportsWhatHelmControllerMeans(HelmRelease release, ComponentState expected) {
    ComponentEvent event = sink.awaitEvent(e -> e.component().value().equals(release.name()),
        "the first event of " + release.name(), WAIT);
    assertThat(event.state()).as("reported over the wire").isEqualTo(expected);
    assertThat(FluxHelmReleaseDeriver.instance().state(release.toObservation()))
        .as("the fixture's own observation").isEqualTo(expected);
  }

  @Test
  void detailsTravelFromTheStatusToTheEvent() {
    ComponentEvent exhausted = sink.awaitEvent(e -> e.component().value().equals("install-retries-exhausted"),
        "the exhausted release", WAIT);
    assertThat(exhausted.details()).isEqualTo(
        new ReleaseDetails("InstallFailed", "install", "install-retries-exhausted", "1.0.0", "", 4, 4, 0));
    assertThat(exhausted.message()).startsWith("RetriesExceeded: Failed to install after 4 attempt(s)");

    ComponentEvent upgraded = sink.awaitEvent(e -> e.component().value().equals("upgraded"), "upgraded", WAIT);
    assertThat(upgraded.details()).isEqualTo(
        new ReleaseDetails("UpgradeSucceeded", "upgrade", "upgraded", "2.0.0", "2.0.0", 0, 0, 0, "upgrade", 2, null,
            "", false, ""));
  }
}
