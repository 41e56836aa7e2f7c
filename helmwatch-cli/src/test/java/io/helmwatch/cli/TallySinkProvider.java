package io.helmwatch.cli;

import io.helmwatch.core.ComponentEvent;
import io.helmwatch.core.EventSink;
import io.helmwatch.core.sink.EventSinkProvider;
import io.helmwatch.core.sink.SinkConfig;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code tally:id=NAME}, found through the {@link EventSinkProvider} service file of the tests: a sink that
 * counts how often the sink of each id was closed, so that a test of the program can tell whether the
 * sinks it was given were released.
 */
public final class TallySinkProvider implements EventSinkProvider {
  private static final Map<String, Integer> CLOSES = new ConcurrentHashMap<>();

  @Override
  public String name() {
    return "tally";
  }

  @Override
  public EventSink create(Map<String, String> config) {
    String id = SinkConfig.of(name(), config).allowOnly(Set.of("id"), Set.of()).required("id");
    CLOSES.putIfAbsent(id, 0);
    return new EventSink() {
      @Override
      public void onEvent(ComponentEvent event) {}

      @Override
      public void close() {
        CLOSES.merge(id, 1, Integer::sum);
      }
    };
  }

  /** How often the sink {@code id} was closed; {@code null} when none was created. */
  static Integer closes(String id) {
    return CLOSES.get(id);
  }
}
