package io.helmwatch.fabric8;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.helmwatch.core.ReleaseFilter;
import io.helmwatch.core.ReleaseKey;
import io.helmwatch.core.ReleaseSource;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link ReleaseSource} over a fabric8 {@link SharedIndexInformer} of Flux HelmReleases, read as {@link
 * GenericKubernetesResource}s (no generated model, no Jackson type).
 *
 * <pre>{@code
 * try (KubernetesClient client = new KubernetesClientBuilder().build();
 *     Watcher watcher = Watcher.builder(Fabric8ReleaseSource.builder().client(client).build())
 *         .sink(event -> System.out.println(event.component() + " " + event.state()))
 *         .build()) {
 *   watcher.start().join();
 * }
 * }</pre>
 *
 * <p><b>Delivery.</b> Every informer notification becomes one {@code upsert} of a {@link HelmReleaseView}
 * read in place from the resource, on the informer's serial handler thread: an update allocates no key and
 * copies no field. The {@linkplain Builder#filter name filter} runs before anything is read. Deletes,
 * including those found by a relist ("final state unknown"), become {@code delete}. {@code synced()} is
 * reported once every object of the informer's initial list has been handed to the listener.
 *
 * <p><b>Faults.</b> List and watch failures are reported as {@code error(cluster, ...)} and retried by the
 * informer with backoff (it relists on 410 Gone by itself); an informer that stops for good is reported as
 * {@code stopped(cluster, ...)}. Malformed objects read as defined values, are counted ({@link
 * #malformedCount()}) and logged once per resourceVersion; nothing is thrown on the informer thread.
 *
 * <p><b>Missing CRD.</b> When the API server does not serve the HelmRelease API (the initial list answers
 * 404: Flux is not installed, or not this {@linkplain Builder#api version}), the source reports it as {@code
 * error(cluster, "HelmRelease CRD helmreleases.helm.toolkit.fluxcd.io/v2 is not installed; ...")} and stops
 * ({@code stopped(cluster, ...)}): a misconfiguration is not retried in silence. With {@link
 * Builder#waitForCrd waitForCrd(true)}, for a watcher started right after Flux's bootstrap, it instead checks
 * for the CRD with exponential backoff, reporting each miss as an {@code error}, and starts watching once
 * it is there.
 *
 * <p><b>Lean cache</b> (default on): the informer's item store keeps only what derivation reads, a fraction
 * of a HelmRelease with its values, history and managedFields.
 *
 * <p>{@link #close()} stops the informer and any wait for the CRD (and closes the client if the source
 * created it); idempotent and safe from a listener callback, where the stop runs on a thread of the
 * source's own that a later {@code close()} waits for. A source is started once.
 *
 * @since 0.1
 */
public final class Fabric8ReleaseSource implements ReleaseSource {
  private static final Logger log = LoggerFactory.getLogger(Fabric8ReleaseSource.class);
  /** The name of the thread that waits for a missing CRD: this, then the cluster's name. */
  static final String CRD_WAIT_THREAD_PREFIX = "helmwatch-crd-wait-";
  /** The name of the thread that stops a source closed from its own handler: this, then the cluster's name. */
  static final String STOP_THREAD_PREFIX = "helmwatch-stop-";

  private final @Nullable KubernetesClient userClient;
  private final @Nullable Config config;
  private final String cluster;
  private final HelmReleaseApi api;
  private final @Nullable String namespace;
  private final @Nullable String labelSelector;
  private final ReleaseFilter filter;
  private final long resyncMillis;
  private final boolean lean;
  private final boolean waitForCrd;
  private final Duration crdRetryInitial;
  private final Duration crdRetryMax;

  private final ReleaseKeyCache keys;
  private final HelmReleaseView view;
  private final Handler handler = new Handler();
  private final LongAdder malformed = new LongAdder();
  private final Map<ReleaseKey, String> malformedLogged = new ConcurrentHashMap<>();
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  /** Completes once {@link #close()} has stopped the informer and closed an owned client. */
  private final CompletableFuture<Void> stopped = new CompletableFuture<>();

  private volatile @Nullable Listener listener;
  private volatile @Nullable SharedIndexInformer<GenericKubernetesResource> informer;
  private volatile @Nullable KubernetesClient ownedClient;
  private volatile @Nullable Thread delivering;
  /** Runs the checks for a missing CRD; only while waiting for it. */
  private volatile @Nullable ScheduledExecutorService crdWait;
  private volatile @Nullable Thread crdWaitThread;

  private final Object syncLock = new Object();
  private volatile boolean syncDelivered;
  private @Nullable Set<String> pendingInitial;
  private final Set<String> seenBeforeSync = new HashSet<>();

  private Fabric8ReleaseSource(Builder b) {
    this.userClient = b.client;
    this.config = b.config;
    this.cluster = b.cluster;
    this.api = b.api;
    this.namespace = b.namespace;
    this.labelSelector = b.labelSelector;
    this.filter = b.filter;
    this.resyncMillis = b.resync.toMillis();
    this.lean = b.lean;
    this.waitForCrd = b.waitForCrd;
    this.crdRetryInitial = b.crdRetryInitial;
    this.crdRetryMax = b.crdRetryMax;
    this.keys = new ReleaseKeyCache(cluster);
    this.view = new HelmReleaseView(keys);
  }

  /** A builder; give it a {@linkplain Builder#client client} or a {@linkplain Builder#config config}. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String cluster() {
    return cluster;
  }

  /** {@code true} when built with {@link Builder#allNamespaces()}: ids are then namespace-qualified. */
  @Override
  public boolean spansNamespaces() {
    return namespace == null;
  }

  /** The API version watched. */
  public HelmReleaseApi api() {
    return api;
  }

  /** Objects whose shape was malformed, counted once per notification. */
  public long malformedCount() {
    return malformed.sum();
  }

  /** How many release keys the source keeps: one per object in the informer's store. */
  int cachedKeyCount() {
    return keys.size();
  }

  /** {@code true} while the informer's watch is open. */
  public boolean isWatching() {
    SharedIndexInformer<GenericKubernetesResource> i = informer;
    return i != null && i.isWatching();
  }

  @Override
  public void start(Listener listener) {
    Objects.requireNonNull(listener, "listener");
    if (closed.get()) {
      throw new IllegalStateException("Fabric8ReleaseSource for cluster '" + cluster + "' is closed");
    }
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException("Fabric8ReleaseSource for cluster '" + cluster + "' is already started");
    }
    this.listener = listener;
    KubernetesClient client = userClient;
    if (client == null) {
      client = Kubeconfigs.client(Objects.requireNonNull(config, "config"));
      ownedClient = client;
    }
    if (waitForCrd) {
      // The check is a blocking request, and start() must not block its caller: it runs on the source's thread.
      ScheduledExecutorService s = newCrdWaitScheduler();
      crdWait = s;
      KubernetesClient c = client;
      submit(s, () -> awaitCrd(c, crdRetryInitial), Duration.ZERO);
      if (closed.get()) {
        s.shutdownNow();
      }
    } else {
      startInformer(client);
    }
  }

  private ScheduledExecutorService newCrdWaitScheduler() {
    ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, CRD_WAIT_THREAD_PREFIX + cluster);
      t.setDaemon(true);
      crdWaitThread = t;
      return t;
    });
    s.setRemoveOnCancelPolicy(true);
    return s;
  }

  private void submit(ScheduledExecutorService s, Runnable task, Duration delay) {
    try {
      s.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // Shut down by close(): nothing is waited for any more.
    }
  }

  /**
   * On the wait thread: one list of at most one object tells whether the API server serves HelmReleases. A
   * 404 is reported and checked again after {@code delay}; any other answer starts the informer, which
   * reports and retries the other failures as it does without waiting.
   */
  private void awaitCrd(KubernetesClient client, Duration delay) {
    if (closed.get()) {
      return;
    }
    try {
      scope(client).list(new ListOptionsBuilder().withLimit(1L).build());
    } catch (RuntimeException e) {
      if (isNotFound(e) && !closed.get()) {
        ScheduledExecutorService s = crdWait;
        Listener l = listener;
        if (l != null) {
          l.error(cluster, crdMissing() + " retrying in " + format(delay), e);
        }
        if (s != null) {
          Duration doubled = delay.multipliedBy(2);
          submit(s, () -> awaitCrd(client, doubled.compareTo(crdRetryMax) > 0 ? crdRetryMax : doubled), delay);
        }
        return;
      }
    }
    if (closed.get()) {
      return;
    }
    startInformer(client);
    ScheduledExecutorService s = crdWait;
    if (s != null) {
      // Not needed once the informer runs: no thread of the source's own is left while it watches.
      s.shutdown();
    }
  }

  private void startInformer(KubernetesClient client) {
    SharedIndexInformer<GenericKubernetesResource> i = scope(client).runnableInformer(resyncMillis);
    if (lean) {
      i.itemStore(new LeanItemStore(api.apiVersion()));
    }
    i.exceptionHandler(this::onInformerException);
    i.addEventHandler(handler);
    informer = i;
    log.info("Watching {} {} in {} of cluster '{}'{}", api.apiVersion(), HelmReleaseApi.PLURAL,
        namespace == null ? "all namespaces" : "namespace " + namespace, cluster,
        labelSelector == null ? "" : " with labels " + labelSelector);
    i.stopped().whenComplete((v, t) -> onStopped(t));
    i.start().whenComplete((v, t) -> {
      if (closed.get()) {
        return;
      }
      if (t == null) {
        listCompleted(i);
      } else {
        Listener l = listener;
        if (l != null) {
          l.error(cluster, "initial list failed: " + explain(t), t);
        }
      }
    });
    if (closed.get()) {
      i.stop();
    }
  }

  private FilterWatchListDeletable<GenericKubernetesResource, GenericKubernetesResourceList,
      Resource<GenericKubernetesResource>> scope(KubernetesClient client) {
    MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>>
        all = client.genericKubernetesResources(api.context());
    FilterWatchListDeletable<GenericKubernetesResource, GenericKubernetesResourceList,
        Resource<GenericKubernetesResource>> scoped =
        namespace == null ? all.inAnyNamespace() : all.inNamespace(namespace);
    return labelSelector == null ? scoped : scoped.withLabelSelector(labelSelector);
  }

  /**
   * Stops the informer and any wait for the CRD, and closes the client if the source created it.
   *
   * <p>Called from the source's own handler thread (a watcher that ended closes its source there), it
   * returns at once and the stop runs on a thread of the source's own, named {@value #STOP_THREAD_PREFIX}
   * and the cluster's name, which ends with it. A later call from any other thread waits for that stop to
   * finish (at most 10s); failures are logged.
   */
  @Override
  public void close() {
    boolean onHandler = Thread.currentThread() == delivering;
    if (!closed.compareAndSet(false, true)) {
      if (!onHandler) {
        awaitStopped();
      }
      return;
    }
    ScheduledExecutorService s = crdWait;
    if (s != null) {
      s.shutdownNow();
      if (Thread.currentThread() != crdWaitThread) {
        awaitTermination(s);
      }
    }
    SharedIndexInformer<GenericKubernetesResource> i = informer;
    KubernetesClient client = ownedClient;
    if (onHandler) {
      // Stopping the informer here would tear its watch down under this very callback, and closing the
      // client would tear down the executor the callback runs on: a thread of the source's own does both.
      Thread stopper = new Thread(() -> stop(i, client), STOP_THREAD_PREFIX + cluster);
      stopper.setDaemon(true);
      stopper.start();
    } else {
      stop(i, client);
    }
  }

  /** Waits for the stop that {@link #close()} began, so that a later close() returns only once it ended. */
  private void awaitStopped() {
    try {
      stopped.get(10, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      log.warn("Stopping the informer of cluster '{}' did not end within 10s of close()", cluster);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      // stop() completes the future normally whatever happened; nothing to report twice.
    }
  }

  /** A check in flight is interrupted by shutdownNow; its request ends soon after, well within this bound. */
  private void awaitTermination(ScheduledExecutorService s) {
    try {
      if (!s.awaitTermination(10, TimeUnit.SECONDS)) {
        log.warn("The CRD check of cluster '{}' did not end within 10s of close()", cluster);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops {@code i} and closes {@code client}, either may be absent; logs failures and completes {@link #stopped}. */
  private void stop(@Nullable SharedIndexInformer<GenericKubernetesResource> i, @Nullable KubernetesClient client) {
    try {
      if (i != null) {
        i.stop();
      }
    } catch (RuntimeException e) {
      log.warn("Stopping the informer of cluster '{}' failed: {}", cluster, e.toString(), e);
    }
    try {
      if (client != null) {
        client.close();
      }
    } catch (RuntimeException e) {
      log.warn("Closing the client of cluster '{}' failed: {}", cluster, e.toString(), e);
    }
    stopped.complete(null);
    log.debug("Stopped watching cluster '{}'", cluster);
  }

  /**
   * The informer's start future completes once the initial list is in its store, but (with fabric8 8's
   * cached first list) possibly before the handler thread has delivered it. So {@code synced()} waits
   * until every key in the store at that moment has been through the handler; the keys are tracked only
   * until then.
   */
  private void listCompleted(SharedIndexInformer<GenericKubernetesResource> i) {
    boolean now;
    synchronized (syncLock) {
      if (syncDelivered) {
        return;
      }
      Set<String> pending = new HashSet<>(i.getStore().listKeys());
      pending.removeAll(seenBeforeSync);
      seenBeforeSync.clear();
      pendingInitial = pending;
      now = pending.isEmpty();
      syncDelivered = now;
    }
    Listener l = listener;
    if (now && l != null && !closed.get()) {
      l.synced();
    }
  }

  /** On the handler thread, after {@code resource} was delivered, until {@code synced()} was reported. */
  private void handled(GenericKubernetesResource resource) {
    boolean now;
    synchronized (syncLock) {
      if (syncDelivered) {
        return;
      }
      String key = Cache.metaNamespaceKeyFunc(resource);
      Set<String> pending = pendingInitial;
      if (pending == null) {
        seenBeforeSync.add(key);
        return;
      }
      pending.remove(key);
      now = pending.isEmpty();
      syncDelivered = now;
    }
    Listener l = listener;
    if (now && l != null && !closed.get()) {
      l.synced();
    }
  }

  private boolean onInformerException(boolean isStarted, Throwable t) {
    if (!isStarted && !waitForCrd && isNotFound(t)) {
      // The informer stops: its start and stopped futures report the missing CRD, once each.
      return false;
    }
    Listener l = listener;
    if (!closed.get() && l != null) {
      // isStarted says whether the informer had started, not which request failed: a relist fails here too.
      String phase = isStarted ? "list or watch failed" : "initial list failed";
      l.error(cluster, phase + ", retrying: " + explain(t), t);
    }
    return !closed.get();
  }

  private void onStopped(@Nullable Throwable t) {
    Listener l = listener;
    if (closed.get() || l == null) {
      return;
    }
    l.stopped(cluster, t == null ? "informer stopped" : "informer stopped: " + explain(t));
  }

  /** {@code HelmRelease CRD helmreleases.helm.toolkit.fluxcd.io/v2 is not installed; is Flux installed?} */
  private String crdMissing() {
    return HelmReleaseApi.KIND + " CRD " + HelmReleaseApi.PLURAL + "." + HelmReleaseApi.GROUP + "/"
        + api.version() + " is not installed; is Flux installed?";
  }

  /** {@link #describe}, but a 404 says that the CRD is missing and how to wait for it instead. */
  private String explain(Throwable t) {
    if (!isNotFound(t)) {
      return describe(t);
    }
    return crdMissing() + (waitForCrd ? " (HTTP 404)" : " (HTTP 404; waitForCrd(true) waits for it)");
  }

  private static boolean isNotFound(Throwable t) {
    return unwrap(t) instanceof KubernetesClientException k && k.getCode() == 404;
  }

  private static Throwable unwrap(Throwable t) {
    Throwable cause = t;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  /** {@code 500ms}, {@code 2s}. */
  private static String format(Duration d) {
    long ms = d.toMillis();
    return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
  }

  private void deliver(GenericKubernetesResource resource) {
    Listener l = listener;
    if (l == null || closed.get()) {
      return;
    }
    ObjectMeta meta = resource.getMetadata();
    ReleaseKey key = meta == null ? null : keys.key(meta.getNamespace(), meta.getName());
    if (key == null) {
      malformed.increment();
      log.warn("Ignoring a {} in cluster '{}' without namespace and name", HelmReleaseApi.KIND, cluster);
      return;
    }
    if (!filter.accept(key)) {
      return;
    }
    HelmReleaseView v = view.read(resource, key);
    String problem = v.malformation();
    if (problem != null) {
      reportMalformed(key, v.resourceVersion(), problem);
    }
    try {
      l.upsert(v);
    } catch (RuntimeException e) {
      log.error("Listener failed on {}: {}", key, e.toString(), e);
    } finally {
      view.clear();
    }
  }

  private void reportMalformed(ReleaseKey key, String resourceVersion, String problem) {
    malformed.increment();
    String previous = malformedLogged.put(key, resourceVersion);
    if (!resourceVersion.equals(previous)) {
      log.warn("{} {} (resourceVersion {}) is malformed: {}; its state is derived from what could be read",
          HelmReleaseApi.KIND, key, resourceVersion, problem);
    }
  }

  private void deleted(GenericKubernetesResource resource) {
    Listener l = listener;
    ObjectMeta meta = resource.getMetadata();
    if (l == null || closed.get() || meta == null) {
      return;
    }
    ReleaseKey key = keys.key(meta.getNamespace(), meta.getName());
    if (key == null) {
      return;
    }
    try {
      if (filter.accept(key)) {
        l.delete(key);
      }
    } catch (RuntimeException e) {
      log.error("Listener failed on the delete of {}: {}", key, e.toString(), e);
    } finally {
      // Filtered-out objects have keys too (the filter reads them): forget every deleted one.
      keys.forget(key);
      malformedLogged.remove(key);
    }
  }

  /** A one-line description of a failure that holds no credentials (fabric8 messages name URLs only). */
  static String describe(Throwable t) {
    Throwable cause = unwrap(t);
    if (cause instanceof KubernetesClientException k && k.getCode() > 0) {
      String reason = k.getStatus() != null && k.getStatus().getMessage() != null
          ? k.getStatus().getMessage() : k.getClass().getSimpleName();
      return "HTTP " + k.getCode() + ": " + firstLine(reason);
    }
    String message = cause.getMessage();
    return cause.getClass().getSimpleName() + (message == null ? "" : ": " + firstLine(message));
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    String line = nl < 0 ? s : s.substring(0, nl);
    return line.length() > 300 ? line.substring(0, 300) + "…" : line;
  }

  private final class Handler implements ResourceEventHandler<GenericKubernetesResource> {
    @Override
    public void onAdd(GenericKubernetesResource obj) {
      delivering = Thread.currentThread();
      deliver(obj);
      if (!syncDelivered) {
        handled(obj);
      }
    }

    @Override
    public void onUpdate(GenericKubernetesResource oldObj, GenericKubernetesResource newObj) {
      delivering = Thread.currentThread();
      deliver(newObj);
      if (!syncDelivered) {
        handled(newObj);
      }
    }

    @Override
    public void onDelete(GenericKubernetesResource obj, boolean deletedFinalStateUnknown) {
      delivering = Thread.currentThread();
      deleted(obj);
      if (!syncDelivered) {
        handled(obj);
      }
    }
  }

  /** Configures a {@link Fabric8ReleaseSource}. Validates eagerly. */
  public static final class Builder {
    private @Nullable KubernetesClient client;
    private @Nullable Config config;
    private String cluster = ReleaseKey.PRIMARY;
    private HelmReleaseApi api = HelmReleaseApi.V2;
    private @Nullable String namespace = "flux-system";
    private @Nullable String labelSelector;
    private ReleaseFilter filter = ReleaseFilter.all();
    private Duration resync = Duration.ZERO;
    private boolean lean = true;
    private boolean waitForCrd;
    private Duration crdRetryInitial = Duration.ofSeconds(1);
    private Duration crdRetryMax = Duration.ofSeconds(30);

    private Builder() {}

    /** The user's client; the source never closes it. */
    public Builder client(KubernetesClient client) {
      this.client = Objects.requireNonNull(client, "client");
      this.config = null;
      return this;
    }

    /** A configuration (see {@link Kubeconfigs}); the source creates its client on start and closes it. */
    public Builder config(Config config) {
      this.config = Objects.requireNonNull(config, "config");
      this.client = null;
      return this;
    }

    /** The cluster's name in {@link ReleaseKey}s. Default {@value ReleaseKey#PRIMARY}. */
    public Builder cluster(String cluster) {
      Objects.requireNonNull(cluster, "cluster must not be null");
      if (cluster.isBlank() || cluster.contains(",")) {
        throw new IllegalArgumentException("cluster must be a non-blank name without commas, was '" + cluster + "'");
      }
      this.cluster = cluster;
      return this;
    }

    /** Default {@link HelmReleaseApi#V2}. */
    public Builder api(HelmReleaseApi api) {
      this.api = Objects.requireNonNull(api, "api");
      return this;
    }

    /** Watch one namespace. Default {@code flux-system}. */
    public Builder namespace(String namespace) {
      Objects.requireNonNull(namespace, "namespace must not be null");
      if (namespace.isBlank()) {
        throw new IllegalArgumentException("namespace must not be blank; use allNamespaces() to watch all");
      }
      this.namespace = namespace;
      return this;
    }

    /** Watch every namespace. */
    public Builder allNamespaces() {
      this.namespace = null;
      return this;
    }

    /** Only objects matching {@code selector} ({@code app=x,tier!=db}), filtered by the API server. */
    public Builder labelSelector(String selector) {
      Objects.requireNonNull(selector, "selector must not be null");
      if (selector.isBlank()) {
        throw new IllegalArgumentException("label selector must not be blank");
      }
      this.labelSelector = selector;
      return this;
    }

    /** Objects the filter rejects are dropped before anything is read from them. Default all. */
    public Builder filter(ReleaseFilter filter) {
      this.filter = Objects.requireNonNull(filter, "filter");
      return this;
    }

    /**
     * How often the informer re-delivers its whole cache. Default zero (never): the watcher suppresses
     * unchanged states, so a resync only costs work. At least one second when set.
     */
    public Builder resync(Duration resync) {
      Objects.requireNonNull(resync, "resync must not be null");
      if (resync.isNegative() || (!resync.isZero() && resync.toMillis() < 1000)) {
        throw new IllegalArgumentException("resync must be zero or at least 1s, was " + resync);
      }
      this.resync = resync;
      return this;
    }

    /** Keep only derivation fields in the informer's cache. Default {@code true}. */
    public Builder leanCache(boolean lean) {
      this.lean = lean;
      return this;
    }

    /**
     * Wait for the HelmRelease CRD when the API server does not serve it (yet), for a watcher started with
     * or right after Flux's bootstrap. Each check that finds it missing is reported as {@code error(cluster,
     * "HelmRelease CRD ... is not installed; is Flux installed? retrying in 2s", ...)}; once it is there the
     * watch starts as usual. The checks run on a thread of the source's own, with {@linkplain
     * #crdRetryBackoff backoff}, until the CRD appears or the source is closed. Default {@code false}: a
     * missing CRD is reported once and the source stops.
     */
    public Builder waitForCrd(boolean wait) {
      this.waitForCrd = wait;
      return this;
    }

    /**
     * The pause after the first check that found the CRD missing, doubled after each next one up to {@code
     * max}. Default 1s up to 30s. Used with {@link #waitForCrd waitForCrd(true)}.
     */
    public Builder crdRetryBackoff(Duration initial, Duration max) {
      Objects.requireNonNull(initial, "initial must not be null");
      Objects.requireNonNull(max, "max must not be null");
      if (initial.toMillis() < 1 || max.compareTo(initial) < 0) {
        throw new IllegalArgumentException("crdRetryBackoff needs 1ms <= initial <= max, was " + initial + " and "
            + max);
      }
      this.crdRetryInitial = initial;
      this.crdRetryMax = max;
      return this;
    }

    /**
     * @throws IllegalStateException when neither a client nor a config was given
     */
    public Fabric8ReleaseSource build() {
      if (client == null && config == null) {
        throw new IllegalStateException("Fabric8ReleaseSource needs a client(...) or a config(...);"
            + " see Kubeconfigs for loading a kubeconfig");
      }
      return new Fabric8ReleaseSource(this);
    }
  }
}
