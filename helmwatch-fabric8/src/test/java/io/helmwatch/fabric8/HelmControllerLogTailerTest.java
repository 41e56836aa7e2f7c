package io.helmwatch.fabric8;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.helmwatch.core.ComponentId;
import io.helmwatch.core.ComponentLog;
import io.helmwatch.core.EventLevel;
import io.helmwatch.testing.fabric8.FakeCluster;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** HelmControllerLogTailer over real HTTP against a {@link FakeCluster} that runs helm-controller pods. */
class HelmControllerLogTailerTest {
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

  /** helm-controller v0.5 to v0.23, without a ts of its own. */
  private static final String V0_5 = "{\"level\":\"info\",\"logger\":\"controller.helmrelease\","
      + "\"msg\":\"reconciliation finished\",\"reconciler group\":\"helm.toolkit.fluxcd.io\","
      + "\"reconciler kind\":\"HelmRelease\",\"name\":\"bp-cilium\",\"namespace\":\"flux-system\"}";
  private static final String CONSOLE = "2024-05-01T10:00:02.000Z\tERROR\tReconciler error\t{\"controller\": "
      + "\"helmrelease\", \"controllerKind\": \"HelmRelease\", \"HelmRelease\": {\"name\":\"bp-flux\","
      + "\"namespace\":\"flux-system\"}, \"namespace\": \"flux-system\", \"name\": \"bp-flux\", "
      + "\"error\": \"install retries exhausted\"}";
  /** controller-runtime v0.12's lower-camel reference. */
  private static final String LOWER_CAMEL = "{\"level\":\"info\",\"msg\":\"dependency 'flux-system/bp-cilium' "
      + "is not ready\",\"controller\":\"helmrelease\",\"controllerKind\":\"HelmRelease\","
      + "\"helmRelease\":{\"name\":\"bp-cert-manager\",\"namespace\":\"flux-system\"},"
      + "\"namespace\":\"flux-system\",\"name\":\"bp-cert-manager\"}";
  /** A Warning event echoed at trace level: its reason is the error. */
  private static final String EVENT = "{\"level\":\"error\",\"msg\":\"Helm install failed: timed out\","
      + "\"name\":\"bp-openbao\",\"namespace\":\"flux-system\",\"reconciler kind\":\"HelmRelease\","
      + "\"annotations\":{},\"error\":\"InstallFailed\"}";
  private static final String CURRENT = "{\"level\":\"info\",\"ts\":\"2024-05-01T10:00:03.5Z\","
      + "\"msg\":\"release in-sync with desired state\",\"controller\":\"helmrelease\","
      + "\"controllerGroup\":\"helm.toolkit.fluxcd.io\",\"controllerKind\":\"HelmRelease\","
      + "\"HelmRelease\":{\"name\":\"bp-spire\",\"namespace\":\"flux-system\"},\"namespace\":\"flux-system\","
      + "\"name\":\"bp-spire\",\"reconcileID\":\"5c1e0a2b\"}";

  private FakeCluster cluster;
  private final Recorded<ComponentLog> logs = new Recorded<>();
  private final Recorded<String> errors = new Recorded<>();
  private HelmControllerLogTailer tailer;

  @BeforeEach
  void startCluster() {
    cluster = FakeCluster.start();
  }

  @AfterEach
  void stop() {
    if (tailer != null) {
      tailer.close();
    }
    cluster.close();
  }

  private HelmControllerLogTailer.Builder builder() {
    return HelmControllerLogTailer.builder(cluster.client())
        .namePrefix("bp-")
        .target(logs)
        .clock(Clock.fixed(T0, ZoneOffset.UTC))
        .reconnectBackoff(Duration.ofMillis(20), Duration.ofMillis(200))
        .onError(errors);
  }

  private HelmControllerLogTailer start(HelmControllerLogTailer.Builder builder) {
    tailer = builder.build();
    tailer.start();
    return tailer;
  }

  /** A current helm-controller line about {@code release} in flux-system, without a ts of its own. */
  private static String line(String release, String msg) {
    return "{\"level\":\"info\",\"msg\":\"" + msg + "\",\"controller\":\"helmrelease\","
        + "\"controllerKind\":\"HelmRelease\",\"HelmRelease\":{\"name\":\"" + release
        + "\",\"namespace\":\"flux-system\"},\"namespace\":\"flux-system\",\"name\":\"" + release + "\"}";
  }

