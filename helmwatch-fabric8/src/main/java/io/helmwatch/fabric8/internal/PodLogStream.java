package io.helmwatch.fabric8.internal;

import io.fabric8.kubernetes.client.dsl.BytesLimitTerminateTimeTailPrettyLoggable;
import io.fabric8.kubernetes.client.dsl.LogWatch;
import io.fabric8.kubernetes.client.dsl.Loggable;
import io.helmwatch.fabric8.HelmControllerLogTailer;
import io.helmwatch.fabric8.LogStartPosition;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log stream of one container instance, opened on the tailer's thread and reopened after a backoff
 * whenever it ends, until {@link #stop()}. The first stream of a container that ran before the tailer
 * starts at the {@linkplain LogStartPosition start position}, that of a later one at its first line; a
 * reopened stream asks from the second of the last line seen. Lines at or before {@code (skipSecond,
 * skipNano)} (or before it, unless {@code skipSeenToo}) were seen already or predate the start position.
 *
 * <p>The stream of a restarted container first reads, once, what the crashed instance wrote after the last
 * line its own stream saw ({@code previous=true}): its last lines, often the reason it crashed, may not have
 * been read before the restart was seen.
 */
final class PodLogStream implements LogLineSplitter.Lines {
  private static final Logger log = LoggerFactory.getLogger(HelmControllerLogTailer.class);

  private final PodLogStreams streams;
  private final ContainerInstance instance;
  private final String namespace;
  private final String pod;
  private final boolean preexisting;
  /** Lines of the previous instance after this were not seen; {@code null} once read, or when nothing is due. */
  private volatile @Nullable Instant previousAfter;
  private volatile boolean stopped;
  private volatile @Nullable LogWatch watch;
  private volatile @Nullable LogLineSplitter out;
  private volatile long skipSecond = Long.MIN_VALUE;
  private volatile int skipNano;
  private volatile boolean skipSeenToo;
  private volatile boolean seenAny;
  private volatile long linesThisAttach;
  private long backoff;

  PodLogStream(PodLogStreams streams, ContainerInstance instance, boolean preexisting,
      @Nullable Instant previousAfter) {
    this.streams = streams;
    this.instance = instance;
    this.namespace = streams.namespace();
    this.pod = instance.pod();
    this.preexisting = preexisting;
    this.previousAfter = previousAfter;
    this.backoff = streams.backoffMillis();
  }

  ContainerInstance instance() {
    return instance;
  }

  /**
   * The time after which this instance's lines were not seen: that of the last line read, else the start
   * position, else (an instance read from its first line that wrote nothing yet) the epoch; {@code null} for
   * a tail start that saw no line.
   */
  @Nullable Instant unseenAfter() {
    if (skipSecond != Long.MIN_VALUE) {
      Instant at = Instant.ofEpochSecond(skipSecond, skipNano);
      return seenAny || skipSeenToo ? at : at.minusNanos(1);
    }
    return preexisting ? null : Instant.EPOCH;
  }

  /** {@code true} while a stream is open. */
  boolean isAttached() {
    return watch != null;
  }

  /** Opens the stream on the tailer's thread. */
  void attachSoon() {
    schedule(0);
  }

  private void schedule(long delayMillis) {
    if (!stopped) {
      streams.schedule(this::attach, delayMillis);
    }
  }

  /** On the tailer's thread. */
  private void attach() {
    if (stopped || streams.isClosed()) {
      return;
    }
    Instant previous = previousAfter;
    if (previous != null) {
      previousAfter = null;
      readPrevious(previous);
      if (stopped || streams.isClosed()) {
        return;
      }
    }
    LogLineSplitter splitter = new LogLineSplitter(this, true);
    // Before the request: fabric8 may deliver the first lines on its own thread before watchLog returns.
    linesThisAttach = 0;
    streams.attaching();
    LogWatch w;
    try {
      w = request().watchLog(splitter);
    } catch (RuntimeException e) {
      if (!stopped && !streams.isClosed()) {
        streams.report("log of pod " + namespace + "/" + pod + ": " + ClientFailures.describe(e));
        schedule(nextBackoff(false));
      }
      return;
    }
    out = splitter;
    watch = w;
    if (stopped || streams.isClosed()) {
      stop();
      return;
    }
    w.onClose().whenComplete((error, failure) -> ended(splitter, error != null ? error : failure));
  }

  /** Routes what the previous instance of the container wrote after {@code after}; on the tailer's thread. */
  private void readPrevious(Instant after) {
    String text;
    try {
      text = streams.logOf(pod, instance.container()).terminated().sinceTime(KubeletTime.sinceTime(after)).getLog();
    } catch (RuntimeException e) {
      if (!stopped && !streams.isClosed()) {
        streams.report("log of the previous container of pod " + namespace + "/" + pod + ": "
            + ClientFailures.describe(e));
      }
      return;
    }
    LogLineSplitter splitter = new LogLineSplitter((line, second, nano) -> {
      if (stopped || second != Long.MIN_VALUE && !Instant.ofEpochSecond(second, nano).isAfter(after)) {
        return;
      }
      streams.lineRead();
      streams.router().route(line, second, nano);
    }, true);
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    splitter.write(bytes, 0, bytes.length);
    // A last line without its end of line.
    splitter.write('\n');
  }

  private Loggable request() {
    BytesLimitTerminateTimeTailPrettyLoggable loggable = streams.logOf(pod, instance.container());
    if (seenAny) {
      return loggable.sinceTime(KubeletTime.sinceTime(Instant.ofEpochSecond(skipSecond, skipNano)));
    }
    if (!preexisting) {
      return loggable;
    }
    LogStartPosition start = streams.startPosition();
    if (start instanceof LogStartPosition.Tail tail) {
      return loggable.tailingLines(tail.lines());
    }
    Instant from = start instanceof LogStartPosition.Since since ? since.time() : streams.startedAt();
    skipSecond = from.getEpochSecond();
    skipNano = from.getNano();
    skipSeenToo = false;
    return loggable.sinceTime(KubeletTime.sinceTime(from));
  }

  private void ended(LogLineSplitter splitter, @Nullable Throwable error) {
    splitter.close();
    CharSequence rest = splitter.remainder();
    if (!stopped && isApiStatus(rest)) {
      streams.report("log of pod " + namespace + "/" + pod + " refused: " + firstChars(rest, 300));
    }
    watch = null;
    if (stopped || streams.isClosed()) {
      return;
    }
    if (error != null) {
      streams.report("log stream of pod " + namespace + "/" + pod + " broke, reopening: "
          + ClientFailures.describe(error));
    } else {
      log.debug("Log stream of pod {}/{} ended; reopening", namespace, pod);
    }
    schedule(nextBackoff(linesThisAttach > 0));
  }

  private long nextBackoff(boolean progressed) {
    if (progressed) {
      backoff = streams.backoffMillis();
    } else {
      long current = backoff;
      backoff = Math.min(streams.maxBackoffMillis(), backoff * 2);
      return current;
    }
    return backoff;
  }

  @Override
  public void line(CharSequence text, long epochSecond, int nano) {
    if (stopped) {
      return;
    }
    if (epochSecond == Long.MIN_VALUE && isApiStatus(text)) {
      // fabric8 writes an error answer into the log stream as if it were the log; every real line of a
      // timestamped stream starts with its time.
      streams.report("log of pod " + namespace + "/" + pod + " refused: " + firstChars(text, 300));
      return;
    }
    streams.lineRead();
    if (epochSecond != Long.MIN_VALUE) {
      if (skipSecond != Long.MIN_VALUE) {
        int c = epochSecond != skipSecond ? Long.compare(epochSecond, skipSecond) : Integer.compare(nano, skipNano);
        if (c < 0 || c == 0 && skipSeenToo) {
          return;
        }
      }
      skipSecond = epochSecond;
      skipNano = nano;
      skipSeenToo = true;
      seenAny = true;
    }
    linesThisAttach++;
    streams.router().route(text, epochSecond, nano);
  }

  /** Closes the stream, if open, and opens none again. */
  void stop() {
    stopped = true;
    LogLineSplitter s = out;
    if (s != null) {
      s.close();
    }
    LogWatch w = watch;
    watch = null;
    if (w != null) {
      try {
        w.close();
      } catch (RuntimeException e) {
        log.debug("Closing the log stream of pod {}/{} failed: {}", namespace, pod, e.toString());
      }
    }
  }

  private static boolean isApiStatus(CharSequence text) {
    String marker = "\"kind\":\"Status\"";
    int limit = Math.min(text.length() - marker.length(), 64);
    for (int i = 0; i <= limit; i++) {
      boolean match = true;
      for (int j = 0; j < marker.length() && match; j++) {
        match = text.charAt(i + j) == marker.charAt(j);
      }
      if (match) {
        return true;
      }
    }
    return false;
  }

  private static String firstChars(CharSequence text, int n) {
    return text.length() <= n ? text.toString() : text.subSequence(0, n) + "…";
  }
}
