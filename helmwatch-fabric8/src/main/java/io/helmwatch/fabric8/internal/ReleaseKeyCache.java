package io.helmwatch.fabric8.internal;

import io.helmwatch.core.ReleaseKey;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * One {@link ReleaseKey} per (namespace, name) of an object the source has been told about, so that an
 * update of a known object allocates no key. Two levels of maps because a composite string key would itself
 * be an allocation per lookup.
 *
 * <p>Bounded by the informer's store: {@link #key} keeps a key for an object delivered to the source
 * (filtered out or not), {@link #forget} drops it when the object is deleted, and a namespace left empty is
 * dropped with its last key. Names that are only referred to ({@code spec.dependsOn}) are resolved with
 * {@link #reference}, which keeps nothing, so targets that never exist leave nothing behind.
 */
final class ReleaseKeyCache {
  private final String cluster;
  private final Map<String, Map<String, ReleaseKey>> byNamespace = new ConcurrentHashMap<>();

  ReleaseKeyCache(String cluster) {
    this.cluster = cluster;
  }

  /**
   * The key of the delivered object {@code namespace/name}, kept until {@link #forget}; {@code null} when
   * either is blank.
   */
  @Nullable ReleaseKey key(@Nullable String namespace, @Nullable String name) {
    if (namespace == null || name == null) {
      return null;
    }
    Map<String, ReleaseKey> names = byNamespace.get(namespace);
    ReleaseKey known = names == null ? null : names.get(name);
    if (known != null || namespace.isBlank() || name.isBlank()) {
      return known;
    }
    ReleaseKey created = new ReleaseKey(cluster, namespace, name);
    if (names != null) {
      // A known namespace (every new object of an initial list but the first): no lock, no lambda. When a
      // concurrent forget dropped the map meanwhile, the locked path below puts the key again; one that drops
      // it after this check leaves the key unkept, which costs the next update of the object a new key.
      ReleaseKey raced = names.putIfAbsent(name, created);
      if (byNamespace.get(namespace) == names) {
        return raced != null ? raced : created;
      }
    }
    return keyInNewMap(namespace, name, created);
  }

  private ReleaseKey keyInNewMap(String namespace, String name, ReleaseKey created) {
    // compute, not computeIfAbsent on the inner map: a concurrent forget may drop the namespace's map.
    Map<String, ReleaseKey> names = byNamespace.compute(namespace, (ns, existing) -> {
      Map<String, ReleaseKey> m = existing != null ? existing : new ConcurrentHashMap<>();
      m.putIfAbsent(name, created);
      return m;
    });
    ReleaseKey kept = names.get(name);
    return kept != null ? kept : created;
  }

  /**
   * The key of {@code namespace/name} as another object names it: the kept one when that object is known,
   * else a new one that is not kept; {@code null} when either is blank.
   */
  @Nullable ReleaseKey reference(String namespace, String name) {
    ReleaseKey known = cached(namespace, name);
    if (known != null || namespace.isBlank() || name.isBlank()) {
      return known;
    }
    return new ReleaseKey(cluster, namespace, name);
  }

  private @Nullable ReleaseKey cached(@Nullable String namespace, @Nullable String name) {
    if (namespace == null || name == null) {
      return null;
    }
    Map<String, ReleaseKey> names = byNamespace.get(namespace);
    return names == null ? null : names.get(name);
  }

  /** Forgets {@code key}, after its object was deleted; drops its namespace's map when that empties. */
  void forget(ReleaseKey key) {
    byNamespace.computeIfPresent(key.namespace(), (ns, names) -> {
      names.remove(key.name());
      return names.isEmpty() ? null : names;
    });
  }

  /** How many keys are kept. */
  int size() {
    return byNamespace.values().stream().mapToInt(Map::size).sum();
  }
}
