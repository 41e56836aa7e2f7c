package io.helmwatch.fabric8.internal;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.helmwatch.core.ReleaseKey;
import io.helmwatch.core.ReleaseObservation;
import io.helmwatch.core.flux.FluxHelmReleaseDeriver;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A {@link ReleaseObservation} read in place from a fabric8 {@link GenericKubernetesResource}: no field is
 * copied, conditions are read from the resource's own maps, and {@code lastTransitionTime} is parsed only
 * when asked. One view is re-pointed at each resource with {@link #read}, so reading an update allocates
 * nothing; this relies on the core contract that an observation is read only during the {@code upsert}
 * call that receives it.
 *
 * <p>Malformed shapes (conditions that are not a list, entries that are not maps, numbers sent as strings)
 * read as the documented defaults ({@code ""}, {@code 0}, {@code null}) and never throw; {@link #read}
 * reports the first problem it found through {@link #malformation()}. Not thread-safe: one view per
 * delivering thread.
 *
 * @since 0.1
 */
public final class HelmReleaseView implements ReleaseObservation {
  /** Condition messages longer than this are cut, so a runaway controller cannot bloat events and logs. */
  public static final int MAX_MESSAGE_LENGTH = 4096;

  private final ReleaseKeyCache keys;

  private @Nullable ReleaseKey key;
  private @Nullable ObjectMeta metadata;
  private @Nullable Map<?, ?> spec;
  private @Nullable Map<?, ?> status;
  private @Nullable List<?> conditions;
  private @Nullable String malformation;

  /** A view whose keys name {@code cluster}. */
  public HelmReleaseView(String cluster) {
    this(new ReleaseKeyCache(Objects.requireNonNull(cluster, "cluster")));
  }

  HelmReleaseView(ReleaseKeyCache keys) {
    this.keys = keys;
  }

  /**
   * Points this view at {@code resource} and returns it, or returns {@code null} when the resource has no
   * usable namespace and name (nothing can be reported for it).
   */
  public @Nullable HelmReleaseView read(GenericKubernetesResource resource) {
    ObjectMeta meta = resource.getMetadata();
    ReleaseKey k = meta == null ? null : keys.key(meta.getNamespace(), meta.getName());
    if (k == null) {
      clear();
      return null;
    }
    return read(resource, k);
  }

  /** Points this view at {@code resource}, whose key the caller already knows, and returns it. */
  HelmReleaseView read(GenericKubernetesResource resource, ReleaseKey key) {
    this.key = key;
    this.metadata = resource.getMetadata();
    this.malformation = null;
    Map<String, Object> props = resource.getAdditionalProperties();
    this.spec = props == null ? null : mapOrNote(props.get("spec"), "spec is not an object");
    this.status = props == null ? null : mapOrNote(props.get("status"), "status is not an object");
    Object conds = status == null ? null : status.get("conditions");
    if (conds instanceof List<?> list) {
      this.conditions = list;
      checkConditions(list);
    } else {
      this.conditions = null;
      if (conds != null) {
        note("status.conditions is not a list");
      }
    }
    if (status != null) {
      checkNumber(status.get("observedGeneration"), "status.observedGeneration is not a number");
    }
    if (spec != null) {
      Object suspend = spec.get("suspend");
      if (suspend != null && !(suspend instanceof Boolean)) {
        note("spec.suspend is not a boolean");
      }
      Object deps = spec.get("dependsOn");
      if (deps != null && !(deps instanceof List)) {
        note("spec.dependsOn is not a list");
      }
    }
    return this;
  }

  /** Forgets the resource last read, so that the view holds no reference to it. */
  public void clear() {
    key = null;
    metadata = null;
    spec = null;
    status = null;
    conditions = null;
    malformation = null;
  }

  /** The first malformed field the last {@link #read} found, or {@code null} when the shape was sound. */
  public @Nullable String malformation() {
    return malformation;
  }

  /** {@code metadata.resourceVersion} of the resource last read, {@code ""} when absent. */
  public String resourceVersion() {
    ObjectMeta m = metadata;
    String rv = m == null ? null : m.getResourceVersion();
    return rv == null ? "" : rv;
  }

  @Override
  public ReleaseKey key() {
    ReleaseKey k = key;
    if (k == null) {
      throw new IllegalStateException("HelmReleaseView read before any resource was read");
    }
    return k;
  }

  @Override
  public @Nullable String uid() {
    ObjectMeta m = metadata;
    return m == null ? null : m.getUid();
  }

  @Override
  public long generation() {
    ObjectMeta m = metadata;
    Long g = m == null ? null : m.getGeneration();
    return g == null ? 0 : g;
  }

  @Override
  public long observedGeneration() {
    Map<?, ?> s = status;
    return s == null ? 0 : asLong(s.get("observedGeneration"));
  }

  @Override
  public int conditionCount() {
    List<?> c = conditions;
    return c == null ? 0 : c.size();
  }

  @Override
  public String conditionType(int index) {
    return string(condition(index, "type"));
  }

  @Override
  public String conditionStatus(int index) {
    return string(condition(index, "status"));
  }

  @Override
  public String conditionReason(int index) {
    return string(condition(index, "reason"));
  }

  @Override
  public String conditionMessage(int index) {
    String message = string(condition(index, "message"));
    if (message.length() > MAX_MESSAGE_LENGTH) {
      return message.substring(0, MAX_MESSAGE_LENGTH - 1) + "…";
    }
    return message;
  }

  @Override
  public long conditionObservedGeneration(int index) {
    return asLong(condition(index, "observedGeneration"));
  }

  @Override
  public @Nullable Instant conditionLastTransitionTime(int index) {
    Object value = condition(index, "lastTransitionTime");
    if (!(value instanceof String text) || text.isEmpty()) {
      return null;
    }
    try {
      return Rfc3339.parse(text);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /**
   * The objects named in {@code spec.dependsOn}, as an unmodifiable list; an entry without a namespace is in
   * this object's namespace, an entry without a name is skipped. Allocates the list, and a key for each
   * target not yet seen, which is not kept: the watcher asks only when it keeps an observation (and keeps
   * an unmodifiable list without copying it).
   */
  @Override
  public List<ReleaseKey> dependsOn() {
    Map<?, ?> sp = spec;
    Object deps = sp == null ? null : sp.get("dependsOn");
    if (!(deps instanceof List<?> list) || list.isEmpty()) {
      return List.of();
    }
    ReleaseKey self = key();
    if (list.size() == 1) {
      ReleaseKey only = dependency(list.get(0), self);
      return only == null ? List.of() : List.of(only);
    }
    ReleaseKey[] out = new ReleaseKey[list.size()];
    int n = 0;
    for (int i = 0; i < out.length; i++) {
      ReleaseKey dep = dependency(list.get(i), self);
      if (dep != null) {
        out[n++] = dep;
      }
    }
    return switch (n) {
      case 0 -> List.of();
      case 1 -> List.of(out[0]);
      case 2 -> List.of(out[0], out[1]);
      default -> List.of(n == out.length ? out : Arrays.copyOf(out, n));
    };
  }

  /** The key a {@code spec.dependsOn} entry names, {@code null} for an entry without a usable name. */
  private @Nullable ReleaseKey dependency(@Nullable Object entry, ReleaseKey self) {
    if (!(entry instanceof Map<?, ?> ref) || !(ref.get("name") instanceof String name)) {
      return null;
    }
    Object ns = ref.get("namespace");
    String namespace = ns instanceof String s && !s.isBlank() ? s : self.namespace();
    return keys.reference(namespace, name);
  }

  @Override
  public boolean suspended() {
    Map<?, ?> sp = spec;
    return sp != null && Boolean.TRUE.equals(sp.get("suspend"));
  }

  @Override
  public boolean deletionPending() {
    ObjectMeta m = metadata;
    String ts = m == null ? null : m.getDeletionTimestamp();
    return ts != null && !ts.isEmpty();
  }

  @Override
  public long lastAttemptedGeneration() {
    return asLong(field(status, "lastAttemptedGeneration"));
  }

  @Override
  public String lastAttemptedReleaseAction() {
    return string(field(status, "lastAttemptedReleaseAction"));
  }

  @Override
  public long failures() {
    return asLong(field(status, "failures"));
  }

  @Override
  public long installFailures() {
    return asLong(field(status, "installFailures"));
  }

  @Override
  public long upgradeFailures() {
    return asLong(field(status, "upgradeFailures"));
  }

  @Override
  public long installRetries() {
    return asLong(field(field(field(spec, "install"), "remediation"), "retries"));
  }

  @Override
  public long upgradeRetries() {
    return asLong(field(field(field(spec, "upgrade"), "remediation"), "retries"));
  }

  @Override
  public String reconcileRequestedAt() {
    ObjectMeta m = metadata;
    Map<String, String> annotations = m == null ? null : m.getAnnotations();
    String token = annotations == null ? null : annotations.get(FluxHelmReleaseDeriver.RECONCILE_REQUESTED_AT);
    return token == null ? "" : token;
  }

  @Override
  public String lastHandledReconcileAt() {
    return string(field(status, "lastHandledReconcileAt"));
  }

  /** {@code spec.timeout} as written; a non-string value reads as empty. */
  @Override
  public String timeout() {
    return string(field(spec, "timeout"));
  }

  /** {@code status.history[0].status}. */
  @Override
  public String latestReleaseStatus() {
    return string(field(latestRelease(), "status"));
  }

  /** {@code status.history[0].chartName}, else {@code spec.chart.spec.chart}. */
  @Override
  public String chartName() {
    String name = string(field(latestRelease(), "chartName"));
    return name.isEmpty() ? string(field(field(field(spec, "chart"), "spec"), "chart")) : name;
  }

  /** {@code status.history[0].chartVersion}, else {@code status.lastAttemptedRevision}. */
  @Override
  public String chartVersion() {
    String version = string(field(latestRelease(), "chartVersion"));
    return version.isEmpty() ? string(field(status, "lastAttemptedRevision")) : version;
  }

  @Override
  public String appVersion() {
    return string(field(latestRelease(), "appVersion"));
  }

  /** {@code spec.driftDetection.mode}; two map reads, nothing allocated. */
  @Override
  public String driftDetectionMode() {
    return string(field(field(spec, "driftDetection"), "mode"));
  }

  /** {@code status.history[0].action}. */
  @Override
  public String latestReleaseAction() {
    return string(field(latestRelease(), "action"));
  }

  /** {@code status.history[0].version}. */
  @Override
  public long latestReleaseVersion() {
    return asLong(field(latestRelease(), "version"));
  }

  @Override
  public String lastAttemptedReleaseActionDuration() {
    return string(field(status, "lastAttemptedReleaseActionDuration"));
  }

  @Override
  public String lastAttemptedRevisionDigest() {
    return string(field(status, "lastAttemptedRevisionDigest"));
  }

  /** The newest entry of {@code status.history} (helm-controller keeps it first). */
  private @Nullable Object latestRelease() {
    return field(status, "history") instanceof List<?> history && !history.isEmpty() ? history.get(0) : null;
  }

  private static @Nullable Object field(@Nullable Object map, String name) {
    return map instanceof Map<?, ?> m ? m.get(name) : null;
  }

  @Override
  public String toString() {
    return "HelmReleaseView[" + key + " rv=" + resourceVersion() + "]";
  }

  private @Nullable Object condition(int index, String field) {
    List<?> c = conditions;
    if (c == null || index < 0 || index >= c.size()) {
      return null;
    }
    return c.get(index) instanceof Map<?, ?> m ? m.get(field) : null;
  }

  private void checkConditions(List<?> list) {
    for (int i = 0, n = list.size(); i < n; i++) {
      Object entry = list.get(i);
      if (!(entry instanceof Map<?, ?> m)) {
        note("status.conditions has an entry that is not an object");
        return;
      }
      if (!(m.get("type") instanceof String) || !(m.get("status") instanceof String)) {
        note("status.conditions has an entry without a string type and status");
        return;
      }
      checkNumber(m.get("observedGeneration"), "a condition's observedGeneration is not a number");
    }
  }

  private void checkNumber(@Nullable Object value, String problem) {
    if (value != null && !(value instanceof Number)) {
      note(problem);
    }
  }

  private @Nullable Map<?, ?> mapOrNote(@Nullable Object value, String problem) {
    if (value instanceof Map<?, ?> m) {
      return m;
    }
    if (value != null) {
      note(problem);
    }
    return null;
  }

  private void note(String problem) {
    if (malformation == null) {
      malformation = problem;
    }
  }

  private static String string(@Nullable Object value) {
    return value instanceof String s ? s : "";
  }

  private static long asLong(@Nullable Object value) {
    if (value instanceof Long l) {
      return l;
    }
    if (value instanceof Integer i) {
      return i;
    }
    if (value instanceof Number n) {
      double d = n.doubleValue();
      return d == Math.rint(d) ? n.longValue() : 0;
    }
    return 0;
  }
}
