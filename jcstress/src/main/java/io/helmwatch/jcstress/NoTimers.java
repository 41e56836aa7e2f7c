package io.helmwatch.jcstress;

import io.helmwatch.core.Scheduler;
import java.time.Duration;

/** A scheduler that never fires: the races under test involve no timer, and millions of watchers need none. */
enum NoTimers implements Scheduler {
  INSTANCE;

  @Override
  public Cancellable schedule(Runnable task, Duration delay) {
    return () -> { };
  }

  @Override
  public Cancellable scheduleAtFixedRate(Runnable task, Duration period) {
    return () -> { };
  }
}
