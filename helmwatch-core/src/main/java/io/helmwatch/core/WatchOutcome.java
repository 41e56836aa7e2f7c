package io.helmwatch.core;

import java.util.Locale;

/**
 * How a watch ended.
 *
 * @since 0.1
 */
public enum WatchOutcome {
  /** Every observed component is terminal and none failed. */
  READY,
  /** Every observed component is terminal and at least one failed. */
  FAILED,
  /** Time ran out after at least one release was seen. */
  TIMEOUT,
  /** Time ran out and no release was ever seen: Flux is probably not reconciling. */
  NOT_RECONCILING,
  /** The watch was closed before it ended. */
  CANCELLED;

  /** The name used on the wire ({@code flux-not-reconciling} for {@link #NOT_RECONCILING}). */
  public String wireName() {
    return this == NOT_RECONCILING ? "flux-not-reconciling" : name().toLowerCase(Locale.ROOT);
  }
}
