package io.helmwatch.fabric8.internal;

import io.helmwatch.fabric8.Fabric8ReleaseSource;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits for the HelmRelease CRD on a thread of its own: runs the probe (a request that answers 404 while
 * the API server does not serve HelmReleases) now, and after each 404 again, the pause doubling up to a
 * maximum. Any other answer, a success or another failure, ends the wait: the informer reports and retries
 * the other failures itself. The thread exists only while waiting.
 */
final class CrdWait {
  private static final Logger log = LoggerFactory.getLogger(Fabric8ReleaseSource.class);
  /** The name of the waiting thread: this, then the cluster's name. */
  static final String THREAD_PREFIX = "helmwatch-crd-wait-";

  private final String cluster;
  private final Runnable probe;
  private final Duration max;
  private final BooleanSupplier closed;
  private final BiConsumer<Duration, RuntimeException> onMissing;
  private final Runnable onFound;
  private final ScheduledThreadPoolExecutor scheduler;
  private volatile @Nullable Thread thread;

  /**
   * @param onMissing called after each 404, with the pause before the next probe
   * @param onFound called once, on the waiting thread, when the probe did not answer 404
   */
  CrdWait(String cluster, Runnable probe, Duration max, BooleanSupplier closed,
      BiConsumer<Duration, RuntimeException> onMissing, Runnable onFound) {
    this.cluster = cluster;
    this.probe = probe;
    this.max = max;
    this.closed = closed;
    this.onMissing = onMissing;
    this.onFound = onFound;
    this.scheduler = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, THREAD_PREFIX + cluster);
      t.setDaemon(true);
      thread = t;
      return t;
    });
    scheduler.setRemoveOnCancelPolicy(true);
  }

  /** Probes now; returns at once. {@code initial} is the pause after the first 404. */
  void start(Duration initial) {
    submit(() -> probe(initial), Duration.ZERO);
  }

  /** Stops waiting; off the waiting thread, also waits for a probe in flight to end. */
  void close() {
    scheduler.shutdownNow();
    if (Thread.currentThread() == thread) {
      return;
    }
    // A probe in flight is interrupted by shutdownNow; its request ends soon after, well within this bound.
    try {
      if (!scheduler.awaitTermination(10, TimeUnit.SECONDS)) {
        log.warn("The CRD check of cluster '{}' did not end within 10s of close()", cluster);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** One check, and what follows from it; whatever it throws but an OutOfMemoryError is logged here. */
  private void probe(Duration delay) {
    try {
      probeOnce(delay);
    } catch (OutOfMemoryError e) {
      throw e;
    } catch (Throwable e) {
      // The executor would keep it in a future nobody reads.
      log.error("Waiting for the HelmRelease CRD of cluster '{}' failed: {}", cluster, e.toString(), e);
    }
  }

  private void probeOnce(Duration delay) {
    if (closed.getAsBoolean()) {
      return;
    }
    try {
      probe.run();
    } catch (RuntimeException e) {
      if (ClientFailures.isNotFound(e) && !closed.getAsBoolean()) {
        onMissing.accept(delay, e);
        Duration doubled = delay.multipliedBy(2);
        submit(() -> probe(doubled.compareTo(max) > 0 ? max : doubled), delay);
        return;
      }
    } catch (OutOfMemoryError e) {
      throw e;
    } catch (Throwable e) {
      // A failure like any other but a 404: the informer, started below, reports and retries its own.
      log.warn("The HelmRelease CRD check of cluster '{}' failed: {}; starting the watch", cluster, e.toString(),
          e);
    }
    if (closed.getAsBoolean()) {
      return;
    }
    onFound.run();
    // Not needed once the informer runs: no thread of the source's own is left while it watches.
    scheduler.shutdown();
  }

  private void submit(Runnable task, Duration delay) {
    try {
      scheduler.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // Shut down by close(): nothing is waited for any more.
    }
  }
}
