package io.helmwatch.fabric8;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.helmwatch.core.ReleaseFilter;
import io.helmwatch.core.ReleaseSelection;
import io.helmwatch.core.ReleaseKey;
import io.helmwatch.core.ReleaseSource;
import io.helmwatch.fabric8.internal.HelmReleaseWatch;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

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
 * <p><b>Delivery.</b> Every informer notification becomes one {@code upsert} of an observation read in
 * place from the resource, on the informer's serial handler thread: an update allocates no key and
 * copies no field. The {@linkplain Builder#filter name filter} runs before anything is read. Deletes,
 * including those found by a relist ("final state unknown"), become {@code delete}. {@code synced()} is
 * reported once every object of the informer's initial list has been handed to the listener.
 *
 * <p><b>Faults.</b> List and watch failures are reported as {@code error(cluster, ...)} and retried by the
 * informer with backoff (it relists on 410 Gone by itself); an informer that stops for good is reported as
 * {@code stopped(cluster, ...)}. Malformed objects read as defined values, are counted ({@link
 * #malformedCount()}) and logged once per resourceVersion; nothing is thrown on the informer thread.
 *
 * <p><b>Served versions.</b> Before the informer starts, the source reads the API group's discovery document
 * ({@code GET /apis/helm.toolkit.fluxcd.io}, readable by every authenticated user; see {@link
 * ServedHelmReleaseApis}) on a thread of its own, so {@link #start} does not wait for the network. Without
 * an {@linkplain Builder#api explicit version} it watches the version the API server prefers: {@code v2} on
 * Flux 2.3 and later, {@code v2beta2} on Flux 2.2. An explicit version that is not served is reported as
 * {@code error(cluster, "v2beta1 is not served by this cluster (served: v2); ...")} and the source stops
 * ({@code stopped(cluster, ...)}), as it does when the API server serves no version helmwatch reads. When
 * the discovery request itself fails (unreachable, 401, 5xx) the source reports it as an {@code error} and
 * reads again with the {@linkplain Builder#crdRetryBackoff CRD backoff}; with an explicit version it starts
 * the informer anyway, which reports and retries its own failures.
 *
 * <p><b>Missing CRD.</b> When the API server does not serve the HelmRelease API group (Flux is not
 * installed), the source reports it as {@code error(cluster, "HelmRelease CRD
 * helmreleases.helm.toolkit.fluxcd.io is not installed; ...")} and stops ({@code stopped(cluster, ...)}): a
 * misconfiguration is not retried in silence. With {@link Builder#waitForCrd waitForCrd(true)}, for a
 * watcher started right after Flux's bootstrap, it instead reads the discovery document again with
 * exponential backoff, reporting each miss as an {@code error}, and starts watching once the group is
 * served. An initial list that answers 404 once the group is served (the version was removed in between)
 * is reported and stops the source the same way.
 *
 * <p><b>Lean cache</b> (default on): the informer's item store keeps only what derivation reads, a fraction
 * of a HelmRelease with its values, history and managedFields.
 *
 * <p>{@link #close()} stops the informer and any wait for the CRD (and closes the client if the source
 * created it); idempotent and safe from a listener callback, where the stop runs on a thread of the
 * source's own that a later {@code close()} waits for. A {@code close()} that races {@code start()} on
 * another thread waits for start's set-up (making the client, starting the informer: no network wait)
 * and then stops what it made, so nothing start made is left running; a {@code start()} after {@code
 * close()} throws {@code IllegalStateException}. A source is started once.
 *
 * @since 0.1
 */
public final class Fabric8ReleaseSource implements ReleaseSource {
  /** The name of the thread that waits for a missing CRD: this, then the cluster's name. */
  static final String CRD_WAIT_THREAD_PREFIX = HelmReleaseWatch.CRD_WAIT_THREAD_PREFIX;
  /** The name of the thread that stops a source closed from its own handler: this, then the cluster's name. */
  static final String STOP_THREAD_PREFIX = HelmReleaseWatch.STOP_THREAD_PREFIX;

  private final String cluster;
  private final boolean allNamespaces;
  private final HelmReleaseWatch watch;

  private Fabric8ReleaseSource(Builder b) {
    this.cluster = b.cluster;
    this.allNamespaces = b.namespace == null;
    this.watch = new HelmReleaseWatch(new HelmReleaseWatch.Settings(b.client, b.config, b.cluster, b.api,
        b.namespace, b.labelSelector, b.filter, b.resync, b.lean, b.waitForCrd, b.crdRetryInitial, b.crdRetryMax));
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
    return allNamespaces;
  }

  /**
   * The API version watched: the {@linkplain Builder#api one given}, else, once the source has read the
   * served versions after {@link #start}, the one the API server prefers; empty until then, and when the
   * source stopped because it could not pick one.
   */
  public Optional<HelmReleaseApi> api() {
    return watch.api();
  }

  /** Objects whose shape was malformed, counted once per notification. */
  public long malformedCount() {
    return watch.malformedCount();
  }

  /** How many release keys the source keeps: one per object in the informer's store. */
  int cachedKeyCount() {
    return watch.cachedKeyCount();
  }

  /** {@code true} while the informer's watch is open. */
  public boolean isWatching() {
    return watch.isWatching();
  }

  /**
   * Starts reading the served versions, which then starts the informer, or the wait for the CRD; returns at
   * once.
   *
   * @throws IllegalStateException when started before or closed
   */
  @Override
  public void start(Listener listener) {
    watch.start(listener);
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
    watch.close();
  }

  /** Configures a {@link Fabric8ReleaseSource}. Validates eagerly. */
  public static final class Builder {
    private @Nullable KubernetesClient client;
    private @Nullable Config config;
    private String cluster = ReleaseKey.PRIMARY;
    private @Nullable HelmReleaseApi api;
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

    /**
     * Watch this version, which must be served (an override of the preferred version). Default: the version
     * the API server prefers, read from its discovery document when the source starts.
     */
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

    /** Drops the releases {@code selection} does not follow before any work: pass the watcher's. */
    public Builder selection(ReleaseSelection selection) {
      return filter(selection.filter());
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
     * Wait for the HelmRelease CRD when the API server does not serve its group (yet), for a watcher started
     * with or right after Flux's bootstrap. Each read of the discovery document that finds it missing is
     * reported as {@code error(cluster, "HelmRelease CRD ... is not installed; is Flux installed? retrying in
     * 2s", ...)}; once it is there the watch starts as usual. The checks run on a thread of the source's own, with {@linkplain
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
