package io.helmwatch.core;

import io.helmwatch.core.internal.Checks;
import io.helmwatch.core.internal.engine.SharedScheduler;
import java.time.Duration;

/**
 * Runs the watcher's timers (timeouts, periodic work). Injectable so tests control time; see {@code
 * helmwatch-testing}'s {@code ManualTime}.
 *
 * @since 0.1
 */
public interface Scheduler {

  /** Runs {@code task} once after {@code delay}. */
  Cancellable schedule(Runnable task, Duration delay);

  /** Runs {@code task} every {@code period}, first after one period. */
  default Cancellable scheduleAtFixedRate(Runnable task, Duration period) {
    Checks.positive(period, "period");
    final class Repeating implements Runnable, Cancellable {
      private volatile boolean cancelled;
      private volatile Cancellable next;

      Repeating() {
        next = schedule(this, period);
      }

      @Override
      public void run() {
        if (cancelled) {
          return;
        }
        try {
          task.run();
        } finally {
          if (!cancelled) {
            next = schedule(this, period);
          }
        }
      }

      @Override
      public void cancel() {
        cancelled = true;
        next.cancel();
      }
    }
    return new Repeating();
  }

  /** A handle to a scheduled task. */
  @FunctionalInterface
  interface Cancellable {
    void cancel();
  }

  /**
   * The scheduler watchers use unless told otherwise: one daemon thread, {@code helmwatch-timer}, shared by
   * every watcher in the JVM. Tasks run on it must be short: a watcher's tasks only hand their work to the
   * watcher's own thread. A task that throws is logged with its stack trace; later tasks still run.
   */
  static Scheduler shared() {
    return SharedScheduler.INSTANCE;
  }
}
