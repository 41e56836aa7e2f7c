package io.helmwatch.core;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One entry of a Kubernetes object's {@code status.conditions}.
 *
 * <p>Status is kept as the string the API server sent ({@value #TRUE}, {@value #FALSE}, {@value #UNKNOWN},
 * or anything a broken controller wrote), so malformed input stays visible instead of being coerced.
 *
 * @param type condition type, e.g. {@code Ready}
 * @param status {@value #TRUE}, {@value #FALSE} or {@value #UNKNOWN} on a well-formed object
 * @param reason machine-readable reason, empty when absent
 * @param message human-readable message, empty when absent
 * @param lastTransitionTime when the status last changed, if known
 * @param observedGeneration the generation this condition describes, {@code 0} when absent
 * @since 0.1
 */
public record Condition(
    String type,
    String status,
    String reason,
    String message,
    @Nullable Instant lastTransitionTime,
    long observedGeneration) {

  public static final String TRUE = "True";
  public static final String FALSE = "False";
  public static final String UNKNOWN = "Unknown";

  public Condition {
    type = type == null ? "" : type;
    status = status == null ? "" : status;
    reason = reason == null ? "" : reason;
    message = message == null ? "" : message;
  }
}
