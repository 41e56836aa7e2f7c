package io.helmwatch.fabric8.internal;

import io.helmwatch.fabric8.Fabric8ReleaseSource;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the check that comes before a source's informer (reading the served HelmRelease versions, waiting for
 * the CRD) on a thread of its own: now, and, as long as the check asks for another look, again after a
 * pause that doubles up to a maximum. The thread exists only until the check is done or the wait is closed.
 */
final class ApiWait {
  private static final Logger log = LoggerFactory.getLogger(Fabric8ReleaseSource.class);
  /** The name of the checking thread: this, then the cluster's name. */
  static final String THREAD_PREFIX = "helmwatch-crd-wait-";

  private final String cluster;
  private final Predicate<Duration> check;
  private final Duration max;
  private final BooleanSupplier closed;
  private final ScheduledThreadPoolExecutor scheduler;
  private volatile @Nullable Thread thread;

  /**
   * @param check one look, given the pause before the next one (for its message); {@code true} when done,
   *     {@code false} to look again after that pause
   */
  ApiWait(String cluster, Predicate<Duration> check, Duration max, BooleanSupplier closed) {
    this.cluster = cluster;
    this.check = check;
    this.max = max;
    this.closed = closed;
    this.scheduler = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, THREAD_PREFIX + cluster);
      t.setDaemon(true);
      thread = t;
      return t;
    });
    scheduler.setRemoveOnCancelPolicy(true);
  }

  /** Checks now; returns at once. {@code initial} is the pause after the first check that asks for another. */
  void start(Duration initial) {
    submit(() -> look(initial), Duration.ZERO);
  }

  /** Stops checking; off the checking thread, also waits for a check in flight to end. */
  void close() {
    scheduler.shutdownNow();
    if (Thread.currentThread() == thread) {
      return;
    }
    // A check in flight is interrupted by shutdownNow; its request ends soon after, well within this bound.
    try {
      if (!scheduler.awaitTermination(10, TimeUnit.SECONDS)) {
        log.warn("The HelmRelease API check of cluster '{}' did not end within 10s of close()", cluster);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** One check, and what follows from it; whatever it throws but an OutOfMemoryError is logged here. */
  private void look(Duration delay) {
    if (closed.getAsBoolean()) {
      return;
    }
    boolean done;
    try {
      done = check.test(delay);
    } catch (OutOfMemoryError e) {
      throw e;
    } catch (Throwable e) {
      // The executor would keep it in a future nobody reads.
      log.error("Checking the HelmRelease API of cluster '{}' failed: {}", cluster, e.toString(), e);
      done = true;
    }
    if (done || closed.getAsBoolean()) {
      // Not needed once the informer runs: no thread of the source's own is left while it watches.
      scheduler.shutdown();
      return;
    }
    Duration doubled = delay.multipliedBy(2);
    submit(() -> look(doubled.compareTo(max) > 0 ? max : doubled), delay);
  }

  private void submit(Runnable task, Duration delay) {
    try {
      scheduler.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // Shut down by close(): nothing is waited for any more.
    }
  }
}
