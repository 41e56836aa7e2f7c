package io.helmwatch.core.sink;

import io.helmwatch.core.ComponentEvent;
import io.helmwatch.core.ComponentSnapshot;
import io.helmwatch.core.WatchNotice;
import io.helmwatch.core.WatchResult;
import io.helmwatch.core.internal.json.EventJson;
import java.time.Instant;
import java.util.List;

/** {@link EventFormat#json()}: the {@link EventJson} objects as {@code application/json}. */
final class JsonSchemaFormat implements EventFormat {
  static final JsonSchemaFormat INSTANCE = new JsonSchemaFormat();
  private static final String JSON = "application/json";

  private JsonSchemaFormat() {}

  @Override
  public String name() {
    return "json";
  }

  @Override
  public Message event(ComponentEvent event) {
    return Message.of(JSON, EventJson.event(event));
  }

  @Override
  public Message notice(WatchNotice notice) {
    return Message.of(JSON, EventJson.notice(notice));
  }

  @Override
  public Message snapshot(List<ComponentSnapshot> snapshot, Instant time) {
    return Message.of(JSON, EventJson.snapshot(snapshot, time));
  }

  @Override
  public Message outcome(WatchResult result, Instant time) {
    return Message.of(JSON, EventJson.outcome(result, time));
  }

  @Override
  public String toString() {
    return "EventFormat.json()";
  }
}
