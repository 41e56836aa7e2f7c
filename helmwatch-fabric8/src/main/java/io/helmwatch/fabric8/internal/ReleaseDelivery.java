package io.helmwatch.fabric8.internal;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.helmwatch.core.ReleaseFilter;
import io.helmwatch.core.ReleaseKey;
import io.helmwatch.core.ReleaseSource.Listener;
import io.helmwatch.fabric8.Fabric8ReleaseSource;
import io.helmwatch.fabric8.HelmReleaseApi;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The informer's event handler: each add and update becomes one {@code upsert} of the one {@link
 * HelmReleaseView}, re-pointed at the resource on the informer's serial handler thread; each delete becomes
 * {@code delete}. The filter runs before anything is read. Malformed objects are counted and logged once
 * per resourceVersion; a listener that throws anything but {@link OutOfMemoryError} is logged and the next
 * notification is delivered as usual; a filter that throws rejects the object, with a log line. {@code synced()} is reported once the initial list
 * has been through here ({@link InitialListSync}). Nothing is delivered once the source is closed.
 */
final class ReleaseDelivery implements ResourceEventHandler<GenericKubernetesResource> {
  // The source's name, so that logging is configured for the source as a whole.
  private static final Logger log = LoggerFactory.getLogger(Fabric8ReleaseSource.class);

  private final String cluster;
  private final ReleaseFilter filter;
  private final BooleanSupplier closed;
  private final ReleaseKeyCache keys;
  private final HelmReleaseView view;
  private final InitialListSync sync = new InitialListSync();
  private final LongAdder malformed = new LongAdder();
  private final Map<ReleaseKey, String> malformedLogged = new ConcurrentHashMap<>();
  private final WatchHealth health = new WatchHealth();

  private volatile @Nullable Listener listener;
  private volatile @Nullable Thread delivering;

  /** Delivers the objects of {@code cluster} that {@code filter} accepts, until {@code closed} says so. */
  ReleaseDelivery(String cluster, ReleaseFilter filter, BooleanSupplier closed) {
    this.cluster = cluster;
    this.filter = filter;
    this.closed = closed;
    this.keys = new ReleaseKeyCache(cluster);
    this.view = new HelmReleaseView(keys);
  }

  /** The listener everything goes to; set before the informer starts. */
  void deliverTo(Listener listener) {
    this.listener = listener;
  }

  /** Objects whose shape was malformed, counted once per notification. */
  long malformedCount() {
    return malformed.sum();
  }

  /** How many release keys are kept: one per object in the informer's store. */
  int cachedKeyCount() {
    return keys.size();
  }

  /** {@code true} on the informer's handler thread, once it has delivered something. */
  boolean onHandlerThread() {
    return Thread.currentThread() == delivering;
  }

  /** The informer's initial list is in its store, which holds {@code keysInStore}. */
  void listCompleted(Collection<String> keysInStore) {
    if (sync.listCompleted(keysInStore)) {
      synced();
    }
  }

  /** A list, watch or CRD check failed and was reported: the next delivery reports the recovery. */
  void failed() {
    health.failed();
  }

  private void reportRecovery() {
    if (health.recoveredNow()) {
      Listener l = listener;
      if (l != null && !closed.getAsBoolean()) {
        l.recovered(cluster, "watching again");
      }
    }
  }

  /** An empty relist: after a failure, it shows the watch works again as an object would. */
  @Override
  public void onNothing() {
    reportRecovery();
  }

  @Override
  public void onAdd(GenericKubernetesResource obj) {
    reportRecovery();
    delivering = Thread.currentThread();
    deliver(obj);
    if (!sync.isDone()) {
      handled(obj);
    }
  }

  @Override
  public void onUpdate(GenericKubernetesResource oldObj, GenericKubernetesResource newObj) {
    reportRecovery();
    delivering = Thread.currentThread();
    deliver(newObj);
    if (!sync.isDone()) {
      handled(newObj);
    }
  }

  @Override
  public void onDelete(GenericKubernetesResource obj, boolean deletedFinalStateUnknown) {
    reportRecovery();
    delivering = Thread.currentThread();
    deleted(obj);
    if (!sync.isDone()) {
      handled(obj);
    }
  }

  private void handled(GenericKubernetesResource resource) {
    if (sync.handled(Cache.metaNamespaceKeyFunc(resource))) {
      synced();
    }
  }

  private void synced() {
    Listener l = listener;
    if (l != null && !closed.getAsBoolean()) {
      l.synced();
    }
  }

  private void deliver(GenericKubernetesResource resource) {
    Listener l = listener;
    if (l == null || closed.getAsBoolean()) {
      return;
    }
    ObjectMeta meta = resource.getMetadata();
    ReleaseKey key = meta == null ? null : keys.key(meta.getNamespace(), meta.getName());
    if (key == null) {
      malformed.increment();
      log.warn("Ignoring a {} in cluster '{}' without namespace and name", HelmReleaseApi.KIND, cluster);
      return;
    }
    if (!accepts(key)) {
      return;
    }
    HelmReleaseView v = view.read(resource, key);
    String problem = v.malformation();
    if (problem != null) {
      reportMalformed(key, v.resourceVersion(), problem);
    }
    try {
      l.upsert(v);
    } catch (OutOfMemoryError e) {
      throw e;
    } catch (Throwable e) {
      log.error("Listener failed on {}: {}", key, e.toString(), e);
    } finally {
      view.clear();
    }
  }

  /** The filter's answer; a filter that throws rejects the object, with a log line. */
  private boolean accepts(ReleaseKey key) {
    try {
      return filter.accept(key);
    } catch (OutOfMemoryError e) {
      throw e;
    } catch (Throwable e) {
      log.error("The release filter failed on {}; skipping it: {}", key, e.toString(), e);
      return false;
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
    if (l == null || closed.getAsBoolean() || meta == null) {
      return;
    }
    ReleaseKey key = keys.key(meta.getNamespace(), meta.getName());
    if (key == null) {
      return;
    }
    try {
      if (accepts(key)) {
        l.delete(key);
      }
    } catch (OutOfMemoryError e) {
      throw e;
    } catch (Throwable e) {
      log.error("Listener failed on the delete of {}: {}", key, e.toString(), e);
    } finally {
      // Filtered-out objects have keys too (the filter reads them): forget every deleted one.
      keys.forget(key);
      malformedLogged.remove(key);
    }
  }
}
