package io.helmwatch.integration.watcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.helmwatch.core.Scheduler;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The JVM-wide timer thread survives a task that throws, and says so in the log. */
class SharedSchedulerTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @Test
  void aTaskThatThrowsIsLoggedWithItsStackTraceAndLaterTasksStillRun() throws Exception {
    CountDownLatch later = new CountDownLatch(1);
    try (CapturedLog log = CapturedLog.start()) {
      Scheduler.shared().schedule(() -> {
        throw new IllegalStateException("timer task exploded");
      }, Duration.ZERO);
      Scheduler.shared().schedule(later::countDown, Duration.ofMillis(1));

      assertThat(later.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).as("the later task ran").isTrue();
      assertThat(log.text()).contains("java.lang.IllegalStateException: timer task exploded")
          .contains("at " + SharedSchedulerTest.class.getName());
    }
  }

  @Test
  void aRepeatingTaskThatThrowsKeepsRepeating() throws Exception {
    CountDownLatch runs = new CountDownLatch(3);
    try (CapturedLog log = CapturedLog.start()) {
      Scheduler.Cancellable repeating = Scheduler.shared().scheduleAtFixedRate(() -> {
        runs.countDown();
        throw new IllegalStateException("periodic task exploded");
      }, Duration.ofMillis(1));
      try {
        assertThat(runs.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).as("three runs").isTrue();
      } finally {
        repeating.cancel();
      }
      assertThat(log.text()).contains("java.lang.IllegalStateException: periodic task exploded");
    }
  }
}
