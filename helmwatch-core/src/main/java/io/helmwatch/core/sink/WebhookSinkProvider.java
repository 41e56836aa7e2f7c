package io.helmwatch.core.sink;

import io.helmwatch.core.EventSink;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * {@code webhook:url=https://...[,connectTimeout=5s][,requestTimeout=10s][,header.<Name>=<value>]
 * [,headerEnv.<Name>=<VARIABLE>][,hmacKeyEnv=<VARIABLE>|,hmacKeyFile=<path>]}: a {@link WebhookSink}. Prefer
 * {@code headerEnv} for secrets, so that a token is read from the environment instead of standing on a
 * command line. {@code hmacKeyEnv} or {@code hmacKeyFile} signs every body as Flux's {@code generic-hmac}
 * provider does ({@code X-Signature: sha256=<hex>}); the key is the variable's value or the file's bytes
 * (UTF-8 text for the variable; one trailing line break of the file is dropped, as {@code echo} writes it).
 *
 * <p>{@link #configure} applies the same options to any {@link WebhookSink.Builder}, for providers of
 * webhooks in other formats.
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
        + " header.<Name>, headerEnv.<Name>=<VARIABLE>, hmacKeyEnv=<VARIABLE> or hmacKeyFile=<path>";
  }

  /** The options {@link #configure} reads, besides the prefixes {@link #OPTION_PREFIXES}. */
  public static final Set<String> OPTIONS =
      Set.of("url", "connectTimeout", "requestTimeout", "hmacKeyEnv", "hmacKeyFile");

  /** Option prefixes {@link #configure} reads: {@code header.} and {@code headerEnv.}. */
  public static final Set<String> OPTION_PREFIXES = Set.of("header.", "headerEnv.");

  @Override
  public EventSink create(Map<String, String> config) {
    SinkConfig c = SinkConfig.of(name(), config).allowOnly(OPTIONS, OPTION_PREFIXES);
    return configure(name(), c, environment).build();
  }

  /**
   * A builder configured from the webhook options of sink {@code sink} ({@link #OPTIONS}, {@link
   * #OPTION_PREFIXES}); the caller has checked which options it allows.
   *
   * @param environment reads {@code headerEnv} and {@code hmacKeyEnv} variables ({@code null} when unset)
   * @throws IllegalArgumentException naming the option, never its value, when one is missing or wrong
   */
  public static WebhookSink.Builder configure(String sink, SinkConfig c, UnaryOperator<String> environment) {
    URI uri;
    try {
      uri = new URI(c.required("url"));
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("Option 'url' of sink '" + sink + "' is not a valid URL");
    }
    WebhookSink.Builder b = WebhookSink.builder(uri)
        .connectTimeout(c.duration("connectTimeout", Duration.ofSeconds(5)))
        .requestTimeout(c.duration("requestTimeout", Duration.ofSeconds(10)));
    c.withPrefix("header.").forEach(b::header);
    c.withPrefix("headerEnv.").forEach((header, variable) ->
        b.header(header, variable(sink, environment, variable, "header '" + header + "'")));
    String keyEnv = c.get("hmacKeyEnv", "");
    String keyFile = c.get("hmacKeyFile", "");
    if (!keyEnv.isEmpty() && !keyFile.isEmpty()) {
      throw new IllegalArgumentException(
          "Sink '" + sink + "' takes either 'hmacKeyEnv' or 'hmacKeyFile', not both");
    }
    if (!keyEnv.isEmpty()) {
      b.hmacKey(variable(sink, environment, keyEnv, "the HMAC key").getBytes(StandardCharsets.UTF_8));
    } else if (!keyFile.isEmpty()) {
      byte[] key = readKey(sink, keyFile);
      try {
        b.hmacKey(key);
      } finally {
        Arrays.fill(key, (byte) 0);
      }
    }
    return b;
  }

  private static String variable(String sink, UnaryOperator<String> environment, String variable, String what) {
    String value = environment.apply(variable);
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException(
          "Sink '" + sink + "': environment variable '" + variable + "' for " + what + " is not set");
    }
    return value;
  }

  /** The file's bytes less one trailing line break; errors name the file, never its content. */
  private static byte[] readKey(String sink, String file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(Path.of(file));
    } catch (IOException | InvalidPathException e) {
      throw new IllegalArgumentException("Sink '" + sink + "': cannot read the HMAC key file '" + file + "' ("
          + e.getClass().getSimpleName() + ")");
    }
    int n = bytes.length;
    if (n > 0 && bytes[n - 1] == '\n') {
      n--;
      if (n > 0 && bytes[n - 1] == '\r') {
        n--;
      }
    }
    if (n == 0) {
      throw new IllegalArgumentException("Sink '" + sink + "': the HMAC key file '" + file + "' is empty");
    }
    byte[] key = Arrays.copyOf(bytes, n);
    Arrays.fill(bytes, (byte) 0);
    return key;
  }
}
