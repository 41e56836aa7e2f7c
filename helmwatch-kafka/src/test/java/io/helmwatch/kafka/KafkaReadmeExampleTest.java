package io.helmwatch.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.helmwatch.core.EventSink;
import io.helmwatch.core.LaneOptions;
import io.helmwatch.core.RetryPolicy;
import io.helmwatch.core.Subscription;
import io.helmwatch.core.Watcher;
import io.helmwatch.core.sink.EventSinks;
import io.helmwatch.testing.FakeReleaseSource;
import io.helmwatch.testing.HelmReleases;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The README's Kafka examples, with the test broker in place of kafka-1 and kafka-2. */
@ExtendWith(KafkaBrokerExtension.class)
class KafkaReadmeExampleTest {
  private final TestBroker broker;

  KafkaReadmeExampleTest(TestBroker broker) {
    this.broker = broker;
  }

  @Test
  void theJavaExampleDeliversThroughALaneWithRetries() {
    String topic = broker.createTopic("readme", 1);
    FakeReleaseSource source = FakeReleaseSource.create();
    try (Watcher watcher = Watcher.builder(source).continuous().build()) {
      watcher.start();
      KafkaSink kafka = KafkaSink.builder(broker.bootstrap(), topic)
          .producerProperty("compression.type", "zstd")
          .build();
      Subscription s = watcher.subscribe(kafka, LaneOptions.defaults().withRetry(
          RetryPolicy.exponential(10, Duration.ofSeconds(1), Duration.ofSeconds(30))));
      source.apply(HelmReleases.named("bp-cilium").runningAction().actionSucceeded());
      assertThat(s.flush(Duration.ofSeconds(60))).isTrue();
    }
    List<String> values = broker.values(topic);
    assertThat(values).hasSize(2);
    assertThat(values.get(0)).contains("\"type\":\"event\"", "\"name\":\"bp-cilium\"", "\"state\":\"installed\"");
    assertThat(values.get(1)).contains("\"type\":\"outcome\"", "\"outcome\":\"cancelled\"");
  }

  /** Kafka resolves the bootstrap names when the producer is created, so loopback addresses stand in. */
  @Test
  void theCommandLineSpecConfiguresSaslFromTheEnvironment() {
    String jaas = "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"helmwatch\""
        + " password=\"...\";";
    String spec = "kafka:bootstrap=127.0.0.1:9093\\,127.0.0.2:9093,topic=helmwatch.events,"
        + "producer.security.protocol=SASL_SSL,producer.sasl.mechanism=SCRAM-SHA-512,"
        + "producerEnv.sasl.jaas.config=KAFKA_JAAS";
    EventSink sink = EventSinks.fromSpec(spec,
        EventSinks.byName(List.of(new KafkaSinkProvider(Map.of("KAFKA_JAAS", jaas)::get))));
    try (KafkaSink kafka = (KafkaSink) sink) {
      assertThat(kafka.producerConfig())
          .containsEntry("bootstrap.servers", "127.0.0.1:9093,127.0.0.2:9093")
          .containsEntry("security.protocol", "SASL_SSL")
          .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
          .containsEntry("sasl.jaas.config", jaas);
    }
  }
}
