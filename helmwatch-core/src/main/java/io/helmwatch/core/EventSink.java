package io.helmwatch.core;

import java.util.List;

/**
 * Receives what a {@link Watcher} emits. Implement {@link #onEvent}; every other method has a no-op
 * default.
 *
 * <p>A sink given to {@link Watcher.Builder#sink(EventSink)} (the primary sink) is called synchronously on
 * the thread that delivered the update, one call at a time, in order. A sink given to {@link
 * Watcher#subscribe} is called one call at a time on its own delivery lane,
 * in order per component, with notices, snapshots and the outcome after the events that preceded them; if
 * it falls behind it may skip intermediate states of a component, never the newest. A sink that throws is
 * logged with its {@link #name()} and counted; the watch goes on. Throw {@link
 * io.helmwatch.core.sink.RetryableSinkException} for a failure worth retrying. The watcher closes the sinks
 * it was given when it is closed, after their last delivery.
 *
 * @since 0.1
 */
public interface EventSink extends AutoCloseable {

  void onEvent(ComponentEvent event);

  /** A watch-level diagnostic. */
  default void onNotice(WatchNotice notice) {}

  /**
   * A raw log line routed to a component, for receivers that keep per-component logs. The watcher never
   * calls it; a log tailer does, directly or through a delivery lane, which
   * keeps lines in order with the events it was given.
   */
  default void onLog(ComponentLog log) {}

  /** The whole current state, for receivers that rebuild from snapshots. */
  default void onSnapshot(List<ComponentSnapshot> snapshot) {}

  /** The watch ended; nothing more is delivered except to continuous watches' snapshots. */
  default void onOutcome(WatchResult result) {}

  /** A name for logs and metrics. */
  default String name() {
    return getClass().getSimpleName().isEmpty() ? getClass().getName() : getClass().getSimpleName();
  }

  /** Releases resources; called once, after the last delivery. */
  @Override
  default void close() {}
}
