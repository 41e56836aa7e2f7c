package io.helmwatch.core;

/**
 * Counters of one watcher since it started. Each counter only grows from one {@link Watcher#stats()} to the
 * next.
 *
 * @param observations updates received for accepted objects
 * @param suppressed updates the emission policy suppressed (status-patch churn)
 * @param emitted component events emitted
 * @param derivationFailures updates whose state could not be derived and were given a defined state
 * @param sinkFailures calls to sinks that threw (for lanes: calls still failing after their retries),
 *     closed subscriptions included, so that it never decreases
 * @since 0.1
 */
public record WatcherStats(
    long observations, long suppressed, long emitted, long derivationFailures, long sinkFailures) {}
