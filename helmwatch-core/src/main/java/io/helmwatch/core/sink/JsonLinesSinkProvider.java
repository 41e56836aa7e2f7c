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
    return create(name(), config, EventFormat.json());
  }

  /**
   * A {@link JsonLinesSink} for sink {@code sink} from the options {@code path} and {@code append}, each line
   * encoded by {@code format}: for providers of JSON lines in other formats.
   *
   * @throws IllegalArgumentException naming the option when one is missing, unknown or wrong
   */
  public static JsonLinesSink create(String sink, Map<String, String> config, EventFormat format) {
    SinkConfig c = SinkConfig.of(sink, config).allowOnly(Set.of("path", "append"), Set.of());
    Path path;
    try {
      path = Path.of(c.required("path"));
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException(
          "Option 'path' of sink '" + sink + "' is not a valid path: " + e.getReason());
    }
    return JsonLinesSink.toPath(path, c.bool("append", true), format);
  }
}