  private List<String> messages() {
    return logs.all().stream().map(ComponentLog::message).toList();
  }

  @Test
  void everyHelmControllerShapeReachesItsComponent() {
    cluster.runHelmController("helm-controller-1", T0.minusSeconds(3600));
    cluster.podLog("helm-controller-1", T0.plusSeconds(1), V0_5, CONSOLE, LOWER_CAMEL, EVENT, CURRENT);
    start(builder());

    List<ComponentLog> got = logs.await(5, WAIT);

    assertThat(got).extracting(l -> l.component().value(), ComponentLog::level, ComponentLog::message)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("cilium", EventLevel.INFO, "reconciliation finished"),
            org.assertj.core.groups.Tuple.tuple("flux", EventLevel.ERROR,
                "Reconciler error: install retries exhausted"),
            org.assertj.core.groups.Tuple.tuple("cert-manager", EventLevel.INFO,
                "dependency 'flux-system/bp-cilium' is not ready"),
            org.assertj.core.groups.Tuple.tuple("openbao", EventLevel.ERROR,
                "Helm install failed: timed out: InstallFailed"),
            org.assertj.core.groups.Tuple.tuple("spire", EventLevel.INFO, "release in-sync with desired state"));
    assertThat(got.get(0).time()).as("no ts of its own: the kubelet's").isEqualTo(T0.plusSeconds(1));
    assertThat(got.get(1).time()).as("the console line's own ts").isEqualTo(Instant.parse("2024-05-01T10:00:02Z"));
    assertThat(got.get(4).time()).as("its own ts").isEqualTo(Instant.parse("2024-05-01T10:00:03.5Z"));
  }

  @Test
  void secretsInControllerLinesAreMaskedBeforeTheTargetSeesThem() {
    cluster.runHelmController("helm-controller-1", T0.minusSeconds(3600));
    cluster.podLog("helm-controller-1", T0.plusSeconds(1),
        line("bp-cilium", "pull failed: Authorization: Bearer abc.def.ghi for password=hunter2"));
    start(builder());

    logs.await(1, WAIT);

    assertThat(logs.all()).singleElement().satisfies(l -> {
      assertThat(l.message()).startsWith("pull failed: ").doesNotContain("abc.def.ghi").doesNotContain("hunter2");
    });
  }

  @Test
  void linesNamingNoWatchedReleaseAreDropped() {
    cluster.runHelmController("helm-controller-1", T0.minusSeconds(3600));
    cluster.podLog("helm-controller-1", T0.plusSeconds(1),
        line("podinfo", "not a bp- release"),
        "{\"level\":\"info\",\"msg\":\"Starting workers\",\"controller\":\"helmrelease\",\"worker count\":4}",
        "I0501 10:00:01.000000       1 leaderelection.go:250] attempting to acquire leader lease",
        line("bp-cilium", "cut short").substring(0, 90),
        line("bp-cilium", "kept"));
    start(builder());

    logs.await(1, WAIT);

    assertThat(logs.all()).singleElement().satisfies(l -> {
      assertThat(l.component()).isEqualTo(ComponentId.of("cilium"));
      assertThat(l.message()).isEqualTo("kept");
    });
    assertThat(tailer.linesRead()).isGreaterThanOrEqualTo(5);
    assertThat(tailer.linesRouted()).isEqualTo(1);
  }

  @Test
  void linesWrittenBeforeTheTailerStartedAreNotReplayed() {
    cluster.runHelmController("helm-controller-1", T0.minusSeconds(3600));
    cluster.podLog("helm-controller-1", T0.minusSeconds(10), line("bp-cilium", "before"));
    cluster.podLog("helm-controller-1", T0.minusNanos(1), line("bp-cilium", "just before"));
    cluster.podLog("helm-controller-1", T0.plusMillis(1), line("bp-cilium", "after"));
    start(builder());

    logs.awaitAny(l -> l.message().equals("after"), "the line written after the start", WAIT);

    assertThat(messages()).containsExactly("after");
    assertThat(cluster.requests()).anyMatch(r -> r.contains("/pods/helm-controller-1/log?")
        && r.contains("sinceTime=2024-05-01T10:00:00Z"));
  }

  @Test
  void reconnectsContinueAfterTheLastLineSeenWithoutDuplicates() {
    cluster.runHelmController("helm-controller-1", T0.minusSeconds(3600));
    start(builder());
    cluster.podLog("helm-controller-1", T0.plusSeconds(1), line("bp-cilium", "one"));
    logs.awaitAny(l -> l.message().equals("one"), "line one", WAIT);

    // The fake ends every stream after the lines it has, so each later line arrives through a reconnect
    // that asks from the last line's second and gets that line again.
    cluster.podLog("helm-controller-1", T0.plusSeconds(1).plusMillis(5), line("bp-cilium", "two"));
    logs.awaitAny(l -> l.message().equals("two"), "line two", WAIT);
    cluster.podLog("helm-controller-1", T0.plusSeconds(2), line("bp-flux", "three"));
    logs.awaitAny(l -> l.message().equals("three"), "line three", WAIT);

    assertThat(messages()).containsExactly("one", "two", "three");
    assertThat(tailer.attachCount()).isGreaterThanOrEqualTo(3);
  }

  @Test
  void startWithTailReplaysTheLastLines() {
    cluster.runHelmController("helm-controller-1", T0.minusSeconds(3600));
    cluster.podLog("helm-controller-1", T0.minusSeconds(30),
        line("bp-cilium", "old 1"), line("bp-cilium", "old 2"), line("bp-cilium", "old 3"));
    start(builder().startWithTail(2));

    logs.await(2, WAIT);
    cluster.podLog("helm-controller-1", T0.plusSeconds(1), line("bp-cilium", "new"));
    logs.await(3, WAIT);

    assertThat(messages()).containsExactly("old 2", "old 3", "new");
  }

  @Test
  void startSinceResumesFromASavedTime() {
    cluster.runHelmController("helm-controller-1", T0.minusSeconds(3600));
    cluster.podLog("helm-controller-1", T0.minusSeconds(30), line("bp-cilium", "already kept"));
    cluster.podLog("helm-controller-1", T0.minusSeconds(20), line("bp-cilium", "missed while down"));
    start(builder().startSince(T0.minusSeconds(25)));

    logs.await(1, WAIT);

    assertThat(messages()).containsExactly("missed while down");
  }

  @Test
  void aReplacedPodIsFollowedFromItsFirstLine() {
    cluster.runHelmController("helm-controller-1", T0.minusSeconds(3600));
    start(builder());
    cluster.podLog("helm-controller-1", T0.plusSeconds(1), line("bp-cilium", "from the old pod"));
    logs.await(1, WAIT);

    cluster.deletePod("helm-controller-1");
    cluster.runHelmController("helm-controller-2", T0.plusSeconds(60));
    cluster.podLog("helm-controller-2", T0.plusSeconds(61), line("bp-cilium", "from the new pod"));

    logs.await(2, WAIT);
    assertThat(messages()).containsExactly("from the old pod", "from the new pod");
    List<String> requests = cluster.requests();
    assertThat(requests).anyMatch(r -> r.contains("/pods/helm-controller-2/log?"));
    assertThat(requests).filteredOn(r -> r.contains("/pods/helm-controller-2/log?"))
        .as("a container that started after the tailer is read from its first line")
        .allMatch(r -> !r.contains("sinceTime") || r.contains("sinceTime=2024-05-01T10:01:01Z"));
  }

  @Test
  void aRestartedContainerIsFollowedFromItsFirstLine() {
    cluster.runHelmController("helm-controller-1", T0.minusSeconds(3600));
    start(builder());
    cluster.podLog("helm-controller-1", T0.plusSeconds(1), line("bp-cilium", "before the restart"));
    logs.await(1, WAIT);

    cluster.restartHelmController("helm-controller-1", T0.plusSeconds(30));
    // Earlier than the last line seen: only a stream of the new container, read from its start, has it.
    cluster.podLog("helm-controller-1", T0.plusMillis(500), line("bp-flux", "after the restart"));

    logs.await(2, WAIT);
    assertThat(messages()).containsExactly("before the restart", "after the restart");
  }

  @Test
  void theLastLinesOfACrashedContainerAreReadFromThePreviousLogAfterItsRestart() {
    cluster.runHelmController("helm-controller-1", T0.minusSeconds(3600));
    cluster.podLog("helm-controller-1", T0.plusSeconds(1), line("bp-cilium", "before the crash"));
    // Once its first stream ended, the crashed container's stream is not reopened before the restart.
    start(builder().reconnectBackoff(Duration.ofHours(1), Duration.ofHours(1)));
    logs.await(1, WAIT);

    cluster.podLog("helm-controller-1", T0.plusSeconds(2), line("bp-cilium", "last words"));
    cluster.restartHelmController("helm-controller-1", T0.plusSeconds(30));

    logs.awaitAny(l -> l.message().equals("last words"), "the crashed container's last line", WAIT);
    assertThat(messages()).containsExactly("before the crash", "last words");
    assertThat(cluster.requests()).anyMatch(r -> r.contains("/pods/helm-controller-1/log?")
        && r.contains("previous=true") && r.contains("sinceTime=2024-05-01T10:00:01Z"));
  }

  @Test
  void onlyReadsAreSent() {
    cluster.runHelmController("helm-controller-1", T0.minusSeconds(3600));
    cluster.clearRequests();
    start(builder());
    cluster.podLog("helm-controller-1", T0.plusSeconds(1), line("bp-cilium", "one"));
    logs.await(1, WAIT);
    tailer.close();

    List<String> requests = cluster.requests();
    assertThat(requests).allMatch(r -> r.startsWith("GET "), "only GET requests");
    assertThat(requests).anyMatch(r -> r.startsWith("GET /api/v1/namespaces/flux-system/pods?")
        && r.contains("labelSelector=app%3Dhelm-controller"));
    assertThat(requests).anyMatch(r -> r.startsWith("GET /api/v1/namespaces/flux-system/pods/helm-controller-1/log?")
        && r.contains("container=manager") && r.contains("timestamps=true") && r.contains("follow=true"));
  }

  @Test
  void aRefusedLogRequestIsReportedWithoutCredentialsAndRetried() {
    // A pod the fake serves no log for: its log requests get 404 until the log exists.
    Pod pod = new PodBuilder().withNewMetadata().withName("helm-controller-x").withNamespace("flux-system")
        .addToLabels("app", "helm-controller").endMetadata()
        .withNewSpec().addNewContainer().withName("manager").withImage("helm-controller").endContainer().endSpec()
        .withNewStatus().withPhase("Running").addNewContainerStatus().withName("manager").withRestartCount(0)
        .withNewState().withNewRunning().withStartedAt(T0.minusSeconds(60).toString()).endRunning().endState()
        .endContainerStatus().endStatus()
        .build();
    cluster.client().pods().inNamespace("flux-system").resource(pod).create();
    start(builder());

    String error = errors.awaitAny(e -> e.contains("helm-controller-x"), "an error about the pod", WAIT);
    errors.await(2, WAIT);

    assertThat(error).contains("flux-system/helm-controller-x").contains("not found")
        .doesNotContain("Bearer").doesNotContain("token");
  }

  @Test
  void closeIsIdempotentAndStopsTheTailersThread() {
    cluster.runHelmController("helm-controller-1", T0.minusSeconds(3600));
    start(builder());
    cluster.podLog("helm-controller-1", T0.plusSeconds(1), line("bp-cilium", "one"));
    logs.await(1, WAIT);

    tailer.close();
    tailer.close();

    assertThat(Thread.getAllStackTraces().keySet()).noneMatch(
        t -> t.getName().startsWith("helmwatch-log-tailer") && t.isAlive());
    assertThat(tailer.attachedPods()).isEmpty();
    assertThatThrownBy(tailer::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
  }

  @Test
  void builderValidatesEagerly() {
    assertThatThrownBy(() -> HelmControllerLogTailer.builder(cluster.client()).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("target");
    assertThatThrownBy(() -> builder().namespace(" ")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("namespace");
    assertThatThrownBy(() -> builder().startWithTail(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder().reconnectBackoff(Duration.ZERO, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
