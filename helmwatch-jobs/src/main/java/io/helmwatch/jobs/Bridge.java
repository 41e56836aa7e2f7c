package io.helmwatch.jobs;

import io.helmwatch.core.ComponentSnapshot;
import io.helmwatch.core.EventSink;
import java.util.List;

/**
 * An {@link EventSink} that writes component states into a downstream model idempotently: an event whose
 * {@code (component, state)} equals the last one the bridge applied is a no-op, so re-emissions (a watcher
 * restart, a periodic snapshot loop) are harmless. {@link DedupingBridge} provides that dedupe.
 *
 * <p>Wire a {@link DedupingBridge} with {@link DedupingBridge#attach}, which subscribes it and seeds it
 * from the initial list through its own lane, in order with its events:
 *
 * <pre>{@code
 * Subscription jobs = bridge.attach(watcher);
 * }</pre>
 *
 * <p>Seeding from {@code watcher.onInitialListSynced(bridge::seed)} beside {@code watcher.subscribe(bridge)}
 * is not ordered with the lane: an older event still queued there lands after the newer seed.
 *
 * @since 0.1
 */
public interface Bridge extends EventSink {

  /**
   * Brings the model up to {@code snapshot}, idempotently: seeding twice changes nothing the second time,
   * and a later event with a seeded component's state is suppressed.
   */
  void seed(List<ComponentSnapshot> snapshot);
}
