package io.helmwatch.fabric8;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.helmwatch.core.ComponentLog;
import io.helmwatch.core.ComponentNamer;
import io.helmwatch.core.EventSink;
import io.helmwatch.core.MessageRedactor;
import io.helmwatch.core.ReleaseFilter;
import io.helmwatch.core.ReleaseSelection;
import io.helmwatch.core.ReleaseSource;
import io.helmwatch.core.ReleaseKey;
import io.helmwatch.fabric8.internal.HelmControllerPods;
import io.helmwatch.fabric8.internal.LogLineRouter;
import io.helmwatch.fabric8.internal.PodLogStreams;
import io.helmwatch.fabric8.internal.TailerErrors;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the logs of the helm-controller pods and routes each line that names a watched HelmRelease to its
 * component as a {@link ComponentLog}: one log stream per pod (not per release), whatever the number of
 * releases.
 *
 * <pre>{@code
 * JobsBridge bridge = JobsBridge.builder(store, "kit").build();
 * try (HelmControllerLogTailer tailer = HelmControllerLogTailer.builder(client)
 *     .namePrefix("bp-")          // the same naming as the Watcher's, so ids match
 *     .sink(bridge)               // or .target(log -> ...)
 *     .build()) {
 *   tailer.start();
 *   ...
 * }
 * }</pre>
 *
 * <p><b>Pods.</b> An informer lists and watches the pods matching the {@linkplain Builder#podSelector
 * selector} (default {@code app=helm-controller}) in the {@linkplain Builder#namespace namespace} (default
 * {@code flux-system}). A pod whose container is running gets a stream; a new pod, a new pod under the same
 * name (another uid) or a container restart (a higher restart count) closes the old stream and opens one for
 * the new container; a deleted pod's stream is closed. The container is the {@linkplain Builder#container
 * named} one, else the pod's first.
 *
 * <p><b>Where a stream starts.</b> Streams ask for the kubelet's timestamps, so the tailer knows where it
 * is in each container's log. A container that was already running when the tailer started is read from
 * the {@linkplain Builder#startAt start position}, by default from the tailer's start on; one that started
 * after the tailer is read from its first line, so a restarted or replaced helm-controller loses nothing;
 * the stream of a restarted container first reads what the crashed one wrote after the last line seen, from
 * the previous container's log ({@code previous=true}), so its last lines are not lost either.
 * A stream that ends while its container still runs (the API server or a proxy cut the connection) is
 * reopened after a {@linkplain Builder#reconnectBackoff backoff} from the last line seen, and lines already
 * seen are skipped by their timestamp.
 *
 * <p><b>Routing.</b> Each line is read for the HelmRelease it names, in every shape helm-controller has
 * written: the {@code "HelmRelease":{"name":..,"namespace":..}} reference (or v0.24's {@code "helmRelease"}),
 * in JSON or in the JSON context of {@code --log-encoding=console}; {@code name}/{@code namespace} with
 * {@code "reconciler kind":"HelmRelease"} (event echoes, and helm-controller v0.5 to v0.23); v0.4's {@code
 * "request":"ns/name"}. A malformed line, or one about another kind, names none. The message is {@code msg},
 * with {@code ": "} and the line's {@code error} when it has one. The release becomes a {@link
 * ReleaseKey} of the {@linkplain Builder#cluster cluster}, the {@linkplain Builder#filter filter} decides
 * whether it is watched and the {@linkplain Builder#namer namer} gives its id (both once per release); lines
 * that name no watched release are dropped. The time is the line's own, else the kubelet's, else the
 * {@linkplain Builder#clock clock}'s. The target is called from the streams' threads: in order for one pod,
 * concurrently for two pods (during a helm-controller rollout).
 *
 * <p><b>Errors</b> (a failed list or watch of pods, a log request refused, a stream that broke, a target
 * that threw) go to the {@linkplain Builder#onError error callback}, by default a WARN log, as one line that
 * names the pod and the HTTP status, never a credential; the tailer retries on its own.
 *
 * <p><b>Permissions</b> (all reads): {@code get}, {@code list} and {@code watch} on {@code pods}, and {@code
 * get} on {@code pods/log}, in the namespace.
 *
 * <p>{@link #close()} stops the informer, every stream and the tailer's thread; idempotent. A tailer is
 * started once. The client is the caller's and stays open.
 *
 * @since 0.1
 */
public final class HelmControllerLogTailer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HelmControllerLogTailer.class);

  /** The namespace Flux installs its controllers in. */
  public static final String DEFAULT_NAMESPACE = "flux-system";
  /** The label Flux puts on helm-controller pods. */
  public static final String DEFAULT_POD_SELECTOR = "app=helm-controller";

  private final Clock clock;
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final LogLineRouter router;
  private final PodLogStreams streams;
  private final HelmControllerPods pods;

  private HelmControllerLogTailer(Builder b) {
    this.clock = b.clock;
    TailerErrors errors = new TailerErrors(b.errors);
    this.router = new LogLineRouter(b.cluster, b.filter, b.namer, b.redactor, b.clock,
        Objects.requireNonNull(b.target), errors);
    this.streams = new PodLogStreams(b.client, b.namespace, b.start, b.backoff, b.maxBackoff, router, errors,
        closed::get);
    this.pods = new HelmControllerPods(b.client, b.namespace, b.podSelector, b.container, b.cluster, streams,
        errors, closed::get);
  }

  /** A builder over {@code client}, which the tailer uses and never closes. */
  public static Builder builder(KubernetesClient client) {
    return new Builder(client);
  }

  /**
   * Starts watching the pods; streams open as pods are found. Returns at once.
   *
   * @throws IllegalStateException when started before or closed
   */
  public void start() {
    if (closed.get()) {
      throw new IllegalStateException("HelmControllerLogTailer is closed");
    }
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException("HelmControllerLogTailer is already started");
    }
    pods.start(clock.instant());
  }

  /** The pods whose log is being read now, by name, sorted. */
  public List<String> attachedPods() {
    return pods.attachedPods();
  }

  /** Log lines read from every stream, routed or not. */
  public long linesRead() {
    return streams.linesRead();
  }

  /** Log lines handed to the target. */
  public long linesRouted() {
    return router.linesRouted();
  }

  /** Log stream requests made so far (first attaches, re-attaches and reconnects, refused ones included). */
  public long attachCount() {
    return streams.attachCount();
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      pods.close();
    }
  }

  /** Configures a {@link HelmControllerLogTailer}. Validates eagerly. */
  public static final class Builder {
    private final KubernetesClient client;
    private String namespace = DEFAULT_NAMESPACE;
    private String podSelector = DEFAULT_POD_SELECTOR;
    private @Nullable String container;
    private String cluster = ReleaseKey.PRIMARY;
    private ComponentNamer namer = ComponentNamer.releaseName();
    private ReleaseFilter filter = ReleaseFilter.all();
    private @Nullable Consumer<ComponentLog> target;
    private MessageRedactor redactor = MessageRedactor.defaults();
    private Clock clock = Clock.systemUTC();
    private LogStartPosition start = LogStartPosition.now();
    private Duration backoff = Duration.ofSeconds(1);
    private Duration maxBackoff = Duration.ofSeconds(30);
    private Consumer<String> errors = message -> log.warn("helm-controller log tailer: {}", message);

    private Builder(KubernetesClient client) {
      this.client = Objects.requireNonNull(client, "client");
    }

    /** The namespace of the helm-controller pods. Default {@value #DEFAULT_NAMESPACE}. */
    public Builder namespace(String namespace) {
      this.namespace = notBlank(namespace, "namespace");
      return this;
    }

    /** The label selector of the helm-controller pods. Default {@value #DEFAULT_POD_SELECTOR}. */
    public Builder podSelector(String selector) {
      this.podSelector = notBlank(selector, "pod selector");
      return this;
    }

    /** The container to read. Default: the pod's first container ({@code manager} in Flux). */
    public Builder container(String container) {
      this.container = notBlank(container, "container");
      return this;
    }

    /** The cluster's name in {@link ReleaseKey}s, as the release source names it. Default {@value ReleaseKey#PRIMARY}. */
    public Builder cluster(String cluster) {
      this.cluster = notBlank(cluster, "cluster");
      return this;
    }

    /** Gives each release its id; use the Watcher's. Default the release name. */
    public Builder namer(ComponentNamer namer) {
      this.namer = Objects.requireNonNull(namer, "namer");
      return this;
    }

    /** Releases whose lines are routed; use the Watcher's. Default all. */
    public Builder filter(ReleaseFilter filter) {
      this.filter = Objects.requireNonNull(filter, "filter");
      return this;
    }

    /** Like {@code Watcher.Builder.namePrefix}: only releases named {@code prefix...}, ids without it. */
    public Builder namePrefix(String prefix) {
      return selection(ReleaseSelection.namePrefix(prefix));
    }

    /** The releases whose lines are routed and their ids, for a source in one namespace: pass the watcher's. */
    public Builder selection(ReleaseSelection selection) {
      this.filter = selection.filter();
      this.namer = selection.namer(false);
      return this;
    }

    /**
     * Like {@link #selection(ReleaseSelection)}, with the ids a watcher over {@code source} gives: qualified with
     * the namespace when the source {@linkplain ReleaseSource#spansNamespaces() spans namespaces}.
     */
    public Builder selection(ReleaseSelection selection, ReleaseSource source) {
      this.filter = selection.filter();
      this.namer = selection.namer(source.spansNamespaces());
      return this;
    }

    /** Receives every routed line. */
    public Builder target(Consumer<ComponentLog> target) {
      this.target = Objects.requireNonNull(target, "target");
      return this;
    }

    /** Routes lines to {@code sink}'s {@link EventSink#onLog}, e.g. a {@code JobsBridge}. Not closed by the tailer. */
    public Builder sink(EventSink sink) {
      Objects.requireNonNull(sink, "sink");
      this.target = sink::onLog;
      return this;
    }

    /** Tells the tailer's start (for the start position) and stamps lines that carry no time. Default UTC. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Where containers running at start are read from. Default {@link LogStartPosition#now()}. */
    public Builder startAt(LogStartPosition position) {
      this.start = Objects.requireNonNull(position, "position");
      return this;
    }

    /** {@code startAt(LogStartPosition.now())}: from the tailer's start on (the default). */
    public Builder startFromNow() {
      return startAt(LogStartPosition.now());
    }

    /** {@code startAt(LogStartPosition.since(since))}, e.g. the time of the last line kept. */
    public Builder startSince(Instant since) {
      return startAt(LogStartPosition.since(since));
    }

    /** {@code startAt(LogStartPosition.tail(lines))}: from their last {@code lines} lines on. */
    public Builder startWithTail(int lines) {
      return startAt(LogStartPosition.tail(lines));
    }

    /**
     * Wait {@code initial} before reopening a stream that ended, doubling up to {@code max} while reopening
     * yields no line. Default 1s to 30s.
     */
    public Builder reconnectBackoff(Duration initial, Duration max) {
      Objects.requireNonNull(initial, "initial backoff");
      Objects.requireNonNull(max, "max backoff");
      if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
        throw new IllegalArgumentException("backoff must be positive and max at least initial, was "
            + initial + " to " + max);
      }
      this.backoff = initial;
      this.maxBackoff = max;
      return this;
    }

    /** Receives one line per error (no credentials in it). Default a WARN log. */
    public Builder onError(Consumer<String> errors) {
      this.errors = Objects.requireNonNull(errors, "errors");
      return this;
    }

    /**
     * Masks secrets in each line before the target sees it, like the Watcher does for condition messages.
     * Default {@link MessageRedactor#defaults()}; {@link MessageRedactor#none()} turns it off.
     */
    public Builder redactor(MessageRedactor redactor) {
      this.redactor = Objects.requireNonNull(redactor, "redactor");
      return this;
    }

    /**
     * @throws IllegalStateException when no target was given
     */
    public HelmControllerLogTailer build() {
      if (target == null) {
        throw new IllegalStateException("HelmControllerLogTailer needs a target(...) or a sink(...) for the lines");
      }
      return new HelmControllerLogTailer(this);
    }

    private static String notBlank(String value, String what) {
      Objects.requireNonNull(value, what + " must not be null");
      if (value.isBlank()) {
        throw new IllegalArgumentException(what + " must not be blank");
      }
      return value;
    }
  }
}
