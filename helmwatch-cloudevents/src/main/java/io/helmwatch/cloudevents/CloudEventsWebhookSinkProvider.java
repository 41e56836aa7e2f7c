package io.helmwatch.cloudevents;

import io.helmwatch.core.EventSink;
import io.helmwatch.core.sink.EventSinkProvider;
import io.helmwatch.core.sink.SinkConfig;
import io.helmwatch.core.sink.WebhookSinkProvider;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * {@code cloudevents-webhook:url=https://...[,mode=binary|structured]} plus every option of {@code
 * webhook} (timeouts, {@code header.}, {@code headerEnv.}, {@code hmacKeyEnv}, {@code hmacKeyFile}): a
 * {@link io.helmwatch.core.sink.WebhookSink} that posts CloudEvents ({@link CloudEventsFormat}). {@code
 * binary} (the default) sends the attributes as {@code ce-*} headers and the schema-1 object as the body;
 * {@code structured} posts one {@code application/cloudevents+json} object.
 *
 * @since 0.1
 */
public final class CloudEventsWebhookSinkProvider implements EventSinkProvider {
  private static final Set<String> OPTIONS = options();

  private final UnaryOperator<String> environment;

  /** Reads {@code headerEnv} and {@code hmacKeyEnv} variables from {@link System#getenv(String)}. */
  public CloudEventsWebhookSinkProvider() {
    this(System::getenv);
  }

  /** Reads variables through {@code environment} (which returns {@code null} when unset). */
  public CloudEventsWebhookSinkProvider(UnaryOperator<String> environment) {
    this.environment = Objects.requireNonNull(environment, "environment");
  }

  @Override
  public String name() {
    return "cloudevents-webhook";
  }

  @Override
  public String description() {
    return "HTTP POST of each item as a CloudEvent; options: mode (binary, the default, or structured) and"
        + " those of webhook";
  }

  @Override
  public EventSink create(Map<String, String> config) {
    SinkConfig c = SinkConfig.of(name(), config).allowOnly(OPTIONS, WebhookSinkProvider.OPTION_PREFIXES);
    CloudEventsFormat format = switch (c.get("mode", "binary")) {
      case "binary" -> CloudEventsFormat.binary();
      case "structured" -> CloudEventsFormat.structured();
      default -> throw new IllegalArgumentException(
          "Option 'mode' of sink '" + name() + "' must be binary or structured");
    };
    return WebhookSinkProvider.configure(name(), c, environment).format(format).build();
  }

  private static Set<String> options() {
    Set<String> options = new HashSet<>(WebhookSinkProvider.OPTIONS);
    options.add("mode");
    return Set.copyOf(options);
  }
}
