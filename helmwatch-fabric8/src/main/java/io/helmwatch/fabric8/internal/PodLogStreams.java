package io.helmwatch.fabric8.internal;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.BytesLimitTerminateTimeTailPrettyLoggable;
import io.helmwatch.fabric8.HelmControllerLogTailer;
import io.helmwatch.fabric8.LogStartPosition;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the log streams of all pods share: the tailer's thread, on which every stream is opened and
 * reopened (lines then arrive on fabric8's threads), the start position, the reconnect backoff, the
 * counters, and where lines and errors go. Creates one {@link PodLogStream} per container instance.
 */
public final class PodLogStreams {
  private static final Logger log = LoggerFactory.getLogger(HelmControllerLogTailer.class);
  /** The name of the tailer's thread: this, then the namespace. */
  public static final String THREAD_PREFIX = "helmwatch-log-tailer-";

  private final KubernetesClient client;
  private final String namespace;
  private final LogStartPosition start;
  private final long backoffMillis;
  private final long maxBackoffMillis;
  private final LogLineRouter router;
  private final TailerErrors errors;
  private final BooleanSupplier closed;
  private final LongAdder linesRead = new LongAdder();
  private final LongAdder attaches = new LongAdder();

  private volatile @Nullable ScheduledExecutorService executor;
  private volatile @Nullable Thread thread;
  private volatile Instant startedAt = Instant.EPOCH;

  /**
   * Streams of pods in {@code namespace}, reopened after {@code backoff} doubling up to {@code maxBackoff};
   * they stop attaching once {@code closed} says so.
   */
  public PodLogStreams(KubernetesClient client, String namespace, LogStartPosition start, Duration backoff,
      Duration maxBackoff, LogLineRouter router, TailerErrors errors, BooleanSupplier closed) {
    this.client = client;
    this.namespace = namespace;
    this.start = start;
    this.backoffMillis = backoff.toMillis();
    this.maxBackoffMillis = maxBackoff.toMillis();
    this.router = router;
    this.errors = errors;
    this.closed = closed;
  }

  /** Log lines read from every stream, routed or not. */
  public long linesRead() {
    return linesRead.sum();
  }

  /** Log stream requests made so far (first attaches, re-attaches and reconnects, refused ones included). */
  public long attachCount() {
    return attaches.sum();
  }

  /** Starts the tailer's thread; {@code startedAt} is the tailer's start, which {@link LogStartPosition#now()} means. */
  void start(Instant startedAt) {
    this.startedAt = startedAt;
    executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, THREAD_PREFIX + namespace);
      t.setDaemon(true);
      thread = t;
      return t;
    });
  }

  /** The tailer's start. */
  Instant startedAt() {
    return startedAt;
  }

  /**
   * A stream of {@code instance}, not attached yet; {@code preexisting} when its container ran before the
   * tailer started, so that it is read from the start position rather than from its first line; {@code
   * previousAfter} when the instance before it, of the same pod, was read up to that time.
   */
  PodLogStream create(ContainerInstance instance, boolean preexisting, @Nullable Instant previousAfter) {
    return new PodLogStream(this, instance, preexisting, previousAfter);
  }

  /**
   * Stops the tailer's thread, and off that thread waits for it to end (at most 10s each for the executor
   * and the thread): an attach in progress waits for the API server's answer and ends with the stream it
   * opened, which the caller has stopped.
   */
  void close() {
    ScheduledExecutorService e = executor;
    if (e == null) {
      return;
    }
    e.shutdownNow();
    if (Thread.currentThread() == thread) {
      return;
    }
    try {
      if (!e.awaitTermination(10, TimeUnit.SECONDS)) {
        log.warn("The log tailer's thread did not stop within 10s");
      }
      // The executor reads as terminated just before its thread's run() returns.
      Thread t = thread;
      if (t != null) {
        t.join(TimeUnit.SECONDS.toMillis(10));
      }
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
    }
  }

  // ------------------------------------------------------------ for the streams

  boolean isClosed() {
    return closed.getAsBoolean();
  }

  /** Runs {@code task} on the tailer's thread after {@code delayMillis}; nothing once closed. */
  void schedule(Runnable task, long delayMillis) {
    ScheduledExecutorService e = executor;
    if (e == null || isClosed()) {
      return;
    }
    try {
      e.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException ex) {
      // Closed meanwhile.
    }
  }

  /** The timestamped log request of one container. */
  BytesLimitTerminateTimeTailPrettyLoggable logOf(String pod, String container) {
    return client.pods().inNamespace(namespace).withName(pod).inContainer(container).usingTimestamps();
  }

  String namespace() {
    return namespace;
  }

  LogStartPosition startPosition() {
    return start;
  }

  long backoffMillis() {
    return backoffMillis;
  }

  long maxBackoffMillis() {
    return maxBackoffMillis;
  }

  void attaching() {
    attaches.increment();
  }

  void lineRead() {
    linesRead.increment();
  }

  LogLineRouter router() {
    return router;
  }

  void report(String message) {
    errors.report(message);
  }
}
