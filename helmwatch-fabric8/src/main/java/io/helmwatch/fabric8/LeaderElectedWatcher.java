package io.helmwatch.fabric8;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElector;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfig;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.helmwatch.core.WatchOutcome;
import io.helmwatch.core.WatchResult;
import io.helmwatch.core.Watcher;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link Watcher} only while this replica holds a {@code coordination.k8s.io/v1} Lease, so that of
 * several replicas of a program exactly one delivers to sinks. The election is fabric8's {@code
 * LeaderElector} on a {@code LeaseLock}; this class only ties a watcher's life to it.
 *
 * <ul>
 *   <li><b>Becoming leader</b> builds a fresh watcher with the given factory and starts it (off the
 *       elector's thread). A fresh watcher reports every component once as a first observation; a {@code
 *       JobsBridge} over the table the previous leader wrote absorbs those through its dedupe, so no job
 *       changes twice.
 *   <li><b>Losing the lease</b> aborts the watcher in the elector's callback ({@link Watcher#abort()}):
 *       what its lanes still hold is dropped (counted as dropped), a sink call in progress is interrupted
 *       and allowed to return, no sink call starts after it, and the watch ends as {@link
 *       WatchOutcome#CANCELLED}. The outcome is not delivered: another replica may lead already. The
 *       replica then joins
 *       the election again with a new elector (an elector is single-use), and builds another watcher if it
 *       wins again.
 *   <li><b>The watch ending on its own</b> (ready, failed, timeout; never in continuous mode) completes
 *       {@link #result()} with its result and releases the lease.
 *   <li>{@link #close()} closes the watcher with a flush (it still leads while its sinks drain), then
 *       releases the lease, so another replica takes over without waiting for it to expire.
 * </ul>
 *
 * <p>The elector gets a client of its own, made from the given configuration with request retries off
 * and a short request timeout: a leader cut off from the API server must notice within the renew deadline
 * (a retrying client lets it believe it leads for tens of seconds after another replica took over). The
 * builder checks {@code renewDeadline + 2 x requestTimeout + retryPeriod < leaseDuration}, the worst case of
 * a cut-off leader's last renewal, so that it stops starting sink calls before anyone else can start. A sink
 * call already in progress then runs until it returns (it is interrupted), so two leaders' deliveries never
 * overlap when {@code renewDeadline + 2 x requestTimeout + retryPeriod + the longest sink call <
 * leaseDuration}: with client-go's defaults (15 s, 10 s, 2 s) and the request timeout they give (1 s), sink
 * calls must return within 1 s (a webhook sink's timeout, say).
 *
 * <p>The Lease needs {@code get}, {@code create} and {@code patch} (fabric8 renews with a patch; grant
 * {@code update} too for other lock clients) on {@code leases} in its namespace; see {@code
 * deploy/rbac.yaml}.
 *
 * <pre>{@code
 * try (LeaderElectedWatcher ha = LeaderElectedWatcher.builder(Kubeconfigs.discover(null))
 *     .leaseNamespace("flux-system")
 *     .watcher(() -> Watcher.builder(Fabric8ReleaseSource.builder().client(client).build())
 *         .continuous().sink(sink).build())
 *     .build()) {
 *   ha.start().join();
 * }
 * }</pre>
 *
 * @since 0.1
 */
public final class LeaderElectedWatcher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LeaderElectedWatcher.class);

  /** client-go's defaults. */
  public static final Duration DEFAULT_LEASE_DURATION = Duration.ofSeconds(15);
  public static final Duration DEFAULT_RENEW_DEADLINE = Duration.ofSeconds(10);
  public static final Duration DEFAULT_RETRY_PERIOD = Duration.ofSeconds(2);
  public static final String DEFAULT_LEASE_NAME = "helmwatch";

  /** fabric8 refuses a renew deadline not above 1.2 x the retry period (its jitter). */
  private static final double JITTER = 1.2;
  private static final Pattern DNS_NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");

  private final String namespace;
  private final String leaseName;
  private final String identity;
  private final Duration leaseDuration;
  private final Duration renewDeadline;
  private final Duration retryPeriod;
  private final Supplier<Watcher> factory;
  private final KubernetesClient electionClient;
  private final ScheduledExecutorService worker;
  private final CompletableFuture<WatchResult> result = new CompletableFuture<>();

  private final Object lock = new Object();
  /** Opens once the first close finished. */
  private final CountDownLatch closeDone = new CountDownLatch(1);
  /** The thread of the first close; written under the lock. */
  private volatile @Nullable Thread closer;
  /** Grows at each start and each end of leadership: a term's work that finds it changed is stale. */
  private long term;
  private boolean leading;
  private int terms;
  private boolean started;
  private boolean closed;
  private @Nullable Watcher current;
  private @Nullable CompletableFuture<?> election;
  /** The elector of {@link #election}, to release the lease once more on close. */
  private @Nullable LeaderElector elector;
  private volatile @Nullable String leader;

  private LeaderElectedWatcher(Builder b, Duration requestTimeout) {
    this.namespace = b.namespace;
    this.leaseName = b.leaseName;
    this.identity = b.identity;
    this.leaseDuration = b.leaseDuration;
    this.renewDeadline = b.renewDeadline;
    this.retryPeriod = b.retryPeriod;
    this.factory = b.factory;
    Config config = new ConfigBuilder(b.config)
        .withRequestRetryBackoffLimit(0)
        .withRequestTimeout((int) requestTimeout.toMillis())
        .build();
    this.electionClient = new KubernetesClientBuilder().withConfig(config).build();
    this.worker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "helmwatch-leader-" + identity);
      t.setDaemon(true);
      return t;
    });
  }

  /** A builder whose elector talks to the API server of {@code config} (see {@link Kubeconfigs}). */
  public static Builder builder(Config config) {
    return new Builder(Objects.requireNonNull(config, "config"));
  }

  /** A builder whose elector talks to the API server of {@code client}, through a client of its own. */
  public static Builder builder(KubernetesClient client) {
    return builder(Objects.requireNonNull(client, "client").getConfiguration());
  }

  /**
   * The identity a replica runs under by default: the host name (a pod's name in Kubernetes) and a random
   * suffix, so that two processes on one host are two candidates.
   */
  public static String defaultIdentity() {
    String host = System.getenv("HOSTNAME");
    if (host == null || host.isBlank()) {
      try {
        host = InetAddress.getLocalHost().getHostName();
      } catch (Exception e) {
        host = "helmwatch";
      }
    }
    return host + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /**
   * Joins the election. The future completes when a watch run while leading ends on its own, or with
   * {@link WatchOutcome#CANCELLED} on {@link #close()}.
   *
   * @throws IllegalStateException when called twice or after {@link #close()}
   */
  public CompletableFuture<WatchResult> start() {
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException("LeaderElectedWatcher is closed");
      }
      if (started) {
        throw new IllegalStateException("LeaderElectedWatcher already started");
      }
      started = true;
    }
    join();
    return result;
  }

  /** The future {@link #start()} returned. */
  public CompletableFuture<WatchResult> result() {
    return result;
  }

  /** This replica's identity in the Lease. */
  public String identity() {
    return identity;
  }

  /**
   * Whether this replica holds the Lease now, as its last election callback said. After a lost lease it
   * turns false only once the term's watcher has been aborted: from then on this replica starts no sink call.
   */
  public boolean isLeading() {
    synchronized (lock) {
      return leading;
    }
  }

  /** How many times this replica has become leader. */
  public int terms() {
    synchronized (lock) {
      return terms;
    }
  }

  /** The holder of the Lease as last observed, if any. */
  public @Nullable String leader() {
    return leader;
  }

  /** The watcher of the current term, while leading and once it is built. */
  public @Nullable Watcher watcher() {
    synchronized (lock) {
      return current;
    }
  }

  private void join() {
    LeaderElectionConfig config = new LeaderElectionConfigBuilder()
        .withName(leaseName)
        .withLock(new LeaseLock(namespace, leaseName, identity))
        .withLeaseDuration(leaseDuration)
        .withRenewDeadline(renewDeadline)
        .withRetryPeriod(retryPeriod)
        .withReleaseOnCancel(true)
        .withLeaderCallbacks(new LeaderCallbacks(this::startedLeading, this::stoppedLeading, this::newLeader))
        .build();
    CompletableFuture<?> f;
    synchronized (lock) {
      if (closed) {
        return;
      }
      LeaderElector e = electionClient.leaderElector().withConfig(config).build();
      f = e.start();
      election = f;
      elector = e;
    }
    f.whenComplete((ok, error) -> electionEnded(f, error));
  }

  private void electionEnded(CompletableFuture<?> ended, @Nullable Throwable error) {
    synchronized (lock) {
      if (closed || election != ended) {
        return;
      }
    }
    if (error != null && !(error instanceof java.util.concurrent.CancellationException)) {
      log.warn("Leader election on lease {}/{} ended: {}; joining again", namespace, leaseName, error.toString());
    } else {
      log.info("Leader election on lease {}/{} ended for {}; joining again", namespace, leaseName, identity);
    }
    try {
      worker.schedule(this::join, retryPeriod.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // Closed meanwhile.
    }
  }

  private void startedLeading() {
    long myTerm;
    synchronized (lock) {
      if (closed) {
        return;
      }
      myTerm = ++term;
      leading = true;
      terms++;
    }
    log.info("{} leads on lease {}/{}: starting the watch", identity, namespace, leaseName);
    // The callback runs inside the elector's renew step: building a watcher there could delay a renewal.
    try {
      worker.execute(() -> lead(myTerm));
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // Closed meanwhile.
    }
  }

  private void lead(long myTerm) {
    Watcher watcher;
    try {
      watcher = Objects.requireNonNull(factory.get(), "the watcher factory returned null");
    } catch (RuntimeException e) {
      log.error("The watcher factory failed; giving up the lease so another replica can lead", e);
      resign(myTerm);
      return;
    }
    synchronized (lock) {
      if (closed || term != myTerm) {
        watcher.close();
        return;
      }
      current = watcher;
    }
    try {
      watcher.start().whenComplete((r, e) -> watchEnded(myTerm, watcher, r, e));
    } catch (RuntimeException e) {
      boolean stale;
      synchronized (lock) {
        stale = term != myTerm;
      }
      watcher.close();
      if (!stale) {
        log.error("The watcher did not start; giving up the lease so another replica can lead", e);
        resign(myTerm);
      }
    }
  }

  /** Ends this term by cancelling the elector, which releases the lease; the replica joins again. */
  private void resign(long myTerm) {
    CompletableFuture<?> f;
    synchronized (lock) {
      if (term != myTerm) {
        return;
      }
      f = election;
    }
    if (f != null) {
      f.cancel(true);
    }
  }

  private void watchEnded(long myTerm, Watcher watcher, @Nullable WatchResult r, @Nullable Throwable e) {
    synchronized (lock) {
      if (closed || term != myTerm || current != watcher) {
        return;
      }
    }
    if (e != null) {
      log.error("The watch failed; giving up the lease so another replica can lead", e);
      watcher.close();
      resign(myTerm);
      return;
    }
    log.info("The watch ended {} while {} led; releasing lease {}/{}", r.outcome(), identity, namespace, leaseName);
    // completes the result with the watcher's, after the release: whoever waits on it sees it done. On the
    // watcher's own thread, which a close in progress elsewhere may wait for: it does not wait for that one.
    shutDown(false);
  }

  private void releaseQuietly(LeaderElector e) {
    try {
      e.release();
    } catch (RuntimeException ex) {
      log.warn("Could not release lease {}/{}; another replica takes over once it expires: {}", namespace,
          leaseName, ex.toString());
    }
  }

  private void stoppedLeading() {
    Watcher watcher;
    long lostTerm;
    synchronized (lock) {
      if (!leading) {
        return;
      }
      lostTerm = ++term;
      watcher = current;
      current = null;
    }
    log.info("{} lost lease {}/{}: stopping delivery", identity, namespace, leaseName);
    if (watcher != null) {
      // not a drain: another replica may lead already, so what this one's lanes hold is dropped
      watcher.abort();
    }
    synchronized (lock) {
      // isLeading() turns false only once delivery has stopped, unless a new term began meanwhile
      if (term == lostTerm) {
        leading = false;
      }
    }
  }

  private void newLeader(@Nullable String id) {
    leader = id;
    if (id != null) {
      log.info("Lease {}/{} is held by {}", namespace, leaseName, id);
    }
  }

  /**
   * Closes the watcher (a draining close: its sinks get what it emitted while this replica led), then
   * releases the lease if held, and leaves the election. Idempotent and thread-safe: every call returns once
   * the first has finished.
   */
  @Override
  public void close() {
    shutDown(true);
  }

  private void shutDown(boolean waitForOthers) {
    Watcher watcher;
    CompletableFuture<?> f;
    LeaderElector e;
    boolean first;
    synchronized (lock) {
      first = !closed;
      watcher = first ? current : null;
      f = first ? election : null;
      e = first ? elector : null;
      if (first) {
        closed = true;
        leading = false;
        term++;
        current = null;
        closer = Thread.currentThread();
      }
    }
    if (!first) {
      // the first close's own thread (a result callback during its watcher's close) must not wait for itself
      if (waitForOthers && closer != Thread.currentThread()) {
        awaitClosed();
      }
      return;
    }
    try {
      // Delivery stops before the lease is released, so that two leaders' sinks never overlap.
      WatchResult last = null;
      if (watcher != null) {
        watcher.close();
        last = watcher.result().isDone() && !watcher.result().isCompletedExceptionally()
            ? watcher.result().join() : null;
      }
      if (f != null) {
        // releaseOnCancel: the elector shortens the lease so that another replica takes over at once.
        f.cancel(true);
      }
      if (e != null) {
        // The release on cancel may still be under way when the client closes below, which would cut it
        // short; releasing here, synchronously, makes sure the lease is given up before the client goes.
        releaseQuietly(e);
      }
      result.complete(last != null ? last : new WatchResult(WatchOutcome.CANCELLED, Map.of()));
    } finally {
      worker.shutdownNow();
      electionClient.close();
      closeDone.countDown();
    }
  }

  /** Outside the lock: waits for the first close to finish. */
  private void awaitClosed() {
    try {
      closeDone.await();
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
    }
  }

  /** Configures a {@link LeaderElectedWatcher}. Validates eagerly. */
  public static final class Builder {
    private final Config config;
    private @Nullable String namespace;
    private String leaseName = DEFAULT_LEASE_NAME;
    private String identity = defaultIdentity();
    private Duration leaseDuration = DEFAULT_LEASE_DURATION;
    private Duration renewDeadline = DEFAULT_RENEW_DEADLINE;
    private Duration retryPeriod = DEFAULT_RETRY_PERIOD;
    private @Nullable Duration requestTimeout;
    private @Nullable Supplier<Watcher> factory;

    private Builder(Config config) {
      this.config = config;
    }

    /** The namespace of the Lease. Required. */
    public Builder leaseNamespace(String namespace) {
      this.namespace = dnsName(namespace, "lease namespace");
      return this;
    }

    /** The name of the Lease. Default {@value #DEFAULT_LEASE_NAME}. */
    public Builder leaseName(String name) {
      this.leaseName = dnsName(name, "lease name");
      return this;
    }

    /** This replica's identity; unique among the replicas. Default {@link #defaultIdentity()}. */
    public Builder identity(String identity) {
      Objects.requireNonNull(identity, "identity must not be null");
      if (identity.isBlank()) {
        throw new IllegalArgumentException("identity must not be blank");
      }
      this.identity = identity;
      return this;
    }

    /**
     * How long a Lease holds without renewal before another replica may take it. Whole seconds (the
     * Lease stores seconds), at least 1s. Default 15s.
     */
    public Builder leaseDuration(Duration duration) {
      Objects.requireNonNull(duration, "leaseDuration must not be null");
      if (duration.toMillis() < 1000 || duration.toMillis() % 1000 != 0) {
        throw new IllegalArgumentException("leaseDuration must be whole seconds, at least 1s (a Lease stores"
            + " seconds: a fraction would be cut off), was " + duration);
      }
      this.leaseDuration = duration;
      return this;
    }

    /** How long the leader keeps trying to renew before it gives up leading. Default 10s. */
    public Builder renewDeadline(Duration duration) {
      this.renewDeadline = positive(duration, "renewDeadline");
      return this;
    }

    /** The pause between attempts to acquire or renew. Default 2s. */
    public Builder retryPeriod(Duration duration) {
      this.retryPeriod = positive(duration, "retryPeriod");
      return this;
    }

    /**
     * The timeout of each request the elector sends. Default a third of {@code leaseDuration -
     * renewDeadline - retryPeriod} (1s with the default durations).
     */
    public Builder requestTimeout(Duration duration) {
      this.requestTimeout = positive(duration, "requestTimeout");
      return this;
    }

    /**
     * Builds the watcher of each term: a new, not yet started watcher with its sinks, each time it is
     * called (a watcher runs once). Required.
     */
    public Builder watcher(Supplier<Watcher> factory) {
      this.factory = Objects.requireNonNull(factory, "factory");
      return this;
    }

    /**
     * @throws IllegalStateException when the lease namespace or the watcher factory is missing
     * @throws IllegalArgumentException when the durations cannot give one leader at a time
     */
    public LeaderElectedWatcher build() {
      if (namespace == null) {
        throw new IllegalStateException("LeaderElectedWatcher needs a leaseNamespace(...)");
      }
      if (factory == null) {
        throw new IllegalStateException("LeaderElectedWatcher needs a watcher(...) factory");
      }
      if (renewDeadline.compareTo(leaseDuration) >= 0) {
        throw new IllegalArgumentException("renewDeadline (" + renewDeadline + ") must be shorter than"
            + " leaseDuration (" + leaseDuration + ")");
      }
      if (renewDeadline.toMillis() <= JITTER * retryPeriod.toMillis()) {
        throw new IllegalArgumentException("renewDeadline (" + renewDeadline + ") must be longer than " + JITTER
            + " x retryPeriod (" + retryPeriod + ")");
      }
      Duration slack = leaseDuration.minus(renewDeadline).minus(retryPeriod);
      if (slack.toMillis() < 3) {
        throw new IllegalArgumentException("leaseDuration - renewDeadline - retryPeriod leaves no time for a"
            + " request; lengthen leaseDuration (was " + leaseDuration + " - " + renewDeadline + " - " + retryPeriod
            + ")");
      }
      Duration timeout = requestTimeout != null ? requestTimeout : slack.dividedBy(3);
      if (slack.minus(timeout.multipliedBy(2)).compareTo(Duration.ZERO) <= 0) {
        throw new IllegalArgumentException("renewDeadline + 2 x requestTimeout + retryPeriod must be shorter than"
            + " leaseDuration, or a leader cut off from the API server could still deliver after another took"
            + " over; was " + renewDeadline + " + 2 x " + timeout + " + " + retryPeriod + " against " + leaseDuration);
      }
      return new LeaderElectedWatcher(this, timeout);
    }

    private static String dnsName(String value, String what) {
      Objects.requireNonNull(value, what + " must not be null");
      if (!DNS_NAME.matcher(value).matches()) {
        throw new IllegalArgumentException(what + " must be a DNS-1123 name (lower case letters, digits, '-',"
            + " '.'), was '" + value + "'");
      }
      return value;
    }

    private static Duration positive(Duration d, String what) {
      Objects.requireNonNull(d, what + " must not be null");
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(what + " must be positive, was " + d);
      }
      return d;
    }
  }
}
