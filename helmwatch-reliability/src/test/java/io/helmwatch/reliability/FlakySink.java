package io.helmwatch.reliability;

import io.helmwatch.core.ComponentEvent;
import io.helmwatch.core.EventSink;
import io.helmwatch.core.WatchNotice;
import io.helmwatch.core.sink.RetryableSinkException;
import java.util.concurrent.atomic.AtomicLong;

/** Fails every third call with a retryable error, as a flaky downstream would; passes the rest on. */
final class FlakySink implements EventSink {
  private final EventSink delegate;
  private final AtomicLong calls = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();

  FlakySink(EventSink delegate) {
    this.delegate = delegate;
  }

  @Override
  public void onEvent(ComponentEvent event) {
    maybeFail();
    delegate.onEvent(event);
  }

  @Override
  public void onNotice(WatchNotice notice) {
    maybeFail();
    delegate.onNotice(notice);
  }

  private void maybeFail() {
    if (calls.incrementAndGet() % 3 == 0) {
      failures.incrementAndGet();
      throw new RetryableSinkException("downstream refused call " + calls.get());
    }
  }

  long failures() {
    return failures.get();
  }

  @Override
  public String name() {
    return "flaky";
  }
}
