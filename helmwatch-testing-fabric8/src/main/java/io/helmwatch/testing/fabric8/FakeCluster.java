package io.helmwatch.testing.fabric8;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.ByteString;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import io.helmwatch.core.Condition;
import io.helmwatch.core.ReleaseKey;
import io.helmwatch.core.flux.FluxHelmReleaseDeriver;
import io.helmwatch.testing.HelmControllerSimulator;
import io.helmwatch.testing.HelmRelease;
import io.helmwatch.testing.HelmReleaseWriter;
import io.helmwatch.testing.HelmReleases;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * An embedded Kubernetes API server that serves Flux HelmReleases over real HTTP: fabric8's {@code
 * KubernetesMockServer} in CRUD mode, with the {@code helm.toolkit.fluxcd.io} HelmRelease resource in
 * versions {@code v2}, {@code v2beta2} and {@code v2beta1} (or {@linkplain Builder#servedVersions those
 * chosen}), each with a status subresource (so, as on a real API server, a create drops the status and
 * status is written through {@code /status}).
 *
 * <p><b>Discovery.</b> {@code GET /apis/helm.toolkit.fluxcd.io} answers the group's {@code APIGroup}
 * document, as an API server does for an installed CRD: the served versions newest first, and the newest as
 * {@code preferredVersion}. Every request under a version the cluster does not serve is answered 404. The
 * CRUD server keeps each object under the version it was written in: an object created as {@code v2} is not
 * listed under {@code v2beta2} (a real API server converts between served versions).
 *
 * <p>Its helpers act as Flux would: {@link #create} applies a {@link HelmRelease} fixture and then writes
 * its status the way helm-controller does; {@link #patchStatus} and {@link #touchStatus} are status
 * updates; {@link #bumpGeneration} is a spec change; {@link #dropWatches()} cuts every open watch
 * connection. {@link #requests()} lists what clients sent, to prove a watcher only reads.
 *
 * <p>It also runs helm-controller pods ({@link #runHelmController}, {@link #restartHelmController}, {@link
 * #deletePod}) and serves their logs ({@link #podLog}) at {@code GET .../pods/NAME/log}, honouring {@code
 * timestamps}, {@code sinceTime} and {@code tailLines} as the kubelet does. A log request, {@code follow}
 * or not, gets the lines written so far and then the response ends, as when a proxy cuts a follow stream:
 * a reader that reconnects sees the lines written since.
 *
 * <pre>{@code
 * try (FakeCluster cluster = FakeCluster.start()) {
 *   cluster.create(HelmReleases.named("bp-cilium").installed());
 *   cluster.create(HelmReleases.named("bp-flux").dependsOn("bp-cilium").progressing());
 *   RecordingSink sink = new RecordingSink();
 *   ReleaseSource source = Fabric8ReleaseSource.builder().client(cluster.client()).build();
 *   try (Watcher watcher = Watcher.builder(source).sink(sink).expectAtLeast(2).build()) {
 *     CompletableFuture<WatchResult> result = watcher.start();
 *     sink.awaitState("bp-flux", ComponentState.INSTALLING, Duration.ofSeconds(10));
 *     cluster.patchStatus("bp-flux", HelmRelease::installed);
 *     assertThat(result.get(10, SECONDS).outcome()).isEqualTo(WatchOutcome.READY);
 *   }
 * }
 * }</pre>
 *
 * <p>{@code FakeCluster.builder().withoutHelmReleaseCrd().start()} is a cluster where Flux is not installed
 * yet: every request under {@code /apis/helm.toolkit.fluxcd.io}, the discovery document's included, is
 * answered 404, as a real API server answers for a group it does not serve, until {@link
 * #installHelmReleaseCrd()}; {@link #awaitRefusedHelmReleaseRequests} waits until a client has been refused.
 *
 * <p>The CRUD server never answers 410 Gone or sends bookmarks, and it replays every object as {@code
 * ADDED} when a watch reconnects. Thread-safe.
 *
 * @since 0.1
 */
public final class FakeCluster implements AutoCloseable {
  /** The HelmRelease API group. */
  public static final String GROUP = "helm.toolkit.fluxcd.io";
  /** The version used when none is given, on a cluster that serves every version. */
  public static final String DEFAULT_VERSION = "v2";
  /** Every version a cluster can serve, newest first; a cluster serves all of them unless built otherwise. */
  public static final List<String> VERSIONS = List.of("v2", "v2beta2", "v2beta1");

  private final KubernetesMockServer server;
  private final TrackingDispatcher dispatcher;
  private final KubernetesClient client;
  /** The cluster's own writes (what Flux and helm-controller do) go through their own connections. */
  private final KubernetesClient admin;
  private final Map<ReleaseKey, HelmRelease> fixtures = new LinkedHashMap<>();
  private final Map<ReleaseKey, String> versions = new HashMap<>();
  private final List<ApiRequest> requests = new ArrayList<>();
  private final Map<String, List<LogEntry>> podLogs = new ConcurrentHashMap<>();
  /** The log of each pod's container before its last restart. */
  private final Map<String, List<LogEntry>> previousPodLogs = new ConcurrentHashMap<>();
  private final HelmReleaseCrdGate crd;
  /** Newest first. */
  private final List<String> served;
  private long touches;

  private FakeCluster(Builder b) {
    this.served = b.served;
    this.crd = new HelmReleaseCrdGate(b.helmReleaseCrd, served);
    List<CustomResourceDefinitionContext> crds = new ArrayList<>();
    for (String version : served) {
      crds.add(new CustomResourceDefinitionContext.Builder()
          .withName("helmreleases." + GROUP)
          .withGroup(GROUP)
          .withVersion(version)
          .withKind("HelmRelease")
          .withPlural("helmreleases")
          .withScope("Namespaced")
          .withStatusSubresource(true)
          .build());
    }
    this.dispatcher = new TrackingDispatcher(crds, this::logResponse, crd);
    this.server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
    this.server.init();
    this.client = server.createClient();
    this.admin = server.createClient();
  }

  /** Starts a cluster on a free loopback port, with the HelmRelease CRD installed. */
  public static FakeCluster start() {
    return builder().start();
  }

  /** A builder, for a cluster that is not the default one. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Installs the HelmRelease CRD, its {@linkplain #servedVersions() served versions}, as Flux's bootstrap
   * does: from now on the cluster serves HelmReleases. Idempotent.
   */
  public void installHelmReleaseCrd() {
    crd.install();
  }

  /** Whether the HelmRelease CRD is installed. */
  public boolean helmReleaseCrdInstalled() {
    return crd.installed();
  }

  /** The HelmRelease versions this cluster serves (once the CRD is installed), newest first. */
  public List<String> servedVersions() {
    return served;
  }

  /**
   * The version the cluster prefers, the newest it serves: what its discovery document names as {@code
   * preferredVersion}, and the version {@link #create(HelmRelease)} writes.
   */
  public String preferredVersion() {
    return served.get(0);
  }

  /**
   * Waits until the cluster has refused at least {@code count} HelmRelease requests, since it started,
   * because the CRD was not installed or the version asked for is not served.
   *
   * @throws AssertionError when fewer were refused within {@code timeout}
   */
  public void awaitRefusedHelmReleaseRequests(int count, Duration timeout) {
    crd.awaitRefused(count, timeout);
  }

  /** A client for this cluster, closed by {@link #close()}. */
  public KubernetesClient client() {
    return client;
  }

  /** The fabric8 context that addresses HelmReleases of {@code version}. */
  public static ResourceDefinitionContext context(String version) {
    if (!VERSIONS.contains(version)) {
      throw new IllegalArgumentException("Unknown HelmRelease version '" + version + "'; known: " + VERSIONS);
    }
    return new ResourceDefinitionContext.Builder()
        .withGroup(GROUP).withVersion(version).withKind("HelmRelease").withPlural("helmreleases")
        .withNamespaced(true).build();
  }

  /**
   * Creates {@code release} in the {@linkplain #preferredVersion() preferred version} ({@code v2} unless built
   * otherwise), then writes its status as helm-controller would.
   */
  public HelmRelease create(HelmRelease release) {
    return create(release, preferredVersion(), Map.of());
  }

  /**
   * Creates {@code release} in {@code version} with {@code labels}, makes spec changes up to its generation,
   * then writes its status (if it has one) through the status subresource.
   *
   * @throws IllegalArgumentException when the cluster does not serve {@code version}
   */
  public synchronized HelmRelease create(HelmRelease release, String version, Map<String, String> labels) {
    context(version);
    if (!served.contains(version)) {
      throw new IllegalArgumentException(version + " is not served by this cluster (served: "
          + String.join(", ", served) + ")");
    }
    ReleaseKey key = local(release.key());
    if (fixtures.containsKey(key)) {
      throw new IllegalStateException(key + " already exists; use patchStatus or bumpGeneration");
    }
    GenericKubernetesResource resource = toResource(release, version);
    resource.getMetadata().setLabels(labels.isEmpty() ? null : new LinkedHashMap<>(labels));
    resource.getMetadata().setResourceVersion(null);
    GenericKubernetesResource created = ops(version, key).resource(resource).create();
    versions.put(key, version);
    fixtures.put(key, release.generation(generationOf(created)));
    // The API server starts every object at generation 1: a later generation takes that many spec changes.
    while (fixtures.get(key).generation() < release.generation()) {
      bumpGeneration(key);
    }
    if (!release.conditions().isEmpty() || release.observedGeneration() != 0) {
      writeStatus(key, fixtures.get(key));
    }
    return fixtures.get(key);
  }

  /** Creates every release in order, in the preferred version. */
  public void createAll(List<HelmRelease> releases) {
    releases.forEach(this::create);
  }

  /** Changes the status of {@code name} in {@code flux-system}, through the status subresource. */
  public HelmRelease patchStatus(String name, UnaryOperator<HelmRelease> change) {
    return patchStatus(HelmReleases.FLUX_NAMESPACE, name, change);
  }

  /** Changes the status of {@code namespace/name}, through the status subresource. */
  public synchronized HelmRelease patchStatus(String namespace, String name, UnaryOperator<HelmRelease> change) {
    ReleaseKey key = ReleaseKey.of(namespace, name);
    HelmRelease next = change.apply(fixture(key));
    fixtures.put(key, next);
    writeStatus(key, next);
    return next;
  }

  /**
   * A status update that changes nothing a watcher derives from: {@code status.lastHandledReconcileAt} and
   * every condition's {@code lastTransitionTime} move on, like helm-controller's periodic reconciles.
   */
  public synchronized void touchStatus(String name) {
    ReleaseKey key = ReleaseKey.of(HelmReleases.FLUX_NAMESPACE, name);
    HelmRelease current = fixture(key);
    touches++;
    String at = current.time().plusSeconds(touches).toString();
    Map<String, Object> status = statusOf(current);
    for (Object c : (List<?>) status.get("conditions")) {
      @SuppressWarnings("unchecked")
      Map<String, Object> condition = (Map<String, Object>) c;
      condition.put("lastTransitionTime", at);
    }
    status.put("lastHandledReconcileAt", at);
    GenericKubernetesResource r = get(key);
    r.setAdditionalProperty("status", status);
    ops(versions.get(key), key).resource(r).updateStatus();
  }

  /**
   * A spec change of {@code name} in {@code flux-system}: the API server increments {@code
   * metadata.generation} and the status still describes the old one. Returns the new generation.
   */
  public synchronized long bumpGeneration(String name) {
    return bumpGeneration(ReleaseKey.of(HelmReleases.FLUX_NAMESPACE, name));
  }

  private long bumpGeneration(ReleaseKey key) {
    HelmRelease current = fixture(key);
    GenericKubernetesResource r = get(key);
    long next = generationOf(r) + 1;
    @SuppressWarnings("unchecked")
    Map<String, Object> spec = (Map<String, Object>) r.getAdditionalProperties().get("spec");
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("revision", next);
    spec.put("values", values);
    r.getMetadata().setGeneration(next);
    GenericKubernetesResource updated = ops(versions.get(key), key).resource(r).update();
    long generation = generationOf(updated);
    fixtures.put(key, current.generation(generation));
    return generation;
  }

  /**
   * Makes the cluster hold {@code release}, as Flux and helm-controller together would: creates it when it
   * is new; otherwise makes spec changes up to its generation, then writes its status. This is the {@link
   * HelmReleaseWriter} a {@link HelmControllerSimulator} drives: {@code simulator.run(cluster::apply, ...)}.
   */
  public synchronized void apply(HelmRelease release) {
    ReleaseKey key = local(release.key());
    HelmRelease current = fixtures.get(key);
    if (current == null) {
      create(release);
      return;
    }
    while (current.generation() < release.generation()) {
      bumpGeneration(key);
      current = fixture(key);
    }
    HelmRelease next = release.generation(current.generation());
    fixtures.put(key, next);
    writeStatus(key, next);
  }

  /** Sets a label on {@code name} in {@code flux-system} (a metadata change; the generation stays). */
  public synchronized void label(String name, String label, String value) {
    ReleaseKey key = ReleaseKey.of(HelmReleases.FLUX_NAMESPACE, name);
    fixture(key);
    GenericKubernetesResource r = get(key);
    Map<String, String> labels = r.getMetadata().getLabels() == null
        ? new LinkedHashMap<>() : new LinkedHashMap<>(r.getMetadata().getLabels());
    labels.put(label, value);
    r.getMetadata().setLabels(labels);
    ops(versions.get(key), key).resource(r).update();
  }

  /** Deletes {@code name} in {@code flux-system}. */
  public void delete(String name) {
    delete(HelmReleases.FLUX_NAMESPACE, name);
  }

  /** Deletes {@code namespace/name}. */
  public synchronized void delete(String namespace, String name) {
    ReleaseKey key = ReleaseKey.of(namespace, name);
    fixture(key);
    ops(versions.get(key), key).withName(name).delete();
    fixtures.remove(key);
    versions.remove(key);
  }

  /** The object as the API server holds it now. */
  public synchronized GenericKubernetesResource get(String namespace, String name) {
    return get(ReleaseKey.of(namespace, name));
  }

  /** The fixture last written for {@code name} in {@code flux-system}. */
  public synchronized HelmRelease fixture(String name) {
    return fixture(ReleaseKey.of(HelmReleases.FLUX_NAMESPACE, name));
  }

  /**
   * Closes every open watch connection from the server side, as a restarting API server or a load balancer
   * would. Clients reconnect and the CRUD server replays every object. Returns how many were closed.
   */
  public int dropWatches() {
    return dispatcher.dropAll();
  }

  /** Watch connections open now. */
  public int openWatches() {
    return dispatcher.open.size();
  }

  /** The label Flux puts on helm-controller pods. */
  public static final String HELM_CONTROLLER_LABEL = "app";
  /** Its value. */
  public static final String HELM_CONTROLLER_APP = "helm-controller";
  /** The container of a helm-controller pod. */
  public static final String HELM_CONTROLLER_CONTAINER = "manager";

  /**
   * Runs a helm-controller pod {@code name} in {@code flux-system} ({@code app=helm-controller}, container
   * {@code manager}), its container running since {@code startedAt}, with an empty log.
   */
  public synchronized Pod runHelmController(String name, Instant startedAt) {
    podLogs.put(name, new ArrayList<>());
    previousPodLogs.remove(name);
    Pod pod = new PodBuilder()
        .withNewMetadata().withName(name).withNamespace(HelmReleases.FLUX_NAMESPACE)
        .addToLabels(HELM_CONTROLLER_LABEL, HELM_CONTROLLER_APP).endMetadata()
        .withNewSpec().addNewContainer().withName(HELM_CONTROLLER_CONTAINER)
        .withImage("ghcr.io/fluxcd/helm-controller:v1.1.0").endContainer().endSpec()
        .withStatus(runningStatus(0, startedAt))
        .build();
    Pod created = admin.pods().inNamespace(HelmReleases.FLUX_NAMESPACE).resource(pod).create();
    if (created.getStatus() == null || created.getStatus().getContainerStatuses().isEmpty()) {
      created.setStatus(runningStatus(0, startedAt));
      created = admin.pods().inNamespace(HelmReleases.FLUX_NAMESPACE).resource(created).updateStatus();
    }
    return created;
  }

  /**
   * The container of helm-controller pod {@code name} restarted at {@code startedAt}; its log starts empty,
   * and the log it had is served as the previous container's ({@code previous=true}), as the kubelet does.
   */
  public synchronized Pod restartHelmController(String name, Instant startedAt) {
    Pod pod = admin.pods().inNamespace(HelmReleases.FLUX_NAMESPACE).withName(name).get();
    if (pod == null) {
      throw new IllegalArgumentException("No pod " + name + " in " + HelmReleases.FLUX_NAMESPACE);
    }
    int restarts = pod.getStatus().getContainerStatuses().get(0).getRestartCount() + 1;
    previousPodLogs.put(name, podLogs.put(name, new ArrayList<>()));
    pod.setStatus(runningStatus(restarts, startedAt));
    return admin.pods().inNamespace(HelmReleases.FLUX_NAMESPACE).resource(pod).updateStatus();
  }

  /** Deletes pod {@code name} in {@code flux-system} and its log. */
  public synchronized void deletePod(String name) {
    admin.pods().inNamespace(HelmReleases.FLUX_NAMESPACE).withName(name).delete();
    podLogs.remove(name);
    previousPodLogs.remove(name);
  }

  /**
   * Appends {@code lines} to the log of pod {@code name}'s current container, the first written at {@code
   * at} and each next one a microsecond later (the kubelet's timestamps).
   */
  public void podLog(String name, Instant at, String... lines) {
    List<LogEntry> log = podLogs.get(name);
    if (log == null) {
      throw new IllegalArgumentException("No pod " + name + " runs in this cluster; known: " + podLogs.keySet());
    }
    synchronized (log) {
      Instant t = at;
      for (String line : lines) {
        log.add(new LogEntry(t, line));
        t = t.plusNanos(1000);
      }
    }
  }

  private static io.fabric8.kubernetes.api.model.PodStatus runningStatus(int restarts, Instant startedAt) {
    return new io.fabric8.kubernetes.api.model.PodStatusBuilder()
        .withPhase("Running")
        .addNewContainerStatus().withName(HELM_CONTROLLER_CONTAINER).withReady(true)
        .withRestartCount(restarts).withNewState().withNewRunning().withStartedAt(startedAt.toString())
        .endRunning().endState().endContainerStatus()
        .build();
  }

  /** Serves {@code GET /api/v1/namespaces/NS/pods/NAME/log?...}; {@code null} for any other request. */
  private @Nullable MockResponse logResponse(RecordedRequest request) {
    String path = request.getPath();
    int q = path.indexOf('?');
    String plain = q < 0 ? path : path.substring(0, q);
    String prefix = "/api/v1/namespaces/" + HelmReleases.FLUX_NAMESPACE + "/pods/";
    if (!"GET".equalsIgnoreCase(request.getMethod()) || !plain.startsWith(prefix) || !plain.endsWith("/log")) {
      return null;
    }
    String pod = plain.substring(prefix.length(), plain.length() - "/log".length());
    if (!podLogs.containsKey(pod)) {
      return new MockResponse().setResponseCode(404).setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\","
          + "\"status\":\"Failure\",\"message\":\"pods \\\"" + pod + "\\\" not found\",\"reason\":\"NotFound\","
          + "\"code\":404}");
    }
    Map<String, String> params = new HashMap<>();
    if (q >= 0) {
      for (String p : path.substring(q + 1).split("&")) {
        int eq = p.indexOf('=');
        if (eq > 0) {
          params.put(p.substring(0, eq), URLDecoder.decode(p.substring(eq + 1), StandardCharsets.UTF_8));
        }
      }
    }
    List<LogEntry> log = "true".equals(params.get("previous")) ? previousPodLogs.get(pod) : podLogs.get(pod);
    if (log == null) {
      return new MockResponse().setResponseCode(400).setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\","
          + "\"status\":\"Failure\",\"message\":\"previous terminated container \\\"" + HELM_CONTROLLER_CONTAINER
          + "\\\" in pod \\\"" + pod + "\\\" not found\",\"reason\":\"BadRequest\",\"code\":400}");
    }
    boolean timestamps = "true".equals(params.get("timestamps"));
    Instant since = params.containsKey("sinceTime") ? Instant.parse(params.get("sinceTime")) : null;
    List<LogEntry> selected = new ArrayList<>();
    synchronized (log) {
      for (LogEntry e : log) {
        if (since == null || !e.time().isBefore(since)) {
          selected.add(e);
        }
      }
    }
    if (params.containsKey("tailLines")) {
      int tail = Integer.parseInt(params.get("tailLines"));
      selected = selected.subList(Math.max(0, selected.size() - tail), selected.size());
    }
    StringBuilder body = new StringBuilder();
    for (LogEntry e : selected) {
      if (timestamps) {
        body.append(e.time()).append(' ');
      }
      body.append(e.line()).append('\n');
    }
    return new MockResponse().setResponseCode(200).setHeader("Content-Type", "text/plain").setBody(body.toString());
  }

  private record LogEntry(Instant time, String line) {}

  /** Every request received so far, as {@code METHOD path?query}, in arrival order. */
  public List<String> requests() {
    return recordedRequests().stream().map(ApiRequest::toString).toList();
  }

  /** Every request received so far, in arrival order. */
  public synchronized List<ApiRequest> recordedRequests() {
    try {
      RecordedRequest r;
      while ((r = server.takeRequest(1, TimeUnit.MILLISECONDS)) != null) {
        requests.add(ApiRequest.of(r.getMethod(), r.getPath()));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return List.copyOf(requests);
  }

  /** Forgets the requests received so far: {@link #requests()} then lists only later ones. */
  public synchronized void clearRequests() {
    recordedRequests();
    requests.clear();
  }

  @Override
  public void close() {
    try {
      client.close();
      admin.close();
    } finally {
      server.destroy();
    }
  }

  /**
   * {@code release} as the generic object the API server would store in {@code version}: metadata, a spec
   * with a chart, {@code dependsOn} and {@code suspend}, and the status of the fixture.
   */
  public static GenericKubernetesResource toResource(HelmRelease release, String version) {
    context(version);
    GenericKubernetesResource r = new GenericKubernetesResource();
    r.setApiVersion(GROUP + "/" + version);
    r.setKind("HelmRelease");
    ObjectMeta meta = new ObjectMeta();
    meta.setName(release.name());
    meta.setNamespace(release.namespace());
    meta.setGeneration(release.generation());
    meta.setResourceVersion("1");
    if (release.isDeleting()) {
      meta.setDeletionTimestamp(release.time().toString());
      meta.setFinalizers(List.of("finalizers.fluxcd.io"));
    }
    r.setMetadata(meta);
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("interval", "10m");
    Map<String, Object> sourceRef = new LinkedHashMap<>();
    sourceRef.put("kind", "HelmRepository");
    sourceRef.put("name", "charts");
    sourceRef.put("namespace", HelmReleases.FLUX_NAMESPACE);
    Map<String, Object> chartSpec = new LinkedHashMap<>();
    chartSpec.put("chart", release.name());
    chartSpec.put("version", "1.x");
    chartSpec.put("sourceRef", sourceRef);
    spec.put("chart", Map.of("spec", chartSpec));
    if (!release.dependsOn().isEmpty()) {
      List<Object> deps = new ArrayList<>();
      for (String dep : release.dependsOn()) {
        Map<String, Object> ref = new LinkedHashMap<>();
        ref.put("name", dep);
        ref.put("namespace", release.namespace());
        deps.add(ref);
      }
      spec.put("dependsOn", deps);
    }
    if (release.suspended()) {
      spec.put("suspend", true);
    }
    if (!release.timeout().isEmpty()) {
      spec.put("timeout", release.timeout());
    }
    if (!release.driftDetectionMode().isEmpty()) {
      spec.put("driftDetection", Map.of("mode", release.driftDetectionMode()));
    }
    spec.put("install", actionSpec(release, release.installRetries()));
    spec.put("upgrade", actionSpec(release, release.upgradeRetries()));
    if (!release.reconcileRequestedAt().isEmpty()) {
      meta.setAnnotations(Map.of(FluxHelmReleaseDeriver.RECONCILE_REQUESTED_AT, release.reconcileRequestedAt()));
    }
    r.setAdditionalProperty("spec", spec);
    r.setAdditionalProperty("status", statusOf(release));
    return r;
  }

  private static Map<String, Object> actionSpec(HelmRelease release, long retries) {
    Map<String, Object> action = new LinkedHashMap<>();
    if (retries != 0) {
      action.put("remediation", Map.of("retries", retries));
    }
    if (release.retryOnFailure()) {
      action.put("strategy", Map.of("name", "RetryOnFailure", "retryInterval", "5m"));
    }
    return action;
  }

  private static Map<String, Object> statusOf(HelmRelease release) {
    Map<String, Object> status = new LinkedHashMap<>();
    if (release.observedGeneration() != 0) {
      status.put("observedGeneration", release.observedGeneration());
    }
    if (release.lastAttemptedGeneration() != 0) {
      status.put("lastAttemptedGeneration", release.lastAttemptedGeneration());
      status.put("lastAttemptedRevision", release.chartVersion());
      status.put("lastAttemptedReleaseAction", release.lastAttemptedReleaseAction());
    }
    if (!release.lastAttemptedReleaseActionDuration().isEmpty()) {
      status.put("lastAttemptedReleaseActionDuration", release.lastAttemptedReleaseActionDuration());
    }
    if (!release.lastAttemptedRevisionDigest().isEmpty()) {
      status.put("lastAttemptedRevisionDigest", release.lastAttemptedRevisionDigest());
    }
    if (release.failures() != 0) {
      status.put("failures", release.failures());
    }
    if (release.installFailures() != 0) {
      status.put("installFailures", release.installFailures());
    }
    if (release.upgradeFailures() != 0) {
      status.put("upgradeFailures", release.upgradeFailures());
    }
    List<Object> history = new ArrayList<>();
    int version = release.history().size();
    for (String chartVersion : release.history()) {
      Map<String, Object> h = new LinkedHashMap<>();
      h.put("name", release.name());
      h.put("namespace", release.namespace());
      h.put("version", version);
      h.put("status", version == release.history().size() ? "deployed" : "superseded");
      h.put("chartName", release.chartName());
      h.put("chartVersion", chartVersion);
      h.put("appVersion", chartVersion);
      String action = release.historyActions().get(release.history().size() - version);
      if (!action.isEmpty()) {
        h.put("action", action);
      }
      history.add(h);
      version--;
    }
    if (!history.isEmpty()) {
      status.put("history", history);
    }
    List<Object> conditions = new ArrayList<>();
    for (Condition c : release.conditions()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("type", c.type());
      m.put("status", c.status());
      if (c.observedGeneration() != 0) {
        m.put("observedGeneration", c.observedGeneration());
      }
      m.put("lastTransitionTime", (c.lastTransitionTime() == null ? release.time() : c.lastTransitionTime())
          .toString());
      m.put("reason", c.reason());
      m.put("message", c.message());
      conditions.add(m);
    }
    status.put("conditions", conditions);
    if (!release.lastHandledReconcileAt().isEmpty()) {
      status.put("lastHandledReconcileAt", release.lastHandledReconcileAt());
    }
    return status;
  }

  private void writeStatus(ReleaseKey key, HelmRelease release) {
    GenericKubernetesResource r = get(key);
    r.setAdditionalProperty("status", statusOf(release));
    ops(versions.get(key), key).resource(r).updateStatus();
  }

  private GenericKubernetesResource get(ReleaseKey key) {
    GenericKubernetesResource r = ops(versions.getOrDefault(key, preferredVersion()), key).withName(key.name()).get();
    if (r == null) {
      throw new IllegalArgumentException("No HelmRelease " + key.namespace() + "/" + key.name() + " in the cluster");
    }
    return r;
  }

  private HelmRelease fixture(ReleaseKey key) {
    HelmRelease r = fixtures.get(key);
    if (r == null) {
      throw new IllegalArgumentException("No HelmRelease " + key.namespace() + "/" + key.name()
          + " was created in this cluster; known: " + fixtures.keySet());
    }
    return r;
  }

  private io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<GenericKubernetesResource,
      io.fabric8.kubernetes.api.model.GenericKubernetesResourceList,
      io.fabric8.kubernetes.client.dsl.Resource<GenericKubernetesResource>> ops(String version, ReleaseKey key) {
    return admin.genericKubernetesResources(context(version)).inNamespace(key.namespace());
  }

  private static ReleaseKey local(ReleaseKey key) {
    return ReleaseKey.of(key.namespace(), key.name());
  }

  private static long generationOf(GenericKubernetesResource r) {
    Long g = r.getMetadata() == null ? null : r.getMetadata().getGeneration();
    return g == null ? 1 : g;
  }

  /** The CRUD dispatcher, keeping a handle on each watch connection so that it can be dropped. */
  private static final class TrackingDispatcher extends KubernetesCrudDispatcher {
    final Set<WebSocket> open = ConcurrentHashMap.newKeySet();
    private final java.util.function.Function<RecordedRequest, @Nullable MockResponse> logs;
    private final HelmReleaseCrdGate crd;
    /** The CRUD dispatcher's own set of watch listeners, to which it sends every change. */
    private final @Nullable Set<?> listeners;

    TrackingDispatcher(List<CustomResourceDefinitionContext> crds,
        java.util.function.Function<RecordedRequest, @Nullable MockResponse> logs, HelmReleaseCrdGate crd) {
      super(crds);
      this.logs = logs;
      this.crd = crd;
      this.listeners = watchListeners(this);
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
      MockResponse answered = crd.answer(request);
      if (answered != null) {
        return answered;
      }
      MockResponse log = logs.apply(request);
      return log != null ? log : super.dispatch(request);
    }

    @Override
    public MockResponse handleWatch(String path) {
      MockResponse response = super.handleWatch(path);
      WebSocketListener delegate = response.getWebSocketListener();
      if (delegate != null) {
        response.withWebSocketUpgrade(new Tracking(delegate, open, listeners));
      }
      return response;
    }

    /**
     * The mock's watch listener, when its connection ends, shuts its sender down, drains it (which can take
     * seconds) and only then leaves this set; meanwhile every create or update that the dispatcher sends to it
     * fails with RejectedExecutionException and that request never gets a response. Reaching the set lets a
     * closing listener leave it first.
     */
    private static @Nullable Set<?> watchListeners(KubernetesCrudDispatcher dispatcher) {
      try {
        java.lang.reflect.Field f = KubernetesCrudDispatcher.class.getDeclaredField("watchEventListeners");
        f.setAccessible(true);
        return (Set<?>) f.get(dispatcher);
      } catch (ReflectiveOperationException | RuntimeException e) {
        return null;
      }
    }

    int dropAll() {
      int n = 0;
      for (WebSocket ws : List.copyOf(open)) {
        open.remove(ws);
        if (ws.close(1000, "dropped by FakeCluster")) {
          n++;
        }
      }
      return n;
    }
  }

  /** Configures a {@link FakeCluster}. */
  public static final class Builder {
    private boolean helmReleaseCrd = true;
    private List<String> served = VERSIONS;
    private boolean servedSet;

    private Builder() {}

    /**
     * Serve only these HelmRelease versions, as a given Flux release does: {@code "v2"} alone for Flux 2.8 and
     * later, {@code "v2", "v2beta2"} for Flux 2.7, {@code "v2beta2", "v2beta1"} for Flux 2.2, {@code "v2beta1"}
     * for older ones (a single {@code "v2beta2"} plays a cluster that has lost {@code v2beta1}). Any order: the
     * discovery document lists them newest first and prefers the newest, and {@link FakeCluster#create(
     * HelmRelease)} writes in that one. Requests under any other version are answered 404, and writing in one
     * fails. Default: {@code v2}, {@code v2beta2} and {@code v2beta1}.
     *
     * @throws IllegalArgumentException when {@code versions} is empty or names a version not in {@link
     *     FakeCluster#VERSIONS}
     * @throws IllegalStateException when called twice
     */
    public Builder servedVersions(String... versions) {
      if (servedSet) {
        throw new IllegalStateException("servedVersions was already set to " + served);
      }
      if (versions.length == 0) {
        throw new IllegalArgumentException("servedVersions needs at least one version; use withoutHelmReleaseCrd()"
            + " for a cluster that serves none");
      }
      List<String> asked = List.of(versions);
      for (String v : asked) {
        if (!VERSIONS.contains(v)) {
          throw new IllegalArgumentException("Unknown HelmRelease version '" + v + "'; known: " + VERSIONS);
        }
      }
      this.served = VERSIONS.stream().filter(asked::contains).toList();
      this.servedSet = true;
      return this;
    }

    /**
     * Start as a cluster where Flux is not installed yet: HelmRelease requests are answered 404 until
     * {@link FakeCluster#installHelmReleaseCrd()}. Writing a HelmRelease before then fails, as it would.
     */
    public Builder withoutHelmReleaseCrd() {
      this.helmReleaseCrd = false;
      return this;
    }

    /** Starts the cluster on a free loopback port. */
    public FakeCluster start() {
      return new FakeCluster(this);
    }
  }

  private static final class Tracking extends WebSocketListener {
    private final WebSocketListener delegate;
    private final Set<WebSocket> open;
    private final @Nullable Set<?> listeners;

    Tracking(WebSocketListener delegate, Set<WebSocket> open, @Nullable Set<?> listeners) {
      this.delegate = delegate;
      this.open = open;
      this.listeners = listeners;
    }

    /** Stops the dispatcher sending to this watch before its sender shuts down. */
    private void leave() {
      if (listeners != null) {
        listeners.remove(delegate);
      }
    }

    @Override
    public void onBeforeAccept(WebSocket webSocket, Response response) {
      delegate.onBeforeAccept(webSocket, response);
    }

    @Override
    public void onOpen(WebSocket webSocket, Response response) {
      open.add(webSocket);
      delegate.onOpen(webSocket, response);
    }

    @Override
    public void onMessage(WebSocket webSocket, String text) {
      delegate.onMessage(webSocket, text);
    }

    @Override
    public void onMessage(WebSocket webSocket, ByteString bytes) {
      delegate.onMessage(webSocket, bytes);
    }

    @Override
    public void onMessage(WebSocket webSocket, byte[] bytes) {
      delegate.onMessage(webSocket, bytes);
    }

    @Override
    public void onClosing(WebSocket webSocket, int code, String reason) {
      open.remove(webSocket);
      delegate.onClosing(webSocket, code, reason);
    }

    // The mock's watch listener waits for its sender to drain when a connection ends; off the server's
    // event loop, so that one closing watch does not stall every other request for seconds.
    @Override
    public void onClosed(WebSocket webSocket, int code, String reason) {
      open.remove(webSocket);
      leave();
      offLoop(() -> delegate.onClosed(webSocket, code, reason));
    }

    @Override
    public void onFailure(WebSocket webSocket, Throwable t, @Nullable Response response) {
      open.remove(webSocket);
      leave();
      offLoop(() -> delegate.onFailure(webSocket, t, response));
    }

    private static void offLoop(Runnable task) {
      Thread thread = new Thread(task, "fake-cluster-watch-close");
      thread.setDaemon(true);
      thread.start();
    }
  }
}
