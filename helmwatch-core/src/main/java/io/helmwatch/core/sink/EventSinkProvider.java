package io.helmwatch.core.sink;

import io.helmwatch.core.EventSink;
import java.util.Map;

/**
 * Creates sinks by name from string options, so that a program can be told {@code --sink
 * jsonl:path=events.jsonl}. Discovered with {@link java.util.ServiceLoader}: declare {@code provides
 * io.helmwatch.core.sink.EventSinkProvider with ...} in {@code module-info.java}, or list the class in {@code
 * META-INF/services/io.helmwatch.core.sink.EventSinkProvider}. See {@link EventSinks#fromSpec(String)}.
 *
 * <p>helmwatch's own: {@code log} ({@link Slf4jSink}), {@code jsonl} ({@link JsonLinesSink}), {@code
 * webhook} ({@link WebhookSink}).
 *
 * @since 0.1
 */
public interface EventSinkProvider {

  /** The name used in specs: lower case, no {@code :}. */
  String name();

  /** One line for help texts: what the sink does and its options. */
  default String description() {
    return "";
  }

  /**
   * A new sink configured by {@code config}. Read it through {@link SinkConfig}, which rejects unknown
   * options and explains missing or malformed ones.
   *
   * @throws IllegalArgumentException when the configuration is incomplete or wrong; its message must not
   *     repeat option values, which may be secrets
   */
  EventSink create(Map<String, String> config);
}
