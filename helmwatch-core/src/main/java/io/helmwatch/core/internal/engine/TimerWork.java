package io.helmwatch.core.internal.engine;

import io.helmwatch.core.Scheduler;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Where a watcher's timer tasks (timeouts, the first-seen notice, periodic snapshots) do their work. That
 * work calls the synchronous primary sink under the watcher's lock, so on the JVM-wide {@link
 * Scheduler#shared()} thread a task only hands it to the watcher's own thread ({@code
 * helmwatch-watcher-timer-<n>}, started when work is due, gone after a minute idle): a slow sink then delays
 * only its own watcher. Handed-off work runs one piece at a time, in order; a task whose work still waits
 * is not queued again, so a stuck sink cannot pile up periodic snapshots.
 */
final class TimerWork {
  private static final AtomicInteger SEQUENCE = new AtomicInteger();

  /** {@code null}: the work runs on the scheduler's own thread. */
  private final @Nullable ThreadPoolExecutor executor;

  private TimerWork(@Nullable ThreadPoolExecutor executor) {
    this.executor = executor;
  }

  /** Work runs on the thread that runs the task: for a scheduler the caller injected and owns. */
  static TimerWork onSchedulerThread() {
    return new TimerWork(null);
  }

  /** Work runs on a thread of this watcher's own. */
  static TimerWork onOwnThread() {
    ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>(),
        r -> {
          Thread t = new Thread(r, "helmwatch-watcher-timer-" + SEQUENCE.incrementAndGet());
          t.setDaemon(true);
          return t;
        },
        // after shutdown the watch is over: work handed over late would only find it done
        new ThreadPoolExecutor.DiscardPolicy());
    executor.allowCoreThreadTimeOut(true);
    return new TimerWork(executor);
  }

  /** The task to schedule for {@code work}. */
  Runnable task(Runnable work) {
    Runnable guarded = new GuardedTask(work);
    ThreadPoolExecutor exec = executor;
    if (exec == null) {
      return guarded;
    }
    AtomicBoolean waiting = new AtomicBoolean();
    Runnable handedOff = () -> {
      waiting.set(false);
      guarded.run();
    };
    return () -> {
      if (waiting.compareAndSet(false, true)) {
        exec.execute(handedOff);
      }
    };
  }

  /** No more work is taken; what was handed over still runs, then the thread ends. */
  void shutdown() {
    if (executor != null) {
      executor.shutdown();
    }
  }
}
