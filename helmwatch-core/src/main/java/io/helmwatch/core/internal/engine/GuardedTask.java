package io.helmwatch.core.internal.engine;

import io.helmwatch.core.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a timer task so that what it throws is logged with its stack trace: left alone, an exception would
 * vanish into a scheduled future, or end the thread that ran it.
 */
final class GuardedTask implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(Scheduler.class);

  private final Runnable task;

  GuardedTask(Runnable task) {
    this.task = task;
  }

  @Override
  public void run() {
    try {
      task.run();
    } catch (RuntimeException e) {
      log.error("A helmwatch timer task failed; later tasks still run: {}", e.toString(), e);
    } catch (Error e) {
      log.error("A helmwatch timer task failed: {}", e.toString(), e);
      throw e;
    }
  }
}
