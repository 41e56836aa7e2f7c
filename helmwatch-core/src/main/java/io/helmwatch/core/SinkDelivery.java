package io.helmwatch.core;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls one sink synchronously, in the caller's order, and keeps its failures from reaching the watcher:
 * a throwing sink is logged with its name and counted, and delivery goes on.
 */
class SinkDelivery implements Subscription {
  private static final Logger log = LoggerFactory.getLogger(SinkDelivery.class);

  private final EventSink sink;
  private final LongAdder failures;
  private final Consumer<SinkDelivery> onClose;
  private final AtomicBoolean closed = new AtomicBoolean();

  SinkDelivery(EventSink sink, LongAdder failures, Consumer<SinkDelivery> onClose) {
    this.sink = sink;
    this.failures = failures;
    this.onClose = onClose;
  }

  void event(ComponentEvent event) {
    if (closed.get()) {
      return;
    }
    try {
      sink.onEvent(event);
    } catch (RuntimeException e) {
      failed("event for " + event.component(), e);
    }
  }

  void notice(WatchNotice notice) {
    if (closed.get()) {
      return;
    }
    try {
      sink.onNotice(notice);
    } catch (RuntimeException e) {
      failed("notice " + notice.kind(), e);
    }
  }

  void snapshot(List<ComponentSnapshot> snapshot) {
    if (closed.get()) {
      return;
    }
    try {
      sink.onSnapshot(snapshot);
    } catch (RuntimeException e) {
      failed("snapshot", e);
    }
  }

  void outcome(WatchResult result) {
    if (closed.get()) {
      return;
    }
    try {
      sink.onOutcome(result);
    } catch (RuntimeException e) {
      failed("outcome " + result.outcome(), e);
    }
  }

  private void failed(String what, RuntimeException e) {
    failures.increment();
    log.warn("Sink '{}' failed on {}: {}", sink.name(), what, e.toString(), e);
  }

  @Override
  public EventSink sink() {
    return sink;
  }

  @Override
  public boolean isActive() {
    return !closed.get();
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    onClose.accept(this);
    try {
      sink.close();
    } catch (RuntimeException e) {
      failed("close", e);
    }
  }
}
