package io.helmwatch.integration.watcher;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Holds a sink's call until the test lets go, and tells the test once a call is held. */
final class Hold {
  private final CountDownLatch entered = new CountDownLatch(1);
  private final CountDownLatch released = new CountDownLatch(1);

  /** Called from the sink: blocks until {@link #release()}. */
  void hold() {
    entered.countDown();
    try {
      released.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Waits up to {@code timeout} for a call to be held. */
  boolean awaitHeld(Duration timeout) throws InterruptedException {
    return entered.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  void release() {
    released.countDown();
  }
}
