package io.helmwatch.core.internal.lane;

import static org.assertj.core.api.Assertions.assertThat;

import io.helmwatch.core.RetryPolicy;
import io.helmwatch.core.sink.RetryableSinkException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryAfterDelayTest {
  private static final RetryPolicy POLICY = RetryPolicy.exponential(5, Duration.ofMillis(200), Duration.ofSeconds(5));

  @Test
  void withoutRetryAfterTheBackoffApplies() {
    assertThat(DeliveryLane.delay(POLICY, 2, new RetryableSinkException("503")))
        .isEqualTo(Duration.ofMillis(800));
  }

  @Test
  void aLongerRetryAfterIsWaitedInstead() {
    assertThat(DeliveryLane.delay(POLICY, 0, new RetryableSinkException("429", Duration.ofSeconds(2))))
        .isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void aShorterRetryAfterDoesNotShortenTheBackoff() {
    assertThat(DeliveryLane.delay(POLICY, 3, new RetryableSinkException("429", Duration.ZERO)))
        .isEqualTo(Duration.ofMillis(1600));
  }

  @Test
  void retryAfterIsCappedAtTheMaximumBackoff() {
    assertThat(DeliveryLane.delay(POLICY, 0, new RetryableSinkException("503", Duration.ofHours(1))))
        .isEqualTo(Duration.ofSeconds(5));
  }
}
