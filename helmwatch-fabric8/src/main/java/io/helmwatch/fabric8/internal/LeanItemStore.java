package io.helmwatch.fabric8.internal;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import io.helmwatch.fabric8.HelmReleaseApi;
import io.helmwatch.core.flux.FluxHelmReleaseDeriver;
import io.helmwatch.core.flux.FluxReasons;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The informer's item store in lean mode: it keeps, per object, only what an observation reads
 * (namespace and name, uid, generation, resourceVersion, deletionTimestamp, the {@code
 * reconcile.fluxcd.io/requestedAt} annotation, {@code spec.suspend}, {@code spec.timeout}, {@code
 * spec.dependsOn}, {@code spec.driftDetection.mode}, the chart name and remediation retries, {@code
 * status.conditions}, the generations, failure counters, reconcile tokens, the last attempt's duration and
 * OCI digest, and the newest history entry's chart and app versions, Helm status, action and version) and
 * drops chart values, drift-detection ignore rules, older history, inventory,
 * managedFields, labels and other annotations (neither the informer nor the view reads them: filters read
 * the key, and a label selector is applied by the API server).
 *
 * <p>It reports itself as full state on purpose: every field a handler reads is present, so fabric8 may
 * hand out stored (trimmed) objects as the old side of an update, on relist and on resync. Handlers must
 * therefore read nothing beyond the fields above, which {@link HelmReleaseView} does not: the initial list
 * reaches the handler as stored objects, so a field dropped here is missing from every first observation.
 */
public final class LeanItemStore implements ItemStore<GenericKubernetesResource> {
  /** What {@link HelmReleaseView} reads from a condition. */
  private static final List<String> CONDITION_FIELDS =
      List.of("type", "status", "reason", "message", "lastTransitionTime", "observedGeneration");

  /** The status fields the view reads besides conditions and history. */
  private static final List<String> STATUS_FIELDS = List.of("observedGeneration", "lastAttemptedGeneration",
      "lastAttemptedReleaseAction", "failures", "installFailures", "upgradeFailures", "lastHandledReconcileAt",
      "lastAttemptedRevision", "lastAttemptedReleaseActionDuration", "lastAttemptedRevisionDigest");
  /** What the view reads from the newest history entry. */
  private static final List<String> HISTORY_FIELDS = List.of("chartName", "chartVersion", "appVersion", "status", "action",
      "version");
  private static final List<String> REMEDIATED_ACTIONS = List.of("install", "upgrade");

  private final String apiVersion;
  private final CanonicalStrings strings = new CanonicalStrings();
  private final Map<String, GenericKubernetesResource> items = new ConcurrentHashMap<>();

  /** A store for HelmReleases of {@code apiVersion} ({@code helm.toolkit.fluxcd.io/v2}). */
  public LeanItemStore(String apiVersion) {
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

  /**
   * A new resource holding only the fields derivation reads, in compact immutable maps and lists, with
   * repeated strings shared: a lean object is a few hundred bytes where the parsed one is kilobytes.
   * Values are the parsed ones (strings, numbers, booleans), so the view reads a lean object exactly as it
   * reads the full one; a malformed shape is kept as it is, so that it is reported the same way.
   */
  GenericKubernetesResource trim(GenericKubernetesResource full) {
    GenericKubernetesResource lean = new GenericKubernetesResource();
    lean.setApiVersion(apiVersion.equals(full.getApiVersion()) ? apiVersion : full.getApiVersion());
    lean.setKind(HelmReleaseApi.KIND);
    ObjectMeta meta = full.getMetadata();
    if (meta != null) {
      ObjectMeta m = new ObjectMeta();
      // A new ObjectMeta comes with three maps and three lists of its own; with shared empty ones instead,
      // the cached object keeps none of them.
      m.setAnnotations(leanAnnotations(meta.getAnnotations()));
      m.setLabels(Map.of());
      m.setFinalizers(List.of());
      m.setManagedFields(List.of());
      m.setOwnerReferences(List.of());
      m.setAdditionalProperties(Map.of());
      m.setName(meta.getName());
      m.setNamespace(strings.canonical(meta.getNamespace()));
      m.setUid(meta.getUid());
      m.setGeneration(meta.getGeneration());
      m.setResourceVersion(meta.getResourceVersion());
      m.setDeletionTimestamp(meta.getDeletionTimestamp());
      lean.setMetadata(m);
    }
    Map<String, Object> props = full.getAdditionalProperties();
    Object spec = props == null ? null : props.get("spec");
    Object status = props == null ? null : props.get("status");
    Map<String, Object> kept = new LinkedHashMap<>(4);
    if (spec != null) {
      kept.put("spec", spec instanceof Map<?, ?> m ? leanSpec(m) : spec);
    }
    if (status != null) {
      kept.put("status", status instanceof Map<?, ?> m ? leanStatus(m) : status);
    }
    lean.setAdditionalProperties(kept.isEmpty() ? Map.of() : Map.copyOf(kept));
    return lean;
  }

  private Map<String, String> leanAnnotations(@Nullable Map<String, String> annotations) {
    String requested = annotations == null ? null : annotations.get(FluxHelmReleaseDeriver.RECONCILE_REQUESTED_AT);
    return requested == null ? Map.of() : Map.of(FluxHelmReleaseDeriver.RECONCILE_REQUESTED_AT, requested);
  }

  private Map<String, Object> leanSpec(Map<?, ?> spec) {
    Map<String, Object> m = new HashMap<>(8);
    putIfPresent(m, "suspend", spec.get("suspend"));
    putIfPresent(m, "timeout", strings.canonical(spec.get("timeout")));
    Object deps = spec.get("dependsOn");
    putIfPresent(m, "dependsOn", deps instanceof List<?> list ? compactList(list, this::leanReference) : deps);
    if (spec.get("driftDetection") instanceof Map<?, ?> drift && drift.get("mode") != null) {
      m.put("driftDetection", Map.of("mode", strings.canonical(drift.get("mode"))));
    }
    if (spec.get("chart") instanceof Map<?, ?> chart && chart.get("spec") instanceof Map<?, ?> chartSpec
        && chartSpec.get("chart") != null) {
      m.put("chart", Map.of("spec", Map.of("chart", strings.canonical(chartSpec.get("chart")))));
    }
    for (String action : REMEDIATED_ACTIONS) {
      if (spec.get(action) instanceof Map<?, ?> a && a.get("remediation") instanceof Map<?, ?> r
          && r.get("retries") != null) {
        m.put(action, Map.of("remediation", Map.of("retries", r.get("retries"))));
      }
    }
    return Map.copyOf(m);
  }

  private Map<String, Object> leanStatus(Map<?, ?> status) {
    Map<String, Object> m = new HashMap<>(16);
    Object conditions = status.get("conditions");
    if (conditions instanceof List<?> list) {
      // Conditions of one object often repeat a message or timestamp: keep one instance of each.
      Map<Object, Object> seen = new HashMap<>();
      conditions = compactList(list, c -> leanCondition(c, seen));
    }
    putIfPresent(m, "conditions", conditions);
    for (String field : STATUS_FIELDS) {
      Object value = status.get(field);
      putIfPresent(m, field, value instanceof String ? strings.canonical(value) : value);
    }
    if (status.get("history") instanceof List<?> history && !history.isEmpty()
        && history.get(0) instanceof Map<?, ?> latest) {
      Map<String, Object> kept = new HashMap<>(4);
      for (String field : HISTORY_FIELDS) {
        Object value = latest.get(field);
        putIfPresent(kept, field, value instanceof String ? strings.canonical(value) : value);
      }
      m.put("history", List.of(Map.copyOf(kept)));
    }
    return Map.copyOf(m);
  }

  private static void putIfPresent(Map<String, Object> m, String key, @Nullable Object value) {
    if (value != null) {
      m.put(key, value);
    }
  }

  private Map<String, Object> leanReference(Map<?, ?> ref) {
    return compact("name", ref.get("name"), "namespace", strings.canonical(ref.get("namespace")));
  }

  private Map<String, Object> leanCondition(Map<?, ?> c, Map<Object, Object> seen) {
    Map<String, Object> m = new HashMap<>(8);
    // helm-controller's in-sync drift check writes the same sentence on every release with drift detection
    boolean fixedMessage = FluxReasons.NO_DRIFT_DETECTED.equals(c.get("reason"));
    for (String field : CONDITION_FIELDS) {
      Object value = c.get(field);
      if (value == null) {
        continue;
      }
      m.put(field, switch (field) {
        case "type", "status", "reason" -> strings.canonical(value);
        case "message" -> fixedMessage ? strings.canonical(value) : seen.computeIfAbsent(value, v -> v);
        default -> seen.computeIfAbsent(value, v -> v);
      });
    }
    return Map.copyOf(m);
  }

  /**
   * An immutable copy of {@code list} with each map entry made lean, or {@code list} itself when an entry is
   * not a map (malformed: kept for the view to report).
   */
  private static List<Object> compactList(List<?> list, Function<Map<?, ?>, Map<String, Object>> lean) {
    Object[] out = new Object[list.size()];
    for (int i = 0; i < out.length; i++) {
      if (!(list.get(i) instanceof Map<?, ?> m)) {
        @SuppressWarnings("unchecked")
        List<Object> asIs = (List<Object>) list;
        return asIs;
      }
      out[i] = lean.apply(m);
    }
    return List.of(out);
  }

  /** An immutable map of the two fields that are present (JSON nulls read as absent, as in the view). */
  private static Map<String, Object> compact(String k1, @Nullable Object v1, String k2, @Nullable Object v2) {
    if (v1 == null) {
      return v2 == null ? Map.of() : Map.of(k2, v2);
    }
    return v2 == null ? Map.of(k1, v1) : Map.of(k1, v1, k2, v2);
  }
}
