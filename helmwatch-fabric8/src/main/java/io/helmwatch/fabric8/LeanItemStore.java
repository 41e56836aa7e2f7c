package io.helmwatch.fabric8;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The informer's item store in lean mode: it keeps, per object, only what state derivation reads
 * (identity, generation, resourceVersion, deletionTimestamp, {@code spec.suspend}, {@code spec.dependsOn},
 * {@code status.conditions}, {@code status.observedGeneration}) and drops chart values, history,
 * inventory and managedFields.
 *
 * <p>It reports itself as full state on purpose: every field a handler reads is present, so fabric8 may
 * hand out stored (trimmed) objects as the old side of an update, on relist and on resync. Handlers must
 * therefore read nothing beyond the fields above, which {@link HelmReleaseView} does not.
 */
final class LeanItemStore implements ItemStore<GenericKubernetesResource> {
  private final String apiVersion;
  private final Map<String, GenericKubernetesResource> items = new ConcurrentHashMap<>();

  LeanItemStore(String apiVersion) {
    this.apiVersion = apiVersion;
  }

  @Override
  public String getKey(GenericKubernetesResource obj) {
    return Cache.metaNamespaceKeyFunc(obj);
  }

  @Override
  public @Nullable GenericKubernetesResource put(String key, GenericKubernetesResource obj) {
    return items.put(key, trim(obj));
  }

  @Override
  public @Nullable GenericKubernetesResource remove(String key) {
    return items.remove(key);
  }

  @Override
  public Stream<String> keySet() {
    return items.keySet().stream();
  }

  @Override
  public Stream<GenericKubernetesResource> values() {
    return items.values().stream();
  }

  @Override
  public int size() {
    return items.size();
  }

  @Override
  public @Nullable GenericKubernetesResource get(String key) {
    return items.get(key);
  }

  /** A new resource holding only the fields derivation reads; nested values are shared, not copied. */
  GenericKubernetesResource trim(GenericKubernetesResource full) {
    GenericKubernetesResource lean = new GenericKubernetesResource();
    lean.setApiVersion(apiVersion.equals(full.getApiVersion()) ? apiVersion : full.getApiVersion());
    lean.setKind(HelmReleaseApi.KIND);
    ObjectMeta meta = full.getMetadata();
    if (meta != null) {
      ObjectMeta m = new ObjectMeta();
      m.setName(meta.getName());
      m.setNamespace(meta.getNamespace());
      m.setUid(meta.getUid());
      m.setGeneration(meta.getGeneration());
      m.setResourceVersion(meta.getResourceVersion());
      m.setDeletionTimestamp(meta.getDeletionTimestamp());
      lean.setMetadata(m);
    }
    Map<String, Object> props = full.getAdditionalProperties();
    if (props != null) {
      copy(props.get("spec"), "spec", lean, "suspend", "dependsOn");
      copy(props.get("status"), "status", lean, "conditions", "observedGeneration");
    }
    return lean;
  }

  private static void copy(@Nullable Object from, String name, GenericKubernetesResource to, String... fields) {
    if (!(from instanceof Map<?, ?> source)) {
      if (from != null) {
        // Keep a malformed value as it is, so that the view reports it the same way in either mode.
        to.setAdditionalProperty(name, from);
      }
      return;
    }
    Map<String, Object> kept = new LinkedHashMap<>(4);
    for (String field : fields) {
      Object value = source.get(field);
      if (value != null) {
        kept.put(field, value);
      }
    }
    to.setAdditionalProperty(name, kept);
  }
}
