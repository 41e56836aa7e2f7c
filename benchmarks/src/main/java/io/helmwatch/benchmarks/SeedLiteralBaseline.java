package io.helmwatch.benchmarks;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * A faithful Java port of what the original Go watcher did for every informer update, after its fix:
 * under one global mutex, convert every raw condition map into a condition object (the generic converter),
 * derive the state from the original table, compare against a map with the two-value lookup ("first
 * observation or transition"), and build and dispatch the event when it changed. It is the baseline the
 * churn benchmark compares helmwatch against; it is not used by the library.
 */
public final class SeedLiteralBaseline {
  private static final Pattern DEPENDENCY_NOT_READY = Pattern.compile("dependency '[^/']+/[^']+' is not ready");

  /** What the original converter produced for each condition (metav1.Condition). */
  record SeedCondition(
      String type, String status, String reason, String message, Instant lastTransitionTime,
      long observedGeneration) {}

  /** What the original emitted. */
  public record SeedEvent(String component, String state, String level, String message, Instant time) {}

  private final Object mutex = new Object();
  private final Map<String, String> states = new HashMap<>();
  private final Consumer<SeedEvent> emit;

  public SeedLiteralBaseline(Consumer<SeedEvent> emit) {
    this.emit = emit;
  }

  /** The original's {@code processEvent}. */
  public void processEvent(GenericKubernetesResource obj) {
    String name = obj.getMetadata().getName();
    if (!name.startsWith("bp-")) {
      return;
    }
    SeedEvent event = null;
    synchronized (mutex) {
      List<SeedCondition> conditions = convert(obj);
      String state = derive(conditions);
      String componentId = name.substring("bp-".length());
      boolean hadPrev = states.containsKey(componentId);
      String prev = states.get(componentId);
      if (!hadPrev || !state.equals(prev)) {
        states.put(componentId, state);
        event = new SeedEvent(componentId, state, level(state), message(conditions, state), Instant.now());
      }
    }
    if (event != null) {
      emit.accept(event);
    }
  }

  @SuppressWarnings("unchecked")
  private static List<SeedCondition> convert(GenericKubernetesResource obj) {
    List<SeedCondition> out = new ArrayList<>();
    Object status = obj.getAdditionalProperties().get("status");
    if (!(status instanceof Map)) {
      return out;
    }
    Object raw = ((Map<String, Object>) status).get("conditions");
    if (!(raw instanceof List)) {
      return out;
    }
    for (Object item : (List<Object>) raw) {
      if (!(item instanceof Map)) {
        continue;
      }
      Map<String, Object> m = (Map<String, Object>) item;
      Object og = m.get("observedGeneration");
      Object ltt = m.get("lastTransitionTime");
      out.add(new SeedCondition(
          String.valueOf(m.get("type")),
          String.valueOf(m.get("status")),
          String.valueOf(m.getOrDefault("reason", "")),
          String.valueOf(m.getOrDefault("message", "")),
          ltt == null ? Instant.EPOCH : Instant.parse(ltt.toString()),
          og instanceof Number n ? n.longValue() : 0));
    }
    return out;
  }

  private static String derive(List<SeedCondition> conditions) {
    SeedCondition ready = null;
    for (SeedCondition c : conditions) {
      if (c.type().equals("Ready")) {
        ready = c;
        break;
      }
    }
    if (ready == null) {
      return "pending";
    }
    switch (ready.status()) {
      case "True":
        return "installed";
      case "Unknown":
        return "installing";
      default:
        break;
    }
    if (DEPENDENCY_NOT_READY.matcher(ready.message()).find()) {
      return "pending";
    }
    switch (ready.reason()) {
      case "InstallFailed":
      case "UpgradeFailed":
      case "ChartPullError":
      case "ChartLoadError":
      case "ArtifactFailed":
        return "failed";
      case "Progressing":
      case "ReconcileStarted":
      case "DependencyNotReady":
        return "installing";
      default:
        return "degraded";
    }
  }

  private static String level(String state) {
    return switch (state) {
      case "failed" -> "error";
      case "degraded" -> "warn";
      default -> "info";
    };
  }

  private static String message(List<SeedCondition> conditions, String state) {
    for (SeedCondition c : conditions) {
      if (c.type().equals("Ready") && !c.message().isEmpty()) {
        return c.message();
      }
    }
    return "HelmRelease " + state;
  }
}
