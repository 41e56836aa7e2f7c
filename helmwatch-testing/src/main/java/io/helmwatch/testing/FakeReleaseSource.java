package io.helmwatch.testing;

import io.helmwatch.core.ReleaseKey;
import io.helmwatch.core.ReleaseObservation;
import io.helmwatch.core.ReleaseSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * A scriptable {@link ReleaseSource} that behaves like an informer over a cluster it holds in memory.
 * Everything is delivered synchronously on the calling thread, so a test's script and its assertions
 * interleave deterministically.
 *
 * <p>On {@link #start}, the current objects are delivered as the initial list followed by {@code synced()}
 * (unless {@link #holdInitialList()} was called). Changes made while started are delivered at once; changes
 * made before are part of the next initial list. A closed source can be started again by a new watcher: the
 * shape of a process restart.
 *
 * <pre>{@code
 * FakeReleaseSource source = FakeReleaseSource.create();
 * source.apply(HelmReleases.named("bp-cilium").installed());
 * try (Watcher watcher = Watcher.builder(source).sink(sink).build()) {
 *   watcher.start();
 *   source.patch("bp-cilium", hr -> hr.bumpGeneration());
 * }
 * }</pre>
 *
 * @since 0.1
 */
public final class FakeReleaseSource implements ReleaseSource {
  private final String cluster;
  private final Map<ReleaseKey, HelmRelease> fixtures = new LinkedHashMap<>();
  private final Map<ReleaseKey, ReleaseObservation> objects = new LinkedHashMap<>();
  private @Nullable Listener listener;
  private boolean holdInitialList;
  private boolean initialListDone;
  private int starts;
  private volatile boolean spansNamespaces;

  private FakeReleaseSource(String cluster) {
    this.cluster = Objects.requireNonNull(cluster, "cluster");
  }

  /** A source for the {@link ReleaseKey#PRIMARY primary} cluster. */
  public static FakeReleaseSource create() {
    return new FakeReleaseSource(ReleaseKey.PRIMARY);
  }

  /** A source for {@code cluster}; fixtures applied to it are moved into that cluster. */
  public static FakeReleaseSource forCluster(String cluster) {
    return new FakeReleaseSource(cluster);
  }

  @Override
  public String cluster() {
    return cluster;
  }

  /** Declares that this source {@linkplain ReleaseSource#spansNamespaces() spans namespaces}, like an informer over all. */
  public FakeReleaseSource spanningNamespaces() {
    this.spansNamespaces = true;
    return this;
  }

  @Override
  public boolean spansNamespaces() {
    return spansNamespaces;
  }

  @Override
  public synchronized void start(Listener listener) {
    if (this.listener != null) {
      throw new IllegalStateException("FakeReleaseSource is already started; close it first");
    }
    this.listener = Objects.requireNonNull(listener, "listener");
    starts++;
    initialListDone = false;
    for (ReleaseObservation o : List.copyOf(objects.values())) {
      listener.upsert(o);
    }
    if (!holdInitialList) {
      finishInitialList();
    }
  }

  /** How many times a watcher started this source. */
  public synchronized int starts() {
    return starts;
  }

  /** {@code true} while a watcher is attached. */
  public synchronized boolean isStarted() {
    return listener != null;
  }

  @Override
  public synchronized void close() {
    listener = null;
  }

  /** The next {@link #start} delivers the initial list without {@code synced()}; see {@link #finishInitialList()}. */
  public synchronized FakeReleaseSource holdInitialList() {
    holdInitialList = true;
    return this;
  }

  /** Reports {@code synced()} to the attached watcher, once per start. */
  public synchronized void finishInitialList() {
    holdInitialList = false;
    if (listener != null && !initialListDone) {
      initialListDone = true;
      listener.synced();
    }
  }

  /** Adds or replaces the object {@code release} stands for, and delivers it. */
  public synchronized FakeReleaseSource apply(HelmRelease release) {
    HelmRelease placed = release.inCluster(cluster);
    fixtures.put(placed.key(), placed);
    return apply(placed.toObservation());
  }

  /** Adds or replaces any observation, for objects a {@link HelmRelease} cannot express. */
  public synchronized FakeReleaseSource apply(ReleaseObservation observation) {
    objects.put(observation.key(), observation);
    if (listener != null) {
      listener.upsert(observation);
    }
    return this;
  }

  /** Applies every release in order. */
  public synchronized FakeReleaseSource applyAll(List<HelmRelease> releases) {
    releases.forEach(this::apply);
    return this;
  }

  /** Changes the release {@code name} (in {@code flux-system}) and delivers the result. */
  public synchronized HelmRelease patch(String name, UnaryOperator<HelmRelease> change) {
    return patch(key(name), change);
  }

  /** Changes the release {@code key} and delivers the result. */
  public synchronized HelmRelease patch(ReleaseKey key, UnaryOperator<HelmRelease> change) {
    HelmRelease current = fixtures.get(key);
    if (current == null) {
      throw new IllegalArgumentException("No HelmRelease fixture " + key + "; known: " + fixtures.keySet());
    }
    HelmRelease next = change.apply(current);
    apply(next);
    return next;
  }

  /** A spec change: bumps {@code metadata.generation} of {@code name}. */
  public synchronized HelmRelease bumpGeneration(String name) {
    return patch(name, HelmRelease::bumpGeneration);
  }

  /**
   * {@code times} status patches of {@code name} that change nothing derived, the way helm-controller's
   * {@code lastHandledReconcileAt} and {@code observedGeneration} touches do: each re-delivers an equal, new
   * observation.
   */
  public synchronized void churn(String name, int times) {
    ReleaseKey key = key(name);
    if (!objects.containsKey(key)) {
      throw new IllegalArgumentException("No object " + key);
    }
    for (int i = 0; i < times; i++) {
      HelmRelease fixture = fixtures.get(key);
      apply(fixture != null ? fixture.toObservation() : objects.get(key));
    }
  }

  /** Re-delivers every object {@code times} times, like informer resyncs. */
  public synchronized void resyncStorm(int times) {
    for (int i = 0; i < times; i++) {
      for (ReleaseObservation o : List.copyOf(objects.values())) {
        if (listener != null) {
          listener.upsert(o);
        }
      }
    }
  }

  /**
   * A relist after a dropped watch: every object is delivered again to the attached watcher (which must not
   * re-emit unchanged ones).
   */
  public synchronized void relist() {
    resyncStorm(1);
  }

  /** Deletes {@code name} and reports the delete. */
  public synchronized void delete(String name) {
    delete(key(name));
  }

  /** Deletes {@code key} and reports the delete. */
  public synchronized void delete(ReleaseKey key) {
    fixtures.remove(key);
    if (objects.remove(key) == null) {
      throw new IllegalArgumentException("No object " + key);
    }
    if (listener != null) {
      listener.delete(key);
    }
  }

  /** Reports a source error to the attached watcher. */
  public synchronized void fail(String message) {
    if (listener != null) {
      listener.error(cluster, message, null);
    }
  }

  /** The fixture last applied for {@code name}. */
  public synchronized HelmRelease get(String name) {
    HelmRelease r = fixtures.get(key(name));
    if (r == null) {
      throw new IllegalArgumentException("No HelmRelease fixture " + key(name));
    }
    return r;
  }

  /** Every object currently held. */
  public synchronized List<ReleaseObservation> objects() {
    return new ArrayList<>(objects.values());
  }

  private ReleaseKey key(String name) {
    return new ReleaseKey(cluster, HelmReleases.FLUX_NAMESPACE, name);
  }
}
