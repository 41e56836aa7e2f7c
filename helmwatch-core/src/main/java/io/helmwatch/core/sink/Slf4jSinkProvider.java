package io.helmwatch.core.sink;

import io.helmwatch.core.EventSink;
import java.util.Map;
import java.util.Set;

/**
 * {@code log} or {@code log:logger=my.events}: a {@link Slf4jSink}.
 *
 * @since 0.1
 */
public final class Slf4jSinkProvider implements EventSinkProvider {

  @Override
  public String name() {
    return "log";
  }

  @Override
  public String description() {
    return "one log line per event through SLF4J; options: logger (default " + Slf4jSink.DEFAULT_LOGGER + ")";
  }

  @Override
  public EventSink create(Map<String, String> config) {
    SinkConfig c = SinkConfig.of(name(), config).allowOnly(Set.of("logger"), Set.of());
    return Slf4jSink.named(c.get("logger", Slf4jSink.DEFAULT_LOGGER));
  }
}
