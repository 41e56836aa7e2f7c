package io.helmwatch.core.internal.lane;

import io.helmwatch.core.ComponentEvent;
import io.helmwatch.core.ComponentId;
import io.helmwatch.core.ComponentState;
import io.helmwatch.core.EmissionCause;
import io.helmwatch.core.EventLevel;
import io.helmwatch.core.EventSink;
import io.helmwatch.core.ReleaseDetails;
import io.helmwatch.core.ReleaseKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A sink whose first call blocks, ignoring interrupts (it records them), until {@link #release()}; it records
 * every event it finishes and whether its close ran on an interrupted thread.
 */
final class GatedSink implements EventSink {
  static final Duration WAIT = Duration.ofSeconds(30);

  final List<ComponentEvent> received = new CopyOnWriteArrayList<>();
  private final CountDownLatch entered = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);
  private final CountDownLatch closed = new CountDownLatch(1);
  volatile boolean interruptedInCall;
  volatile boolean interruptedInClose;

  /** Event {@code i}, for component {@code c<i>}: no two coalesce. */
  static ComponentEvent event(int i) {
    return new ComponentEvent(ComponentId.of("c" + i), ReleaseKey.of("flux-system", "c" + i),
        ComponentState.INSTALLED, null, EmissionCause.FIRST_OBSERVATION, EventLevel.INFO, "e" + i, Instant.EPOCH,
        List.of(), ReleaseDetails.NONE);
  }

  @Override
  public void onEvent(ComponentEvent event) {
    if (entered.getCount() > 0) {
      entered.countDown();
      while (true) {
        try {
          release.await();
          break;
        } catch (InterruptedException e) {
          interruptedInCall = true;
        }
      }
    }
    received.add(event);
  }

  @Override
  public void close() {
    interruptedInClose = Thread.currentThread().isInterrupted();
    closed.countDown();
  }

  @Override
  public String name() {
    return "gated";
  }

  void awaitEntered() throws InterruptedException {
    if (!entered.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("the sink's first call did not start within " + WAIT);
    }
  }

  void release() {
    release.countDown();
  }

  boolean isClosed() {
    return closed.getCount() == 0;
  }
}
