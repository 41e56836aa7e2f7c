package io.helmwatch.core.internal.engine;

import io.helmwatch.core.Scheduler;
import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** {@link Scheduler#shared()}: one daemon thread for every watcher in the JVM. */
public final class SharedScheduler implements Scheduler {
  public static final SharedScheduler INSTANCE = new SharedScheduler();

  private final ScheduledThreadPoolExecutor executor;

  private SharedScheduler() {
    executor = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "helmwatch-timer");
      t.setDaemon(true);
      return t;
    });
    executor.setRemoveOnCancelPolicy(true);
  }

  @Override
  public Cancellable schedule(Runnable task, Duration delay) {
    var future = executor.schedule(new GuardedTask(task), Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
    return () -> future.cancel(false);
  }
}
