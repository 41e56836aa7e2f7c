package io.helmwatch.benchmarks;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.WatchEvent;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.helmwatch.support.HelmReleaseJson;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Watch events as the API server sends them to an informer, one JSON frame each ({@code
 * {"type":"MODIFIED","object":{...}}}), pre-built as bytes in replay order ({@link ReplayOrder}), and the
 * decoding fabric8's watch manager applies to each frame ({@link #decode}).
 *
 * <p>Each object is a HelmRelease as helm-controller leaves it after a few reconciles ({@link
 * HelmReleaseJson#reconciled}: labels, annotations, two managedFields entries, 20 chart values, five history
 * entries, Ready and Released), named {@link ChurnWorkload#componentName} with a uid of its own. The
 * {@value ChurnWorkload#COPIES} copies of a component differ only in {@code status.lastHandledReconcileAt}
 * and {@code metadata.resourceVersion}; its second state (with transitions) is installing: {@code
 * Ready=Unknown/Progressing}.
 */
final class WatchEventFrames {
  /** The client's serialization: what {@code new KubernetesClientBuilder().build()} uses by default. */
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  private static final String TEMPLATE = "bp-template";
  private static final String TEMPLATE_UID = "00000000-0000-4000-8000-000000000000";
  /** The fixture whose JSON the template is: its dependency, {@code release-3}, is another release. */
  private static final int FIXTURE = 7;

  private final ReplayOrder order;
  /** Indexed by {@link ReplayOrder} item. */
  private final byte[][] frames;

  WatchEventFrames(int components, int transitionEvery) {
    this.order = new ReplayOrder(components, ChurnWorkload.COPIES, transitionEvery);
    String[][] templates = new String[order.states()][ChurnWorkload.COPIES];
    for (int state = 0; state < order.states(); state++) {
      for (int copy = 0; copy < ChurnWorkload.COPIES; copy++) {
        templates[state][copy] = objectJson(state == 1, copy);
      }
    }
    this.frames = new byte[order.items()][];
    for (int s = 0; s < order.slots(); s++) {
      int component = order.component(s);
      String uid = TEMPLATE_UID.substring(0, TEMPLATE_UID.length() - 12) + "%012d".formatted(component);
      for (int state = 0; state < order.states(); state++) {
        String object = templates[state][order.copy(s)]
            .replace(TEMPLATE, ChurnWorkload.componentName(component))
            .replace(TEMPLATE_UID, uid);
        frames[order.item(state, s)] =
            ("{\"type\":\"MODIFIED\",\"object\":" + object + "}").getBytes(StandardCharsets.UTF_8);
      }
    }
  }

  int components() {
    return order.components();
  }

  /** Component {@code component} in its current state: what the initial list hands over. */
  byte[] initial(int component) {
    return frames[order.initial(component)];
  }

  /** The next update's frame. */
  byte[] next() {
    return frames[order.next()];
  }

  /**
   * What fabric8 8.0's watch manager does with a received frame before the informer sees the object: the
   * WebSocket delivers a text frame as a {@code String}, {@code KubernetesSerialization.unmarshal} reads a
   * {@link WatchEvent} from it, and the object is converted only when it is not already of the
   * operation's type ({@code GenericKubernetesResource} for the informer of {@code Fabric8ReleaseSource}).
   */
  static GenericKubernetesResource decode(byte[] frame) {
    WatchEvent event = SERIALIZATION.unmarshal(new String(frame, StandardCharsets.UTF_8), WatchEvent.class);
    Object object = event.getObject();
    if (object instanceof GenericKubernetesResource resource) {
      return resource;
    }
    if (object instanceof HasMetadata) {
      return SERIALIZATION.convertValue(object, GenericKubernetesResource.class);
    }
    throw new IllegalStateException("The frame's object is not a resource: " + object);
  }

  /** The template's object in the installed or the installing state, as copy {@code copy} of its churn. */
  @SuppressWarnings("unchecked")
  private static String objectJson(boolean installing, int copy) {
    String json = HelmReleaseJson.reconciled(FIXTURE).replace("release-" + FIXTURE, TEMPLATE);
    GenericKubernetesResource release = SERIALIZATION.unmarshal(json, GenericKubernetesResource.class);
    release.getMetadata().setUid(TEMPLATE_UID);
    release.getMetadata().setResourceVersion(Integer.toString(200_000 + 2 * copy + (installing ? 1 : 0)));
    Map<String, Object> status = (Map<String, Object>) release.getAdditionalProperties().get("status");
    status.put("lastHandledReconcileAt", "2026-01-02T%02d:00:00Z".formatted(copy));
    if (installing) {
      // what helm-controller writes before a release action: Reconciling=True (sorted first) and Ready=Unknown
      String running = "Running 'upgrade' action with timeout of 5m0s";
      List<Map<String, Object>> conditions = (List<Map<String, Object>>) status.get("conditions");
      Map<String, Object> reconciling = null;
      for (Map<String, Object> condition : conditions) {
        if ("Ready".equals(condition.get("type"))) {
          condition.put("status", "Unknown");
          condition.put("reason", "Progressing");
          condition.put("message", running);
          condition.put("lastTransitionTime", "2026-01-02T%02d:00:00Z".formatted(copy));
          reconciling = new LinkedHashMap<>(condition);
          reconciling.put("type", "Reconciling");
          reconciling.put("status", "True");
        }
      }
      if (reconciling != null) {
        conditions.add(0, reconciling);
      }
    }
    return SERIALIZATION.asJson(release);
  }
}
