package io.helmwatch.fabric8.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The wait's own thread: checks again with backoff, and nothing thrown on it ends it without a log line. */
class ApiWaitTest {
  private static final Duration WAIT = Duration.ofSeconds(15);

  @Test
  void anErrorFromTheCheckIsLoggedAndEndsTheWait() throws Exception {
    CountDownLatch checked = new CountDownLatch(1);
    try (CapturedLog log = CapturedLog.start()) {
      ApiWait wait = new ApiWait("sin-2", retryIn -> {
        checked.countDown();
        throw new LinkageError("check blew up");
      }, Duration.ofSeconds(30), () -> false);
      wait.start(Duration.ofMillis(1));

      assertThat(checked.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
      // close() returns once the checking thread ended, so whatever it logged is written.
      wait.close();
      assertThat(log.text()).contains("sin-2").contains("check blew up");
    }
  }

  @Test
  void aCheckThatAsksForAnotherLookRunsAgainWithThePauseDoubledUpToTheMax() throws Exception {
    List<Duration> pauses = new CopyOnWriteArrayList<>();
    CountDownLatch done = new CountDownLatch(1);
    ApiWait wait = new ApiWait("sin-2", retryIn -> {
      pauses.add(retryIn);
      if (pauses.size() < 4) {
        return false;
      }
      done.countDown();
      return true;
    }, Duration.ofMillis(4), () -> false);
    wait.start(Duration.ofMillis(1));

    assertThat(done.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    wait.close();
    assertThat(pauses).containsExactly(Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(4),
        Duration.ofMillis(4));
  }
}
