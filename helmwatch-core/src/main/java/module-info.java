/**
 * helmwatch core: the model, state derivation, emission policies, the {@link io.helmwatch.core.Watcher},
 * delivery lanes and the built-in sinks. The jobs table is {@code helmwatch-jobs}.
 * Depends on slf4j-api and jspecify only.
 */
module io.helmwatch.core {
  requires static transitive org.jspecify;
  requires org.slf4j;
  requires java.net.http;

  exports io.helmwatch.core;
  // The CloudEvents and Kafka modules carry the schema-1 objects as their data.
  exports io.helmwatch.core.internal.json to io.helmwatch.cloudevents, io.helmwatch.kafka;
  exports io.helmwatch.core.flux;
  exports io.helmwatch.core.sink;

  uses io.helmwatch.core.sink.EventSinkProvider;

  provides io.helmwatch.core.sink.EventSinkProvider with
      io.helmwatch.core.sink.Slf4jSinkProvider,
      io.helmwatch.core.sink.JsonLinesSinkProvider,
      io.helmwatch.core.sink.WebhookSinkProvider;
}
