package io.helmwatch.kafka;

import io.helmwatch.core.ComponentEvent;
import io.helmwatch.core.ComponentSnapshot;
import io.helmwatch.core.WatchNotice;
import io.helmwatch.core.WatchResult;
import io.helmwatch.core.internal.json.EventJson;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/** {@link KafkaRecordFormat#json()}: {@link EventJson} in UTF-8 with a {@code content-type} header. */
final class JsonRecordFormat implements KafkaRecordFormat {
  static final JsonRecordFormat INSTANCE = new JsonRecordFormat();

  static final String CONTENT_TYPE = "content-type";
  static final String APPLICATION_JSON = "application/json";

  private static final List<Header> HEADERS =
      List.of(new RecordHeader(CONTENT_TYPE, APPLICATION_JSON.getBytes(StandardCharsets.US_ASCII)));

  private JsonRecordFormat() {}

  @Override
  public KafkaPayload event(ComponentEvent event) {
    return payload(EventJson.event(event));
  }

  @Override
  public KafkaPayload notice(WatchNotice notice) {
    return payload(EventJson.notice(notice));
  }

  @Override
  public KafkaPayload snapshot(List<ComponentSnapshot> snapshot, Instant at) {
    return payload(EventJson.snapshot(snapshot, at));
  }

  @Override
  public KafkaPayload outcome(WatchResult result, Instant at) {
    return payload(EventJson.outcome(result, at));
  }

  private static KafkaPayload payload(String json) {
    return new KafkaPayload(json.getBytes(StandardCharsets.UTF_8), HEADERS);
  }

  @Override
  public String toString() {
    return "json";
  }
}
