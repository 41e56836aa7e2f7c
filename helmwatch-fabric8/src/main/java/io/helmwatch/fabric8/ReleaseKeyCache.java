package io.helmwatch.fabric8;

import io.helmwatch.core.ReleaseKey;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * One {@link ReleaseKey} per (namespace, name), so that an update of a known object allocates no key. Two
 * levels of maps because a composite string key would itself be an allocation per lookup.
 */
final class ReleaseKeyCache {
  private final String cluster;
  private final Map<String, Map<String, ReleaseKey>> byNamespace = new ConcurrentHashMap<>();

  ReleaseKeyCache(String cluster) {
    this.cluster = cluster;
  }

  /** The key of {@code namespace/name}, created on first use; {@code null} when either is blank. */
  @Nullable ReleaseKey key(@Nullable String namespace, @Nullable String name) {
    if (namespace == null || name == null) {
      return null;
    }
    Map<String, ReleaseKey> names = byNamespace.get(namespace);
    if (names != null) {
      ReleaseKey key = names.get(name);
      if (key != null) {
        return key;
      }
    }
    if (namespace.isBlank() || name.isBlank()) {
      return null;
    }
    return byNamespace.computeIfAbsent(namespace, ns -> new ConcurrentHashMap<>())
        .computeIfAbsent(name, n -> new ReleaseKey(cluster, namespace, n));
  }

  /** Forgets {@code key}, after its object was deleted. */
  void forget(ReleaseKey key) {
    Map<String, ReleaseKey> names = byNamespace.get(key.namespace());
    if (names != null) {
      names.remove(key.name());
    }
  }

  int size() {
    return byNamespace.values().stream().mapToInt(Map::size).sum();
  }
}
