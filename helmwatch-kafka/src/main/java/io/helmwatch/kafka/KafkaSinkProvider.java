package io.helmwatch.kafka;

import io.helmwatch.core.EventSink;
import io.helmwatch.core.sink.EventSinkProvider;
import io.helmwatch.core.sink.SinkConfig;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * {@code kafka:bootstrap=host:port,topic=name[,closeTimeout=10s][,producer.<property>=<value>]
 * [,producerEnv.<property>=<VARIABLE>]}: a {@link KafkaSink}. {@code producer.} options are Kafka producer
 * properties passed through ({@code producer.linger.ms=5}, {@code producer.security.protocol=SASL_SSL});
 * {@code producerEnv.} reads a property's value from an environment variable, which keeps credentials such
 * as {@code sasl.jaas.config} off the command line. Several brokers are separated by escaped commas: {@code
 * bootstrap=kafka-1:9092\,kafka-2:9092}.
 *
 * @since 0.1
 */
public final class KafkaSinkProvider implements EventSinkProvider {
  private final UnaryOperator<String> environment;

  /** Reads {@code producerEnv} variables from {@link System#getenv(String)}. */
  public KafkaSinkProvider() {
    this(System::getenv);
  }

  /** Reads {@code producerEnv} variables through {@code environment} (which returns {@code null} when unset). */
  public KafkaSinkProvider(UnaryOperator<String> environment) {
    this.environment = Objects.requireNonNull(environment, "environment");
  }

  @Override
  public String name() {
    return "kafka";
  }

  @Override
  public String description() {
    return "one Kafka record per event, keyed by release; options: bootstrap, topic (both required),"
        + " closeTimeout, producer.<property>, producerEnv.<property>=<VARIABLE>";
  }

  @Override
  public EventSink create(Map<String, String> config) {
    SinkConfig c = SinkConfig.of(name(), config)
        .allowOnly(Set.of("bootstrap", "topic", "closeTimeout"), Set.of("producer.", "producerEnv."));
    KafkaSink.Builder b = KafkaSink.builder(c.required("bootstrap"), c.required("topic"))
        .closeTimeout(c.duration("closeTimeout", Duration.ofSeconds(10)))
        .producerProperties(c.withPrefix("producer."));
    Map<String, String> direct = c.withPrefix("producer.");
    c.withPrefix("producerEnv.").forEach((property, variable) -> {
      if (direct.containsKey(property)) {
        throw new IllegalArgumentException("Sink 'kafka' has producer property '" + property
            + "' both as producer." + property + " and as producerEnv." + property);
      }
      String value = environment.apply(variable);
      if (value == null || value.isEmpty()) {
        throw new IllegalArgumentException("Sink 'kafka': environment variable '" + variable
            + "' for producer property '" + property + "' is not set");
      }
      b.producerProperty(property, value);
    });
    return b.build();
  }
}
