package io.helmwatch.benchmarks;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * HelmRelease objects exactly as a fabric8 informer hands them over: parsed from the API server's JSON
 * into a {@link GenericKubernetesResource} with nested maps and lists.
 */
final class RawReleases {
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private RawReleases() {}

  /**
   * A release named {@code name} whose Ready condition has {@code readyStatus}/{@code readyReason}, carrying
   * {@code extraConditions} more conditions (Released, TestSuccess, then {@code Extra<i>}) and a status shaped
   * like helm-controller's (history, lastAttempted*, ...), with a churn counter in {@code
   * lastHandledReconcileAt}. A release in progress ({@code readyStatus} {@code Unknown}) is written as
   * helm-controller writes it before a release action: {@code Reconciling=True} first and {@code
   * Ready=Unknown}, both with the reason and the "Running 'install' action" message.
   */
  static GenericKubernetesResource helmRelease(
      String name, long generation, String readyStatus, String readyReason, int extraConditions, int churn) {
    StringBuilder conditions = new StringBuilder();
    if (readyStatus.equals("Unknown")) {
      String running = "Running 'install' action with timeout of 5m0s";
      conditions.append(condition("Reconciling", "True", readyReason, running, generation)).append(',')
          .append(condition("Ready", readyStatus, readyReason, running, generation));
    } else {
      conditions.append(condition("Ready", readyStatus, readyReason,
          "Helm install succeeded for release flux-system/" + name + ".v1 with chart " + name + "@1.2.3",
          generation));
    }
    for (int i = 0; i < extraConditions; i++) {
      if (i == 0) {
        conditions.append(',').append(condition("Released", "True", "InstallSucceeded",
            "Helm install succeeded for release flux-system/" + name + ".v1 with chart " + name + "@1.2.3",
            generation));
      } else if (i == 1) {
        conditions.append(',').append(condition("TestSuccess", "True", "TestSucceeded",
            "Helm test succeeded for release flux-system/" + name + ".v1 with chart " + name + "@1.2.3: no test"
                + " hooks", generation));
      } else {
        conditions.append(',').append(condition("Extra" + i, "True", "InstallSucceeded", "ok", generation));
      }
    }
    String json = """
        {"apiVersion":"helm.toolkit.fluxcd.io/v2","kind":"HelmRelease",
         "metadata":{"name":"%1$s","namespace":"flux-system","generation":%2$d,"resourceVersion":"%5$d",
           "uid":"6f1c3a52-4c1e-4f3e-9d1a-%3$012d","creationTimestamp":"2026-05-15T19:00:00Z",
           "labels":{"kustomize.toolkit.fluxcd.io/name":"bootstrap-kit"},
           "annotations":{"reconcile.fluxcd.io/requestedAt":"2026-05-15T19:16:00Z"}},
         "spec":{"interval":"10m","releaseName":"%1$s","chart":{"spec":{"chart":"%1$s","version":"1.2.3",
           "sourceRef":{"kind":"HelmRepository","name":"openova"}}},
           "dependsOn":[{"name":"bp-cilium","namespace":"flux-system"}],
           "values":{"replicaCount":2,"image":{"repository":"ghcr.io/openova/%1$s","tag":"v1.2.3"}}},
         "status":{"observedGeneration":%2$d,"lastHandledReconcileAt":"churn-%4$d",
           "lastAttemptedRevision":"1.2.3","lastAttemptedConfigDigest":"sha256:0123456789abcdef",
           "lastAttemptedGeneration":%2$d,"lastAttemptedReleaseAction":"install",
           "history":[{"name":"%1$s","namespace":"flux-system","version":1,"status":"deployed",
             "chartName":"%1$s","chartVersion":"1.2.3","appVersion":"1.2.3",
             "configDigest":"sha256:0123456789abcdef","digest":"sha256:fedcba9876543210",
             "firstDeployed":"2026-05-15T19:10:00Z","lastDeployed":"2026-05-15T19:10:00Z"}],
           "conditions":[%6$s]}}
        """.formatted(name, generation, Math.abs(name.hashCode()) % 1_000_000_000_000L, churn, 1000 + churn,
        conditions);
    return SERIALIZATION.unmarshal(json, GenericKubernetesResource.class);
  }

  /**
   * {@code template} (parsed by {@link #helmRelease}) as if parsed again for the release {@code name}: a deep
   * copy of its nested maps and lists with the same Java types Jackson produced, every string a new instance
   * and {@code templateName} replaced by {@code name}. Parsing ten thousands of objects takes minutes in a
   * fresh JVM; copying takes milliseconds and yields the same shape in memory.
   */
  static GenericKubernetesResource renamed(GenericKubernetesResource template, String templateName, String name) {
    GenericKubernetesResource r = new GenericKubernetesResource();
    r.setApiVersion(template.getApiVersion());
    r.setKind(template.getKind());
    ObjectMeta t = template.getMetadata();
    ObjectMeta m = new ObjectMeta();
    m.setName(name);
    m.setNamespace(fresh(t.getNamespace()));
    m.setGeneration(t.getGeneration());
    m.setResourceVersion(fresh(t.getResourceVersion()));
    m.setUid(fresh(t.getUid()));
    m.setCreationTimestamp(fresh(t.getCreationTimestamp()));
    m.setLabels(copyStrings(t.getLabels()));
    m.setAnnotations(copyStrings(t.getAnnotations()));
    r.setMetadata(m);
    @SuppressWarnings("unchecked")
    Map<String, Object> props = (Map<String, Object>) copy(template.getAdditionalProperties(), templateName, name);
    r.setAdditionalProperties(props);
    return r;
  }

  private static Object copy(Object value, String from, String to) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put((String) k, copy(v, from, to)));
      return out;
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      list.forEach(v -> out.add(copy(v, from, to)));
      return out;
    }
    if (value instanceof String s) {
      return fresh(s.replace(from, to));
    }
    return value;
  }

  private static Map<String, String> copyStrings(Map<String, String> map) {
    Map<String, String> out = new LinkedHashMap<>();
    map.forEach((k, v) -> out.put(fresh(k), fresh(v)));
    return out;
  }

  /** An equal string with its own character array, as a parser would produce. */
  private static String fresh(String s) {
    return new String(s.toCharArray());
  }

  private static String condition(String type, String status, String reason, String message, long generation) {
    return """
        {"type":"%s","status":"%s","reason":"%s","message":"%s",
         "lastTransitionTime":"2026-05-15T19:10:00Z","observedGeneration":%d}"""
        .formatted(type, status, reason, message, generation);
  }
}
