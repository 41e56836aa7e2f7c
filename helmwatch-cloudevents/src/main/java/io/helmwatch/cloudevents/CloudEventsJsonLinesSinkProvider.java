package io.helmwatch.cloudevents;

import io.helmwatch.core.EventSink;
import io.helmwatch.core.sink.EventSinkProvider;
import io.helmwatch.core.sink.JsonLinesSink;
import io.helmwatch.core.sink.SinkConfig;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

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
    SinkConfig c = SinkConfig.of(name(), config).allowOnly(Set.of("path", "append"), Set.of());
    Path path;
    try {
      path = Path.of(c.required("path"));
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException(
          "Option 'path' of sink '" + name() + "' is not a valid path: " + e.getReason());
    }
    return JsonLinesSink.toPath(path, c.bool("append", true), CloudEventsFormat.structured());
  }
}
