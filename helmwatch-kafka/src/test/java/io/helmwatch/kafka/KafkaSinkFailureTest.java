package io.helmwatch.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.helmwatch.core.ComponentEvent;
import io.helmwatch.core.ComponentId;
import io.helmwatch.core.ComponentState;
import io.helmwatch.core.EmissionCause;
import io.helmwatch.core.EventLevel;
import io.helmwatch.core.LaneOptions;
import io.helmwatch.core.LaneStats;
import io.helmwatch.core.ReleaseKey;
import io.helmwatch.core.RetryPolicy;
import io.helmwatch.core.Subscription;
import io.helmwatch.core.Watcher;
import io.helmwatch.core.sink.RetryableSinkException;
import io.helmwatch.testing.FakeReleaseSource;
import io.helmwatch.testing.HelmRelease;
import io.helmwatch.testing.HelmReleases;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Errors the broker will answer the same way however often it is asked: the call fails once, and the lane
 * counts it as failed without retrying it.
 */
@ExtendWith(KafkaBrokerExtension.class)
class KafkaSinkFailureTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  /** A credential among the producer properties, which no failure may quote. */
  private static final String SECRET = "pa55-do-not-print";
  private static final String JAAS = "org.apache.kafka.common.security.plain.PlainLoginModule required"
      + " username=\"helmwatch\" password=\"" + SECRET + "\";";
  /** Retries enough that a retried failure shows in the stats, short enough to keep the test fast. */
  private static final RetryPolicy RETRIES = RetryPolicy.exponential(5, Duration.ofMillis(10), Duration.ofMillis(10));

  private final TestBroker broker;

  KafkaSinkFailureTest(TestBroker broker) {
    this.broker = broker;
  }

  private KafkaSink sink(String topic) {
    return KafkaSink.builder(broker.bootstrap(), topic)
        .producerProperty("sasl.jaas.config", JAAS)
        .producerProperty("max.block.ms", "10000")
        .build();
  }

  private static ComponentEvent event(String message) {
    ReleaseKey release = ReleaseKey.of("flux-system", "a");
    return new ComponentEvent(ComponentId.of("a"), release, ComponentState.INSTALLING, null,
        EmissionCause.TRANSITION, EventLevel.INFO, message, Instant.parse("2026-01-01T00:00:00Z"), List.of());
  }

  /** The stats of a lane to {@code sink} after the watcher saw {@code release} once and the lane flushed. */
  private static LaneStats deliverOne(KafkaSink sink, HelmRelease release) {
    FakeReleaseSource source = FakeReleaseSource.create();
    try (Watcher watcher = Watcher.builder(source).continuous().build()) {
      watcher.start();
      Subscription subscription = watcher.subscribe(sink, LaneOptions.defaults().withRetry(RETRIES));
      source.apply(release);
      assertThat(subscription.flush(WAIT)).as("the lane went through its one event").isTrue();
      return subscription.stats();
    }
  }

  @Test
  void aTopicTheBrokerRefusesToAppendToFailsTheCallOnceWithoutTheCredentials() {
    // The broker takes no produce requests for its internal topics: INVALID_TOPIC_EXCEPTION, every time.
    try (KafkaSink sink = sink(broker.offsetsTopic())) {
      assertThatThrownBy(() -> sink.onEvent(event("refused")))
          .isNotInstanceOf(RetryableSinkException.class)
          .hasMessageContaining("Kafka topic '__consumer_offsets' did not take the event for a")
          .hasMessageContaining("InvalidTopicException")
          .hasMessageNotContaining(SECRET);
    }
  }

  @Test
  void theLaneCountsAnInvalidTopicAsFailedAndDoesNotRetryIt() {
    LaneStats stats = deliverOne(sink(broker.offsetsTopic()), HelmReleases.named("a").runningAction());

    assertThat(stats.retried()).as("retries").isZero();
    assertThat(stats.failed()).as("failures").isEqualTo(1);
  }

  @Test
  void aRecordLargerThanTheTopicAllowsFailsTheCallOnceAndIsNotRetried() {
    String topic = broker.createTopic("small", Map.of("max.message.bytes", "1024"));
    String large = "x".repeat(4096);
    try (KafkaSink sink = sink(topic)) {
      assertThatThrownBy(() -> sink.onEvent(event(large)))
          .isNotInstanceOf(RetryableSinkException.class)
          .hasMessageContaining("Kafka topic '" + topic + "' did not take the event for a")
          .hasMessageContaining("RecordTooLargeException")
          .hasMessageNotContaining(SECRET);
    }

    LaneStats stats = deliverOne(sink(topic), HelmReleases.named("a").installFailed(large));

    assertThat(stats.retried()).as("retries").isZero();
    assertThat(stats.failed()).as("failures").isEqualTo(1);
    assertThat(broker.values(topic)).as("only the watch's outcome, which is small, reached the topic")
        .noneMatch(value -> value.contains(large));
  }
}
