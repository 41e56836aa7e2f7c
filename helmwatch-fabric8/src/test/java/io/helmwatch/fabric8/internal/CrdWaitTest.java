package io.helmwatch.fabric8.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The CRD wait's own thread: nothing thrown on it ends the wait without a log line. */
class CrdWaitTest {
  private static final Duration WAIT = Duration.ofSeconds(15);

  @Test
  void anErrorFromTheProbeIsLoggedAndEndsTheWaitLikeAnyOtherFailure() throws Exception {
    CountDownLatch found = new CountDownLatch(1);
    try (CapturedLog log = CapturedLog.start()) {
      CrdWait wait = new CrdWait("sin-2", () -> {
        throw new AssertionError("probe blew up");
      }, Duration.ofSeconds(30), () -> false, (retryIn, e) -> {}, found::countDown);
      wait.start(Duration.ofMillis(1));

      assertThat(found.await(WAIT.toSeconds(), TimeUnit.SECONDS))
          .as("the informer is started, as after any failure other than 404").isTrue();
      wait.close();
      assertThat(log.text()).contains("sin-2").contains("probe blew up");
    }
  }

  @Test
  void aFailureWhileStartingTheInformerIsLogged() throws Exception {
    CountDownLatch found = new CountDownLatch(1);
    try (CapturedLog log = CapturedLog.start()) {
      CrdWait wait = new CrdWait("sin-2", () -> {}, Duration.ofSeconds(30), () -> false, (retryIn, e) -> {}, () -> {
        found.countDown();
        throw new LinkageError("informer start blew up");
      });
      wait.start(Duration.ofMillis(1));

      assertThat(found.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
      // close() returns once the waiting thread ended, so whatever it logged is written.
      wait.close();
      assertThat(log.text()).contains("sin-2").contains("informer start blew up");
    }
  }
}
