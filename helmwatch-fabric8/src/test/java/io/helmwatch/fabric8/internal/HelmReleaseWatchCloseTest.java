package io.helmwatch.fabric8.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.helmwatch.core.ReleaseFilter;
import io.helmwatch.core.ReleaseKey;
import io.helmwatch.core.ReleaseObservation;
import io.helmwatch.core.ReleaseSource;
import io.helmwatch.fabric8.HelmReleaseApi;
import io.helmwatch.fabric8.Kubeconfigs;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code close()} racing {@code start()} of a config-built source: no client that start created stays open. */
class HelmReleaseWatchCloseTest {
  private static final Duration WAIT = Duration.ofSeconds(15);

  private final List<KubernetesClient> created = new CopyOnWriteArrayList<>();
  private final CountDownLatch inCreation = new CountDownLatch(1);
  private final CountDownLatch creationMayEnd = new CountDownLatch(1);

  @AfterEach
  void closeClients() {
    creationMayEnd.countDown();
    created.forEach(KubernetesClient::close);
  }

  @ParameterizedTest(name = "waitForCrd={0}")
  @ValueSource(booleans = {false, true})
  void closeWhileStartCreatesTheClientLeavesNoClientOpen(boolean waitForCrd) throws Exception {
    HelmReleaseWatch watch = new HelmReleaseWatch(settings(unreachable(), waitForCrd), config -> {
      inCreation.countDown();
      await(creationMayEnd);
      KubernetesClient client = Kubeconfigs.client(config);
      created.add(client);
      return client;
    });
    Running start = run("start", () -> watch.start(new Quiet()));
    await(inCreation);

    Running close = run("close", watch::close);
    awaitBlockedOrDone(close.thread());
    creationMayEnd.countDown();

    assertThat(close.thrown().get(WAIT.toSeconds(), TimeUnit.SECONDS)).as("what close() threw").isNull();
    Throwable startFailure = start.thrown().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    if (startFailure != null) {
      assertThat(startFailure).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }
    assertThat(created).as("clients start created").hasSize(1);
    assertThat(created.get(0).getHttpClient().isClosed())
        .as("the client start created is closed once close() returned").isTrue();
  }

  @Test
  void closeFromWithinClientCreationFailsStartAndClosesTheClient() throws Exception {
    AtomicReference<HelmReleaseWatch> self = new AtomicReference<>();
    HelmReleaseWatch watch = new HelmReleaseWatch(settings(unreachable(), false), config -> {
      KubernetesClient client = Kubeconfigs.client(config);
      created.add(client);
      self.get().close();
      return client;
    });
    self.set(watch);

    assertThatIllegalStateException().isThrownBy(() -> watch.start(new Quiet())).withMessageContaining("closed");
    assertThat(created).as("clients start created").hasSize(1);
    assertThat(created.get(0).getHttpClient().isClosed()).as("the client start created is closed").isTrue();
  }

  /** A task on a thread of its own; {@code thrown} completes with what it threw, or {@code null}. */
  private record Running(Thread thread, CompletableFuture<@Nullable Throwable> thrown) {}

  private static Running run(String name, Runnable task) {
    CompletableFuture<@Nullable Throwable> done = new CompletableFuture<>();
    Thread t = new Thread(() -> {
      try {
        task.run();
        done.complete(null);
      } catch (Throwable e) {
        done.complete(e);
      }
    }, "test-" + name);
    t.setDaemon(true);
    t.start();
    return new Running(t, done);
  }

  /**
   * Waits until {@code t} ended or waits for something (here: for start() to let go), so that the close it
   * runs has begun before client creation is let to end.
   */
  private static void awaitBlockedOrDone(Thread t) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      Thread.State state = t.getState();
      if (state == Thread.State.TERMINATED || state == Thread.State.BLOCKED || state == Thread.State.WAITING) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("close() neither returned nor waited within " + WAIT + "; state " + state);
      }
      Thread.onSpinWait();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
        throw new AssertionError("latch not released within " + WAIT);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** A config for a port nothing listens on: every request fails, after the client was created. */
  private static Config unreachable() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Config config = Kubeconfigs.fromString("""
        apiVersion: v1
        kind: Config
        clusters: [{name: gone, cluster: {server: "http://127.0.0.1:%d"}}]
        users: [{name: u, user: {token: t}}]
        contexts: [{name: gone, context: {cluster: gone, user: u}}]
        current-context: gone
        """.formatted(port), null);
    config.setRequestRetryBackoffLimit(0);
    return config;
  }

  private static HelmReleaseWatch.Settings settings(Config config, boolean waitForCrd) {
    return new HelmReleaseWatch.Settings(null, config, ReleaseKey.PRIMARY, HelmReleaseApi.V2, "flux-system", null,
        ReleaseFilter.all(), Duration.ZERO, true, waitForCrd, Duration.ofSeconds(1), Duration.ofSeconds(30));
  }

  /** A listener that ignores everything. */
  private static final class Quiet implements ReleaseSource.Listener {
    @Override
    public void upsert(ReleaseObservation observation) {}

    @Override
    public void delete(ReleaseKey key) {}

    @Override
    public void synced() {}

    @Override
    public void error(String cluster, String message, @Nullable Throwable cause) {}

    @Override
    public void stopped(String cluster, String reason) {}
  }
}
