package io.helmwatch.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.helmwatch.core.EventSink;
import io.helmwatch.core.sink.EventSinkProvider;
import io.helmwatch.core.sink.EventSinks;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code kafka} spec, without a broker: the producer is created but never connects. */
class KafkaSinkProviderTest {
  private static final String SECRET = "kafka-s3cr3t-pa55w0rd";
  private static final String JAAS = "org.apache.kafka.common.security.plain.PlainLoginModule required"
      + " username=\"helmwatch\" password=\"" + SECRET + "\";";

  private static Map<String, EventSinkProvider> providers(Map<String, String> env) {
    return EventSinks.byName(java.util.List.of(new KafkaSinkProvider(env::get)));
  }

  private static KafkaSink fromSpec(String spec) {
    return (KafkaSink) EventSinks.fromSpec(spec, providers(Map.of()));
  }

  @Test
  void theServiceLoaderFindsTheProvider() {
    assertThat(EventSinks.providers()).containsKey("kafka");
  }

  @Test
  void producerOptionsArePassedThroughAndTheSinkKeepsAcksAllAndIdempotence() {
    try (KafkaSink sink = fromSpec("kafka:bootstrap=127.0.0.1:9\\,127.0.0.2:9,topic=helmwatch.events,"
        + "producer.linger.ms=5,producer.compression.type=gzip,closeTimeout=2s")) {
      assertThat(sink.producerConfig()).containsEntry("bootstrap.servers", "127.0.0.1:9,127.0.0.2:9")
          .containsEntry("linger.ms", "5")
          .containsEntry("compression.type", "gzip")
          .containsEntry("acks", "all")
          .containsEntry("enable.idempotence", "true");
      assertThat(sink.name()).isEqualTo("kafka:helmwatch.events");
    }
  }

  @Test
  void producerEnvReadsAPropertyFromTheEnvironmentAndNeverShowsIt() {
    EventSink sink = EventSinks.fromSpec("kafka:bootstrap=127.0.0.1:9,topic=t,"
        + "producer.security.protocol=SASL_PLAINTEXT,producer.sasl.mechanism=PLAIN,"
        + "producerEnv.sasl.jaas.config=KAFKA_JAAS", providers(Map.of("KAFKA_JAAS", JAAS)));
    try (KafkaSink kafka = (KafkaSink) sink) {
      assertThat(kafka.producerConfig()).containsEntry("sasl.jaas.config", JAAS);
      assertThat(kafka.toString()).doesNotContain(SECRET).doesNotContain("helmwatch\"");
      assertThat(kafka.name()).doesNotContain(SECRET);
    }
  }

  @Test
  void aMissingVariableIsNamedWithoutAValue() {
    assertThatThrownBy(() -> EventSinks.fromSpec("kafka:bootstrap=127.0.0.1:9,topic=t,producerEnv.sasl.jaas.config=NOPE",
        providers(Map.of())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Sink 'kafka': environment variable 'NOPE' for producer property 'sasl.jaas.config' is not set");
  }

  @Test
  void aPropertyGivenDirectlyAndFromTheEnvironmentIsRejected() {
    assertThatThrownBy(() -> EventSinks.fromSpec("kafka:bootstrap=127.0.0.1:9,topic=t,producer.sasl.jaas.config=" + SECRET
        + ",producerEnv.sasl.jaas.config=V", providers(Map.of("V", JAAS))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("both as producer.sasl.jaas.config and as producerEnv.sasl.jaas.config")
        .hasMessageNotContaining(SECRET);
  }

  @Test
  void bootstrapAndTopicAreRequiredAndUnknownOptionsListTheKnownOnes() {
    assertThatThrownBy(() -> fromSpec("kafka:topic=t")).hasMessageContaining("needs option 'bootstrap'");
    assertThatThrownBy(() -> fromSpec("kafka:bootstrap=127.0.0.1:9")).hasMessageContaining("needs option 'topic'");
    assertThatThrownBy(() -> fromSpec("kafka:bootstrap=127.0.0.1:9,topic=t,lingerMs=5"))
        .hasMessageContaining("Unknown option 'lingerMs'")
        .hasMessageContaining("producer.<name>");
    assertThatThrownBy(() -> fromSpec("kafka:bootstrap=127.0.0.1:9,topic=no spaces"))
        .hasMessageContaining("'no spaces' is not a Kafka topic name");
  }

  @Test
  void settingsThatWouldGiveUpOrderingOrDeduplicationAreRejected() {
    assertThatThrownBy(() -> fromSpec("kafka:bootstrap=127.0.0.1:9,topic=t,producer.acks=1"))
        .hasMessageStartingWith("Producer property 'acks' must be 'all'");
    assertThatThrownBy(() -> fromSpec("kafka:bootstrap=127.0.0.1:9,topic=t,producer.enable.idempotence=false"))
        .hasMessageStartingWith("Producer property 'enable.idempotence' must be 'true'");
    assertThatThrownBy(() -> fromSpec("kafka:bootstrap=127.0.0.1:9,topic=t,producer.transactional.id=x"))
        .hasMessageContaining("does not use transactions");
    assertThatThrownBy(() -> fromSpec("kafka:bootstrap=127.0.0.1:9,topic=t,producer.bootstrap.servers=x:1"))
        .hasMessageContaining("give the brokers as the bootstrap servers");
    assertThatThrownBy(() -> fromSpec("kafka:bootstrap=127.0.0.1:9,topic=t,producer.value.serializer=x"))
        .hasMessageContaining("is set by the Kafka sink");
    try (KafkaSink sink = fromSpec("kafka:bootstrap=127.0.0.1:9,topic=t,producer.acks=-1")) {
      assertThat(sink.producerConfig()).containsEntry("acks", "all");
    }
  }

  @Test
  void aProducerKafkaRejectsNamesTheRootCause() {
    assertThatThrownBy(() -> fromSpec("kafka:bootstrap=no-such-host.invalid:9,topic=t"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("caused by ConfigException No resolvable bootstrap urls");
  }

  @Test
  void aProducerKafkaRejectsFailsWithoutQuotingItsCredentials() {
    // A JAAS configuration without its closing ';' that Kafka cannot parse, holding a password.
    String broken = "org.apache.kafka.common.security.plain.PlainLoginModule required password=\"" + SECRET + "\"";
    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> fromSpec(
        "kafka:bootstrap=127.0.0.1:9,topic=t,producer.security.protocol=SASL_PLAINTEXT,"
            + "producer.sasl.mechanism=PLAIN,producer.sasl.jaas.config=" + broken));
    assertThat(thrown).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Kafka sink for topic 't' cannot create its producer");
    for (Throwable t = thrown; t != null; t = t.getCause()) {
      assertThat(String.valueOf(t.getMessage())).doesNotContain(SECRET);
      assertThat(t.toString()).doesNotContain(SECRET);
    }
  }
}
