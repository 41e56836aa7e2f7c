package io.helmwatch.kafka;

import io.helmwatch.core.ComponentEvent;
import io.helmwatch.core.ComponentSnapshot;
import io.helmwatch.core.WatchNotice;
import io.helmwatch.core.WatchResult;
import java.time.Instant;
import java.util.List;

/**
 * How a {@link KafkaSink} turns each item into a record's value and headers; the sink chooses topic and key,
 * so the ordering per release does not depend on the format. {@link #json()} is the default; another
 * envelope (CloudEvents' Kafka binding, for instance) is another implementation given to {@link
 * KafkaSink.Builder#format}.
 *
 * @since 0.1
 */
public interface KafkaRecordFormat {

  KafkaPayload event(ComponentEvent event);

  KafkaPayload notice(WatchNotice notice);

  /** @param at when the sink took the snapshot (snapshots carry no time of their own) */
  KafkaPayload snapshot(List<ComponentSnapshot> snapshot, Instant at);

  /** @param at when the sink took the outcome (outcomes carry no time of their own) */
  KafkaPayload outcome(WatchResult result, Instant at);

  /**
   * helmwatch's JSON, schema 1, as the {@code jsonl} and {@code webhook} sinks write it, in UTF-8, with the
   * header {@code content-type: application/json}.
   */
  static KafkaRecordFormat json() {
    return JsonRecordFormat.INSTANCE;
  }
}
