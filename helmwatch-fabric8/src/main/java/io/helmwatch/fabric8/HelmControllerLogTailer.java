package io.helmwatch.fabric8;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.BytesLimitTerminateTimeTailPrettyLoggable;
import io.fabric8.kubernetes.client.dsl.LogWatch;
import io.fabric8.kubernetes.client.dsl.Loggable;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.helmwatch.core.ComponentId;
import io.helmwatch.core.ComponentLog;
import io.helmwatch.core.ComponentNamer;
import io.helmwatch.core.EventSink;
import io.helmwatch.core.MessageRedactor;
import io.helmwatch.core.ReleaseFilter;
import io.helmwatch.core.ReleaseKey;
import io.helmwatch.fabric8.internal.ClientFailures;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
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
 * is in each container's log:
 *
 * <ul>
 *   <li>a container that was already running when the tailer started (its {@code startedAt} is before the
 *       tailer's start, or unknown) is read from the {@linkplain Builder#startAt start position}: by default
 *       from the tailer's start on, so restarting the process that runs the tailer does not replay the
 *       controller's whole log into the jobs table; {@link LogStartPosition#since(Instant)} resumes from a
 *       saved time and {@link LogStartPosition#tail(int)} replays the last lines;
 *   <li>a container that started after the tailer is read from its first line: a restarted or replaced
 *       helm-controller loses nothing;
 *   <li>a stream that ends while its container still runs (the API server or a proxy cut the connection)
 *       is reopened after a {@linkplain Builder#reconnectBackoff backoff} from the last line seen, and lines
 *       already seen are skipped by their timestamp.
 * </ul>
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
 */
public final class HelmControllerLogTailer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HelmControllerLogTailer.class);

  /** The namespace Flux installs its controllers in. */
  public static final String DEFAULT_NAMESPACE = "flux-system";
  /** The label Flux puts on helm-controller pods. */
  public static final String DEFAULT_POD_SELECTOR = "app=helm-controller";

  /** Beyond this many releases seen in the log, the id cache starts over (a bound, not a working size). */
  private static final int MAX_CACHED_IDS = 10_000;
  private static final Object NOT_WATCHED = new Object();

  private final KubernetesClient client;
  private final String namespace;
  private final String podSelector;
  private final @Nullable String container;
  private final String cluster;
  private final ComponentNamer namer;
  private final ReleaseFilter filter;
  private final Consumer<ComponentLog> target;
  private final MessageRedactor redactor;
  private final Clock clock;
  private final LogStartPosition start;
  private final long backoffMillis;
  private final long maxBackoffMillis;
  private final Consumer<String> errors;

  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Object lock = new Object();
  private final Map<String, PodStream> streams = new HashMap<>();
  private final Map<ReleaseKey, Object> ids = new ConcurrentHashMap<>();
  private final LongAdder linesRead = new LongAdder();
  private final LongAdder linesRouted = new LongAdder();
  private final LongAdder attaches = new LongAdder();
  private final AtomicLong targetFailures = new AtomicLong();

  private volatile @Nullable ScheduledExecutorService executor;
  private volatile @Nullable SharedIndexInformer<Pod> informer;
  private volatile Instant startedAt = Instant.EPOCH;
  private volatile @Nullable Thread tailerThread;

  private HelmControllerLogTailer(Builder b) {
    this.client = b.client;
    this.namespace = b.namespace;
    this.podSelector = b.podSelector;
    this.container = b.container;
    this.cluster = b.cluster;
    this.namer = b.namer;
    this.filter = b.filter;
    this.target = Objects.requireNonNull(b.target);
    this.redactor = b.redactor;
    this.clock = b.clock;
    this.start = b.start;
    this.backoffMillis = b.backoff.toMillis();
    this.maxBackoffMillis = b.maxBackoff.toMillis();
    this.errors = b.errors;
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
    startedAt = clock.instant();
    executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "helmwatch-log-tailer-" + namespace);
      t.setDaemon(true);
      tailerThread = t;
      return t;
    });
    SharedIndexInformer<Pod> i = client.pods().inNamespace(namespace).withLabelSelector(podSelector)
        .runnableInformer(0);
    i.exceptionHandler((isStarted, t) -> {
      if (!closed.get()) {
        report("pods " + podSelector + " in " + namespace + ": " + (isStarted ? "watch" : "list")
            + " failed, retrying: " + ClientFailures.describe(t));
      }
      return !closed.get();
    });
    i.addEventHandler(new PodHandler());
    informer = i;
    log.info("Tailing the logs of pods {} in namespace {} for cluster '{}'", podSelector, namespace, cluster);
    i.start().whenComplete((v, t) -> {
      if (t != null && !closed.get()) {
        report("pods " + podSelector + " in " + namespace + ": initial list failed: "
            + ClientFailures.describe(t));
      }
    });
    if (closed.get()) {
      i.stop();
    }
  }

  /** The pods whose log is being read now, by name, sorted. */
  public List<String> attachedPods() {
    List<String> pods = new ArrayList<>();
    synchronized (lock) {
      for (PodStream s : streams.values()) {
        if (s.watch != null) {
          pods.add(s.pod);
        }
      }
    }
    pods.sort(null);
    return pods;
  }

  /** Log lines read from every stream, routed or not. */
  public long linesRead() {
    return linesRead.sum();
  }

  /** Log lines handed to the target. */
  public long linesRouted() {
    return linesRouted.sum();
  }

  /** Log stream requests made so far (first attaches, re-attaches and reconnects, refused ones included). */
  public long attachCount() {
    return attaches.sum();
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    SharedIndexInformer<Pod> i = informer;
    if (i != null) {
      try {
        i.stop();
      } catch (RuntimeException e) {
        log.warn("Stopping the pod informer failed: {}", e.toString());
      }
    }
    List<PodStream> open;
    synchronized (lock) {
      open = new ArrayList<>(streams.values());
      streams.clear();
    }
    open.forEach(PodStream::stop);
    ScheduledExecutorService e = executor;
    if (e != null) {
      e.shutdownNow();
      if (Thread.currentThread() != tailerThread) {
        try {
          // An attach in progress waits for the API server's answer; it ends with the stream it opened.
          if (!e.awaitTermination(10, TimeUnit.SECONDS)) {
            log.warn("The log tailer's thread did not stop within 10s");
          }
          // The executor reads as terminated just before its thread's run() returns.
          Thread t = tailerThread;
          if (t != null) {
            t.join(TimeUnit.SECONDS.toMillis(10));
          }
        } catch (InterruptedException ex) {
          Thread.currentThread().interrupt();
        }
      }
    }
    log.debug("Stopped tailing pods {} in namespace {}", podSelector, namespace);
  }

  // ------------------------------------------------------------ pods

  /** Called on the informer's thread for every add and update. */
  private void reconcile(Pod pod) {
    String name = pod.getMetadata() == null ? null : pod.getMetadata().getName();
    if (name == null) {
      return;
    }
    Instance want = instanceOf(pod);
    PodStream old = null;
    PodStream opened = null;
    synchronized (lock) {
      if (closed.get()) {
        return;
      }
      PodStream have = streams.get(name);
      if (have != null && have.instance.equals(want)) {
        return;
      }
      if (have != null) {
        old = streams.remove(name);
      }
      if (want != null) {
        opened = new PodStream(want, startedBeforeTailer(pod, want.container));
        streams.put(name, opened);
      }
    }
    if (old != null) {
      old.stop();
    }
    if (opened != null) {
      log.debug("Attaching to the log of pod {}/{} container {} (restart {})", namespace, name,
          want.container, want.restartCount);
      opened.schedule(0);
    }
  }

  private void removed(Pod pod) {
    String name = pod.getMetadata() == null ? null : pod.getMetadata().getName();
    PodStream gone;
    synchronized (lock) {
      gone = name == null ? null : streams.remove(name);
    }
    if (gone != null) {
      gone.stop();
    }
  }

  /** The running container to read, or {@code null} when there is none yet (pending, crashing). */
  private @Nullable Instance instanceOf(Pod pod) {
    String uid = pod.getMetadata().getUid();
    String wanted = containerOf(pod);
    if (wanted == null || pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
      return null;
    }
    for (ContainerStatus s : pod.getStatus().getContainerStatuses()) {
      if (wanted.equals(s.getName())) {
        boolean running = s.getState() != null && s.getState().getRunning() != null;
        int restarts = s.getRestartCount() == null ? 0 : s.getRestartCount();
        return running ? new Instance(pod.getMetadata().getName(), uid == null ? "" : uid, wanted, restarts) : null;
      }
    }
    return null;
  }

  private @Nullable String containerOf(Pod pod) {
    if (container != null) {
      return container;
    }
    List<Container> containers = pod.getSpec() == null ? null : pod.getSpec().getContainers();
    return containers == null || containers.isEmpty() ? null : containers.get(0).getName();
  }

  private boolean startedBeforeTailer(Pod pod, String containerName) {
    for (ContainerStatus s : pod.getStatus().getContainerStatuses()) {
      if (containerName.equals(s.getName()) && s.getState().getRunning().getStartedAt() != null) {
        try {
          return Instant.parse(s.getState().getRunning().getStartedAt()).isBefore(startedAt);
        } catch (DateTimeParseException e) {
          return true;
        }
      }
    }
    return true;
  }

  /** One container instance: a new uid (a replaced pod) or restart count is another instance. */
  private record Instance(String pod, String uid, String container, int restartCount) {}

  private final class PodHandler implements ResourceEventHandler<Pod> {
    @Override
    public void onAdd(Pod pod) {
      reconcile(pod);
    }

    @Override
    public void onUpdate(Pod oldPod, Pod newPod) {
      reconcile(newPod);
    }

    @Override
    public void onDelete(Pod pod, boolean deletedFinalStateUnknown) {
      removed(pod);
    }
  }

  // ------------------------------------------------------------ lines

  /** Called on a stream's thread for every line. */
  private void route(CharSequence text, long epochSecond, int nano) {
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
    } catch (RuntimeException e) {
      long n = targetFailures.incrementAndGet();
      if (Long.bitCount(n) == 1) {
        report("the log target failed on a line of " + id + " (" + n + " failures so far): "
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

  private void report(String message) {
    try {
      errors.accept(message);
    } catch (RuntimeException e) {
      log.warn("The tailer's error callback failed on: {}", message, e);
    }
  }

  // ------------------------------------------------------------ streams

  /**
   * The stream of one container instance, reopened when it ends until it is stopped. Lines at or before
   * {@code (skipSecond, skipNano)} (or before it, when {@code skipInclusive}) were seen already or predate
   * the start position.
   */
  private final class PodStream implements LogLineSplitter.Lines {
    final Instance instance;
    final String pod;
    private final boolean preexisting;
    private volatile boolean stopped;
    volatile @Nullable LogWatch watch;
    private volatile @Nullable LogLineSplitter out;
    private volatile long skipSecond = Long.MIN_VALUE;
    private volatile int skipNano;
    private volatile boolean skipSeenToo;
    private volatile boolean seenAny;
    private volatile long linesThisAttach;
    private long backoff = backoffMillis;

    PodStream(Instance instance, boolean preexisting) {
      this.instance = instance;
      this.pod = instance.pod;
      this.preexisting = preexisting;
    }

    void schedule(long delayMillis) {
      ScheduledExecutorService e = executor;
      if (e == null || stopped || closed.get()) {
        return;
      }
      try {
        e.schedule(this::attach, delayMillis, TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException ex) {
        // Closed meanwhile.
      }
    }

    /** On the tailer's thread. */
    private void attach() {
      if (stopped || closed.get()) {
        return;
      }
      LogLineSplitter splitter = new LogLineSplitter(this, true);
      // Before the request: fabric8 may deliver the first lines on its own thread before watchLog returns.
      linesThisAttach = 0;
      attaches.increment();
      LogWatch w;
      try {
        w = request().watchLog(splitter);
      } catch (RuntimeException e) {
        if (!stopped && !closed.get()) {
          report("log of pod " + namespace + "/" + pod + ": " + ClientFailures.describe(e));
          schedule(nextBackoff(false));
        }
        return;
      }
      out = splitter;
      watch = w;
      if (stopped || closed.get()) {
        stop();
        return;
      }
      w.onClose().whenComplete((error, failure) -> ended(splitter, error != null ? error : failure));
    }

    private Loggable request() {
      BytesLimitTerminateTimeTailPrettyLoggable log = client.pods().inNamespace(namespace).withName(pod)
          .inContainer(instance.container).usingTimestamps();
      if (seenAny) {
        return log.sinceTime(KubeletTime.sinceTime(Instant.ofEpochSecond(skipSecond, skipNano)));
      }
      if (!preexisting) {
        return log;
      }
      if (start instanceof LogStartPosition.Tail tail) {
        return log.tailingLines(tail.lines());
      }
      Instant from = start instanceof LogStartPosition.Since since ? since.time() : startedAt;
      skipSecond = from.getEpochSecond();
      skipNano = from.getNano();
      skipSeenToo = false;
      return log.sinceTime(KubeletTime.sinceTime(from));
    }

    private void ended(LogLineSplitter splitter, @Nullable Throwable error) {
      splitter.close();
      CharSequence rest = splitter.remainder();
      if (!stopped && isApiStatus(rest)) {
        report("log of pod " + namespace + "/" + pod + " refused: " + firstChars(rest, 300));
      }
      watch = null;
      if (stopped || closed.get()) {
        return;
      }
      if (error != null) {
        report("log stream of pod " + namespace + "/" + pod + " broke, reopening: "
            + ClientFailures.describe(error));
      } else {
        log.debug("Log stream of pod {}/{} ended; reopening", namespace, pod);
      }
      schedule(nextBackoff(linesThisAttach > 0));
    }

    private long nextBackoff(boolean progressed) {
      if (progressed) {
        backoff = backoffMillis;
      } else {
        long current = backoff;
        backoff = Math.min(maxBackoffMillis, backoff * 2);
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
        report("log of pod " + namespace + "/" + pod + " refused: " + firstChars(text, 300));
        return;
      }
      linesRead.increment();
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
      route(text, epochSecond, nano);
    }

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
  }

  // ------------------------------------------------------------ configuration

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
      Objects.requireNonNull(prefix, "prefix");
      this.filter = ReleaseFilter.namePrefix(prefix);
      this.namer = ComponentNamer.stripPrefix(prefix);
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
