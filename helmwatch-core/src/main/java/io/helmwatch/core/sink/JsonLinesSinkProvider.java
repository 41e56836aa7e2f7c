package io.helmwatch.core.sink;

import io.helmwatch.core.EventSink;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * {@code jsonl:path=events.jsonl[,append=false]}: a {@link JsonLinesSink} writing to a file.
 *
 * @since 0.1
 */
public final class JsonLinesSinkProvider implements EventSinkProvider {

  @Override
  public String name() {
    return "jsonl";
  }

  @Override
  public String description() {
    return "NDJSON to a file; options: path (required), append (default true)";
  }

  @Override
  public EventSink create(Map<String, String> config) {
    SinkConfig c = SinkConfig.of(name(), config).allowOnly(Set.of("path", "append"), Set.of());
    Path path;
    try {
      path = Path.of(c.required("path"));
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException("Option 'path' of sink 'jsonl' is not a valid path: " + e.getReason());
    }
    return JsonLinesSink.toPath(path, c.bool("append", true));
  }
}
