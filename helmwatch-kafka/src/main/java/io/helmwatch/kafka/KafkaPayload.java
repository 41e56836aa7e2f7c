package io.helmwatch.kafka;

import java.util.List;
import java.util.Objects;
import org.apache.kafka.common.header.Header;

/**
 * The value and headers of one record, as a {@link KafkaRecordFormat} encodes an item. The sink adds topic
 * and key.
 *
 * @param value the record's value; the sink sends it as it is (the array is not copied)
 * @param headers the record's headers, in order
 * @since 0.1
 */
public record KafkaPayload(byte[] value, List<Header> headers) {

  public KafkaPayload {
    Objects.requireNonNull(value, "value");
    headers = List.copyOf(headers);
  }
}
