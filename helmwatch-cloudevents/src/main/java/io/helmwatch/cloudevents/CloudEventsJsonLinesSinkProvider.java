package io.helmwatch.cloudevents;

import io.helmwatch.core.EventSink;
import io.helmwatch.core.sink.EventSinkProvider;
import io.helmwatch.core.sink.JsonLinesSink;
import io.helmwatch.core.sink.JsonLinesSinkProvider;
import java.util.Map;

/**
 * {@code cloudevents-jsonl:path=events.jsonl[,append=false]}: a {@link JsonLinesSink} writing one
 * structured-mode CloudEvent ({@code application/cloudevents+json}, see {@link CloudEventsFormat}) a line.
 *
 * @since 0.1
 */
public final class CloudEventsJsonLinesSinkProvider implements EventSinkProvider {

  @Override
  public String name() {
    return "cloudevents-jsonl";
  }

  @Override
  public String description() {
    return "one structured CloudEvent a line, to a file; options: path (required), append (default true)";
  }

  @Override
  public EventSink create(Map<String, String> config) {
    return JsonLinesSinkProvider.create(name(), config, CloudEventsFormat.structured());
  }
}
