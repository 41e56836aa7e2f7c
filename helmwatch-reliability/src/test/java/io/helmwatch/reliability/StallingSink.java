package io.helmwatch.reliability;

import io.helmwatch.core.ComponentEvent;
import io.helmwatch.core.EventSink;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A downstream that stalls mid-stream: from its {@code from}-th event it blocks {@code stall} on each of
 * {@code stalls} events (its own behaviour, on its lane's thread), then keeps up again. Meanwhile its lane
 * fills and must coalesce.
 */
final class StallingSink implements EventSink {
  private final EventSink delegate;
  private final Duration stall;
  private final int from;
  private final int stalls;
  private final AtomicInteger seen = new AtomicInteger();

  StallingSink(EventSink delegate, Duration stall, int from, int stalls) {
    this.delegate = delegate;
    this.stall = stall;
    this.from = from;
    this.stalls = stalls;
  }

  @Override
  public void onEvent(ComponentEvent event) {
    int n = seen.getAndIncrement();
    if (n >= from && n < from + stalls) {
      try {
        Thread.sleep(stall.toMillis()); // the slow sink being simulated, not a wait for an event
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    delegate.onEvent(event);
  }

  @Override
  public String name() {
    return "stalling";
  }
}
