/**
 * CloudEvents 1.0 for helmwatch: {@link io.helmwatch.cloudevents.CloudEventsFormat} and the {@code
 * cloudevents-webhook} and {@code cloudevents-jsonl} sinks, built on the CloudEvents Java SDK.
 */
module io.helmwatch.cloudevents {
  requires transitive io.helmwatch.core;
  requires io.cloudevents.api;
  requires io.cloudevents.core;
  requires io.cloudevents.formats.jackson;
  requires io.cloudevents.http.basic;
  requires static org.jspecify;

  exports io.helmwatch.cloudevents;

  provides io.helmwatch.core.sink.EventSinkProvider with
      io.helmwatch.cloudevents.CloudEventsWebhookSinkProvider,
      io.helmwatch.cloudevents.CloudEventsJsonLinesSinkProvider;
}
