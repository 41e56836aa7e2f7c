package io.helmwatch.fabric8.internal;

import io.helmwatch.core.ComponentId;
import io.helmwatch.core.ComponentLog;
import io.helmwatch.core.ComponentNamer;
import io.helmwatch.core.MessageRedactor;
import io.helmwatch.core.ReleaseFilter;
import io.helmwatch.core.ReleaseKey;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Routes a helm-controller log line to the component of the release it names ({@link
 * HelmControllerLogLine#parse}): the release becomes a key of the cluster, the filter decides whether it is
 * watched and the namer gives its id, both once per release; lines that name no watched release are
 * dropped. The message is redacted; the time is the line's own, else the kubelet's, else the clock's. A
 * target that throws (anything but an {@link OutOfMemoryError}) is reported at the 1st, 2nd, 4th, 8th...
 * failure, and the stream goes on. Called from the streams' threads,
 * concurrently for two pods.
 */
public final class LogLineRouter {
  /** Beyond this many releases seen in the log, the id cache starts over (a bound, not a working size). */
  private static final int MAX_CACHED_IDS = 10_000;
  private static final Object NOT_WATCHED = new Object();

  private final String cluster;
  private final ReleaseFilter filter;
  private final ComponentNamer namer;
  private final MessageRedactor redactor;
  private final Clock clock;
  private final Consumer<ComponentLog> target;
  private final TailerErrors errors;
  private final Map<ReleaseKey, Object> ids = new ConcurrentHashMap<>();
  private final LongAdder linesRouted = new LongAdder();
  private final AtomicLong targetFailures = new AtomicLong();

  /** Routes the lines about releases of {@code cluster} to {@code target}. */
  public LogLineRouter(String cluster, ReleaseFilter filter, ComponentNamer namer, MessageRedactor redactor,
      Clock clock, Consumer<ComponentLog> target, TailerErrors errors) {
    this.cluster = cluster;
    this.filter = filter;
    this.namer = namer;
    this.redactor = redactor;
    this.clock = clock;
    this.target = target;
    this.errors = errors;
  }

  /** Lines handed to the target. */
  public long linesRouted() {
    return linesRouted.sum();
  }

  /**
   * One line of a stream, without the kubelet's timestamp.
   *
   * @param epochSecond the kubelet timestamp's seconds, or {@link Long#MIN_VALUE} when the line has none
   */
  void route(CharSequence text, long epochSecond, int nano) {
    Optional<HelmControllerLogLine> parsed = HelmControllerLogLine.parse(text);
    if (parsed.isEmpty()) {
      return;
    }
    HelmControllerLogLine line = parsed.get();
    ComponentId id = idOf(line.release(cluster));
    if (id == null) {
      return;
    }
    Instant fallback = epochSecond != Long.MIN_VALUE ? Instant.ofEpochSecond(epochSecond, nano) : clock.instant();
    try {
      ComponentLog routed = redactor.redact(line.toComponentLog(id, fallback));
      // Counted before the hand-over, so whoever sees the line also sees it counted.
      linesRouted.increment();
      target.accept(routed);
    } catch (OutOfMemoryError e) {
      throw e;
    } catch (Throwable e) {
      long n = targetFailures.incrementAndGet();
      if (Long.bitCount(n) == 1) {
        errors.report("the log target failed on a line of " + id + " (" + n + " failures so far): "
            + ClientFailures.describe(e));
      }
    }
  }

  private @Nullable ComponentId idOf(ReleaseKey key) {
    Object known = ids.get(key);
    if (known == null) {
      if (ids.size() >= MAX_CACHED_IDS) {
        ids.clear();
      }
      known = filter.accept(key) ? namer.name(key) : NOT_WATCHED;
      ids.put(key, known);
    }
    return known instanceof ComponentId id ? id : null;
  }
}
