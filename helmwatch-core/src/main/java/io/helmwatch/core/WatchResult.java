package io.helmwatch.core;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * How a watch ended and the state each component had reached.
 *
 * @param outcome how it ended
 * @param states the last derived state of every component observed and not removed, sorted by id
 * @since 0.1
 */
public record WatchResult(WatchOutcome outcome, Map<ComponentId, ComponentState> states) {
  public WatchResult {
    Objects.requireNonNull(outcome, "outcome");
    states = Collections.unmodifiableMap(new TreeMap<>(states));
  }
}
