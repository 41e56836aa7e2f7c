package io.helmwatch.fabric8.internal;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.helmwatch.core.ReleaseFilter;
import io.helmwatch.core.ReleaseSource.Listener;
import io.helmwatch.fabric8.Fabric8ReleaseSource;
import io.helmwatch.fabric8.HelmReleaseApi;
import io.helmwatch.fabric8.HelmReleaseApiNotServedException;
import io.helmwatch.fabric8.Kubeconfigs;
import io.helmwatch.fabric8.ServedHelmReleaseApis;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine of a {@link Fabric8ReleaseSource}: one informer of HelmReleases, started once a {@linkplain
 * ApiWait check of its own} has read which versions the API server serves (and, if asked, waited for the
 * CRD), its faults reported to the listener, and stopped by {@link #close()}. The contract is the source's;
 * this class only keeps it.
 */
public final class HelmReleaseWatch {
  private static final Logger log = LoggerFactory.getLogger(Fabric8ReleaseSource.class);
  /** The name of the thread that waits for a missing CRD: this, then the cluster's name. */
  public static final String CRD_WAIT_THREAD_PREFIX = ApiWait.THREAD_PREFIX;
  /** The name of the thread that stops a source closed from its own handler: this, then the cluster's name. */
  public static final String STOP_THREAD_PREFIX = "helmwatch-stop-";

  /**
   * What a source's builder gathered, validated there. Exactly one of {@code client} (the user's, never
   * closed) and {@code config} (a client is created from it on start and closed) is set; a {@code null}
   * namespace means all namespaces, a {@code null} api the version the API server prefers.
   */
  public record Settings(@Nullable KubernetesClient client, @Nullable Config config, String cluster,
      @Nullable HelmReleaseApi api, @Nullable String namespace, @Nullable String labelSelector, ReleaseFilter filter,
      Duration resync, boolean lean, boolean waitForCrd, Duration crdRetryInitial, Duration crdRetryMax) {}

  private final Settings settings;
  /** Creates the client of a config-built source; the seam where tests count the clients made. */
  private final Function<Config, KubernetesClient> clients;
  private final String cluster;
  /** The version asked for; {@code null}: the one the API server prefers. */
  private final @Nullable HelmReleaseApi requested;
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  /**
   * Held by {@link #start} while it makes the client and starts the informer or the CRD wait, by the CRD wait
   * while it starts the informer, and by {@link #close()} while it marks the watch closed and takes what to
   * stop: whatever start made, close sees.
   */
  private final Object lifecycle = new Object();
  private final ReleaseDelivery delivery;
  /** Completes once {@link #close()} has stopped the informer and closed an owned client. */
  private final CompletableFuture<Void> stopped = new CompletableFuture<>();

  private volatile @Nullable Listener listener;
  private volatile @Nullable SharedIndexInformer<GenericKubernetesResource> informer;
  private volatile @Nullable KubernetesClient ownedClient;
  /** The version watched, once known. */
  private volatile @Nullable HelmReleaseApi api;
  /** Only while reading the served versions or waiting for the CRD. */
  private volatile @Nullable ApiWait apiWait;

  public HelmReleaseWatch(Settings settings) {
    this(settings, Kubeconfigs::client);
  }

  HelmReleaseWatch(Settings settings, Function<Config, KubernetesClient> clients) {
    this.settings = settings;
    this.clients = clients;
    this.cluster = settings.cluster();
    this.requested = settings.api();
    this.api = requested;
    this.delivery = new ReleaseDelivery(cluster, settings.filter(), closed::get);
  }

  /** Objects whose shape was malformed, counted once per notification. */
  public long malformedCount() {
    return delivery.malformedCount();
  }

  /** How many release keys are kept: one per object in the informer's store. */
  public int cachedKeyCount() {
    return delivery.cachedKeyCount();
  }

  /** The version watched: the one asked for, else the one the API server prefers once read. */
  public Optional<HelmReleaseApi> api() {
    return Optional.ofNullable(api);
  }

  /** {@code true} while the informer's watch is open. */
  public boolean isWatching() {
    SharedIndexInformer<GenericKubernetesResource> i = informer;
    return i != null && i.isWatching();
  }

  /**
   * Starts the check of the served versions, which starts the informer; returns at once.
   *
   * @throws IllegalStateException when started before or closed
   */
  public void start(Listener listener) {
    Objects.requireNonNull(listener, "listener");
    synchronized (lifecycle) {
      if (closed.get()) {
        throw closedException();
      }
      if (!started.compareAndSet(false, true)) {
        throw new IllegalStateException("Fabric8ReleaseSource for cluster '" + cluster + "' is already started");
      }
      this.listener = listener;
      delivery.deliverTo(listener);
      KubernetesClient client = settings.client();
      if (client == null) {
        client = clients.apply(Objects.requireNonNull(settings.config(), "config"));
        if (closed.get()) {
          // Closed on this very thread while the client was made (the lock is re-entrant): close() saw no
          // client, so it is closed here.
          closeClient(client);
          throw closedException();
        }
        ownedClient = client;
      }
      // The check is a blocking request, and start() must not block its caller: it runs on the wait's thread.
      KubernetesClient c = client;
      ApiWait w = new ApiWait(cluster, retryIn -> resolve(c, retryIn), settings.crdRetryMax(), closed::get);
      apiWait = w;
      w.start(settings.crdRetryInitial());
    }
  }

  /**
   * One look at the served versions, on the wait's thread; {@code true} when done: the informer started, or
   * the source stopped because it cannot watch.
   */
  private boolean resolve(KubernetesClient client, Duration retryIn) {
    ServedHelmReleaseApis served;
    try {
      served = ServedHelmReleaseApis.discover(client);
    } catch (RuntimeException e) {
      if (closed.get()) {
        return true;
      }
      if (requested != null) {
        // The version is known: the informer, started below, reports and retries its own failures.
        log.warn("Reading the served {} versions of cluster '{}' failed: {}; watching {} as configured",
            HelmReleaseApi.GROUP, cluster, ClientFailures.describe(e), requested.apiVersion());
        startInformer(client, requested);
        return true;
      }
      report(discoveryFailed() + ", retrying in " + format(retryIn) + ": " + ClientFailures.describe(e), e);
      return false;
    }
    if (!served.groupServed()) {
      if (settings.waitForCrd()) {
        report(crdMissing() + " retrying in " + format(retryIn), null);
        return false;
      }
      stop(crdMissing() + " (HTTP 404; waitForCrd(true) waits for it)", null);
      return true;
    }
    HelmReleaseApi chosen;
    try {
      chosen = served.select(requested);
    } catch (HelmReleaseApiNotServedException e) {
      stop(e.getMessage(), e);
      return true;
    }
    startInformer(client, chosen);
    return true;
  }

  /** Reports an error the source recovers from by looking again. */
  private void report(String message, @Nullable Throwable cause) {
    Listener l = listener;
    if (l != null && !closed.get()) {
      l.error(cluster, message, cause);
      delivery.failed();
    }
  }

  /** Reports that the source cannot watch, then that it stopped: one line each. */
  private void stop(String message, @Nullable Throwable cause) {
    report(message, cause);
    Listener l = listener;
    if (l != null && !closed.get()) {
      l.stopped(cluster, message);
    }
  }

  /** {@code reading the served helm.toolkit.fluxcd.io versions (GET /apis/helm.toolkit.fluxcd.io) failed}. */
  private static String discoveryFailed() {
    return "reading the served " + HelmReleaseApi.GROUP + " versions (GET /apis/" + HelmReleaseApi.GROUP
        + ") failed";
  }

  private IllegalStateException closedException() {
    return new IllegalStateException("Fabric8ReleaseSource for cluster '" + cluster + "' is closed");
  }

  /** Starts the informer of {@code version} unless the source is closed; on the wait's thread. */
  private void startInformer(KubernetesClient client, HelmReleaseApi version) {
    synchronized (lifecycle) {
      if (closed.get()) {
        return;
      }
      api = version;
      SharedIndexInformer<GenericKubernetesResource> i =
          scope(client, version).runnableInformer(settings.resync().toMillis());
      if (settings.lean()) {
        i.itemStore(new LeanItemStore(version.apiVersion()));
      }
      i.exceptionHandler(this::onInformerException);
      i.addEventHandler(delivery);
      informer = i;
      log.info("Watching {} {} in {} of cluster '{}'{}", version.apiVersion(), HelmReleaseApi.PLURAL,
          settings.namespace() == null ? "all namespaces" : "namespace " + settings.namespace(), cluster,
          settings.labelSelector() == null ? "" : " with labels " + settings.labelSelector());
      i.stopped().whenComplete((v, t) -> onStopped(t));
      i.start().whenComplete((v, t) -> {
        if (closed.get()) {
          return;
        }
        if (t == null) {
          delivery.listCompleted(i.getStore().listKeys());
        } else {
          Listener l = listener;
          if (l != null) {
            l.error(cluster, "initial list failed: " + explain(t), t);
            delivery.failed();
          }
        }
      });
    }
  }

  private FilterWatchListDeletable<GenericKubernetesResource, GenericKubernetesResourceList,
      Resource<GenericKubernetesResource>> scope(KubernetesClient client, HelmReleaseApi version) {
    MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>>
        all = client.genericKubernetesResources(version.context());
    String namespace = settings.namespace();
    FilterWatchListDeletable<GenericKubernetesResource, GenericKubernetesResourceList,
        Resource<GenericKubernetesResource>> scoped =
        namespace == null ? all.inAnyNamespace() : all.inNamespace(namespace);
    String labelSelector = settings.labelSelector();
    return labelSelector == null ? scoped : scoped.withLabelSelector(labelSelector);
  }

  /**
   * Stops the informer and any wait for the CRD, and closes an owned client. On the handler thread it
   * returns at once and a thread named {@value #STOP_THREAD_PREFIX} and the cluster's name stops; a later
   * call from any other thread waits for that stop (at most 10s).
   */
  public void close() {
    boolean onHandler = delivery.onHandlerThread();
    ApiWait w;
    SharedIndexInformer<GenericKubernetesResource> i;
    KubernetesClient client;
    boolean first;
    // A start() in progress on another thread ends first (it makes the client and starts the informer, with no
    // network wait), so that what it made is seen here; the stop itself runs outside the lock.
    synchronized (lifecycle) {
      first = closed.compareAndSet(false, true);
      w = apiWait;
      i = informer;
      client = ownedClient;
    }
    if (!first) {
      if (!onHandler) {
        awaitStopped();
      }
      return;
    }
    if (w != null) {
      w.close();
    }
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

  /** Stops {@code i} and closes {@code client}, either may be absent; logs failures and completes {@link #stopped}. */
  private void stop(@Nullable SharedIndexInformer<GenericKubernetesResource> i, @Nullable KubernetesClient client) {
    try {
      if (i != null) {
        i.stop();
      }
    } catch (RuntimeException e) {
      log.warn("Stopping the informer of cluster '{}' failed: {}", cluster, e.toString(), e);
    }
    if (client != null) {
      closeClient(client);
    }
    stopped.complete(null);
    log.debug("Stopped watching cluster '{}'", cluster);
  }

  private void closeClient(KubernetesClient client) {
    try {
      client.close();
    } catch (RuntimeException e) {
      log.warn("Closing the client of cluster '{}' failed: {}", cluster, e.toString(), e);
    }
  }

  private boolean onInformerException(boolean isStarted, Throwable t) {
    if (!isStarted && !settings.waitForCrd() && ClientFailures.isNotFound(t)) {
      // The informer stops: its start and stopped futures report the missing CRD, once each.
      return false;
    }
    Listener l = listener;
    if (!closed.get() && l != null) {
      // isStarted says whether the informer had started, not which request failed: a relist fails here too.
      String phase = isStarted ? "list or watch failed" : "initial list failed";
      l.error(cluster, phase + ", retrying: " + explain(t), t);
      delivery.failed();
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

  /**
   * {@code HelmRelease CRD helmreleases.helm.toolkit.fluxcd.io is not installed; is Flux installed?}, with
   * {@code /v2} after the group once the version is known.
   */
  private String crdMissing() {
    HelmReleaseApi a = api;
    return HelmReleaseApi.KIND + " CRD " + HelmReleaseApi.PLURAL + "." + HelmReleaseApi.GROUP
        + (a == null ? "" : "/" + a.version()) + " is not installed; is Flux installed?";
  }

  /** {@link ClientFailures#describe}, but a 404 says that the CRD is missing and how to wait for it instead. */
  private String explain(Throwable t) {
    if (!ClientFailures.isNotFound(t)) {
      return ClientFailures.describe(t);
    }
    return crdMissing() + (settings.waitForCrd() ? " (HTTP 404)" : " (HTTP 404; waitForCrd(true) waits for it)");
  }

  /** {@code 500ms}, {@code 2s}. */
  private static String format(Duration d) {
    long ms = d.toMillis();
    return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
  }
}
