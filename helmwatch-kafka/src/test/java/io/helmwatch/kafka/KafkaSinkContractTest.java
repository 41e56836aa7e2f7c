package io.helmwatch.kafka;

import io.helmwatch.core.EventSink;
import io.helmwatch.testing.junit5.EventSinkContract;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtendWith;

/** The sink contract against the in-JVM broker, reading back every record of a topic of its own. */
@ExtendWith(KafkaBrokerExtension.class)
class KafkaSinkContractTest extends EventSinkContract {
  private final TestBroker broker;
  private String topic;

  KafkaSinkContractTest(TestBroker broker) {
    this.broker = broker;
  }

  @Override
  protected EventSink createSink() {
    // One partition: the contract checks the order of events across components.
    topic = broker.createTopic("contract", 1);
    return KafkaSink.builder(broker.bootstrap(), topic).build();
  }

  @Override
  protected Optional<List<String>> readBack() {
    return Optional.of(broker.values(topic));
  }
}
