package io.helmwatch.core.sink;

import io.helmwatch.core.EventSink;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * {@code webhook:url=https://...[,connectTimeout=5s][,requestTimeout=10s][,header.<Name>=<value>]
 * [,headerEnv.<Name>=<VARIABLE>]}: a {@link WebhookSink}. Prefer {@code headerEnv} for secrets, so that a
 * token is read from the environment instead of standing on a command line.
 *
 * @since 0.1
 */
public final class WebhookSinkProvider implements EventSinkProvider {
  private final UnaryOperator<String> environment;

  /** Reads {@code headerEnv} variables from {@link System#getenv(String)}. */
  public WebhookSinkProvider() {
    this(System::getenv);
  }

  /** Reads {@code headerEnv} variables through {@code environment} (which returns {@code null} when unset). */
  public WebhookSinkProvider(UnaryOperator<String> environment) {
    this.environment = Objects.requireNonNull(environment, "environment");
  }

  @Override
  public String name() {
    return "webhook";
  }

  @Override
  public String description() {
    return "HTTP POST of each JSON object; options: url (required), connectTimeout, requestTimeout,"
        + " header.<Name>, headerEnv.<Name>=<VARIABLE>";
  }

  @Override
  public EventSink create(Map<String, String> config) {
    SinkConfig c = SinkConfig.of(name(), config)
        .allowOnly(Set.of("url", "connectTimeout", "requestTimeout"), Set.of("header.", "headerEnv."));
    URI uri;
    try {
      uri = new URI(c.required("url"));
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("Option 'url' of sink 'webhook' is not a valid URL");
    }
    WebhookSink.Builder b = WebhookSink.builder(uri)
        .connectTimeout(c.duration("connectTimeout", Duration.ofSeconds(5)))
        .requestTimeout(c.duration("requestTimeout", Duration.ofSeconds(10)));
    c.withPrefix("header.").forEach(b::header);
    c.withPrefix("headerEnv.").forEach((header, variable) -> {
      String value = environment.apply(variable);
      if (value == null || value.isEmpty()) {
        throw new IllegalArgumentException("Sink 'webhook': environment variable '" + variable
            + "' for header '" + header + "' is not set");
      }
      b.header(header, value);
    });
    return b.build();
  }
}
