package io.helmwatch.core.sink;

import io.helmwatch.core.internal.Checks;
import io.helmwatch.core.ComponentEvent;
import io.helmwatch.core.ComponentSnapshot;
import io.helmwatch.core.EventSink;
import io.helmwatch.core.WatchNotice;
import io.helmwatch.core.WatchResult;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * POSTs each event, notice, snapshot and outcome to a URL with the JDK's {@link HttpClient}, encoded by an
 * {@link EventFormat}: by default one JSON schema 1 object ({@code Content-Type: application/json}).
 *
 * <p>A timeout, a connection failure, HTTP 408, 429 or 5xx (or an unfollowed 3xx) throws {@link
 * RetryableSinkException}, so the sink's delivery lane retries it with backoff ({@link
 * io.helmwatch.core.LaneOptions#retry()}); on 429 and 503 a {@code Retry-After} (seconds or an HTTP date)
 * is passed on as {@link RetryableSinkException#retryAfter()}. Any other 4xx means the receiver will never
 * take this request: it throws {@link IllegalStateException} and is not retried. Headers given with
 * {@link Builder#header} (for authentication) are sent with every request and never appear in a log line,
 * an exception message or {@link #toString()}; neither do the URL's user info and query.
 *
 * <p>With {@link Builder#hmacKey}, every request carries {@code X-Signature: sha256=<hex>}, the lower-case
 * hex HMAC-SHA256 of the exact body bytes under the key, as Flux's {@code generic-hmac} notification
 * provider sends it, so receivers written for Flux verify helmwatch's requests unchanged. The key is never
 * logged or shown.
 *
 * <pre>{@code
 * WebhookSink hook = WebhookSink.builder(URI.create("https://hooks.example.com/helmwatch"))
 *     .header("Authorization", "Bearer " + System.getenv("HOOK_TOKEN"))
 *     .build();
 * watcher.subscribe(hook, LaneOptions.defaults().withRetry(
 *     RetryPolicy.exponential(5, Duration.ofSeconds(1), Duration.ofSeconds(30))));
 * }</pre>
 *
 * @since 0.1
 */
public final class WebhookSink implements EventSink {
  /** The header Flux's {@code generic-hmac} provider signs with. */
  public static final String SIGNATURE_HEADER = "X-Signature";

  private static final String HMAC = "HmacSHA256";

  private final URI uri;
  private final String safeUri;
  private final Map<String, String> headers;
  private final Duration requestTimeout;
  private final HttpClient client;
  private final Clock clock;
  private final EventFormat format;
  private final @Nullable SecretKeySpec hmacKey;

  private WebhookSink(Builder b) {
    this.uri = b.uri;
    this.safeUri = redact(b.uri);
    this.headers = Map.copyOf(b.headers);
    this.requestTimeout = b.requestTimeout;
    this.client = HttpClient.newBuilder().connectTimeout(b.connectTimeout).build();
    this.clock = b.clock;
    this.format = b.format;
    this.hmacKey = b.hmacKey;
  }

  /** A webhook to {@code uri} ({@code http} or {@code https}). */
  public static Builder builder(URI uri) {
    return new Builder(uri);
  }

  @Override
  public String name() {
    return (format == EventFormat.json() ? "" : format.name() + "-") + "webhook:" + safeUri;
  }

  @Override
  public void onEvent(ComponentEvent event) {
    post(format.event(event), "event for " + event.component());
  }

  @Override
  public void onNotice(WatchNotice notice) {
    post(format.notice(notice), "notice " + notice.kind());
  }

  @Override
  public void onSnapshot(List<ComponentSnapshot> snapshot) {
    post(format.snapshot(snapshot, clock.instant()), "snapshot");
  }

  @Override
  public void onOutcome(WatchResult result) {
    post(format.outcome(result, clock.instant()), "outcome");
  }

  private void post(EventFormat.Message message, String what) {
    byte[] body = message.body().getBytes(StandardCharsets.UTF_8);
    HttpRequest.Builder request = HttpRequest.newBuilder(uri)
        .timeout(requestTimeout)
        .header("Content-Type", message.contentType())
        .header("User-Agent", "helmwatch")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    message.headers().forEach(request::header);
    headers.forEach(request::header);
    if (hmacKey != null) {
      request.header(SIGNATURE_HEADER, "sha256=" + sign(hmacKey, body));
    }
    HttpResponse<Void> response;
    try {
      response = client.send(request.build(), HttpResponse.BodyHandlers.discarding());
    } catch (IOException e) {
      // The JDK's messages name the failure, never the request's headers.
      throw new RetryableSinkException("Webhook " + safeUri + " could not take the " + what + ": "
          + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while posting the " + what + " to webhook " + safeUri, e);
    }
    int status = response.statusCode();
    if (status >= 200 && status <= 299) {
      return;
    }
    String answer = "Webhook " + safeUri + " answered HTTP " + status + " to the " + what;
    if (status >= 400 && status <= 499 && status != 408 && status != 429) {
      throw new IllegalStateException(answer + "; not retried, as the receiver refuses this request");
    }
    Duration retryAfter = status == 429 || status == 503
        ? retryAfter(response.headers().firstValue("Retry-After").orElse(null), clock.instant())
        : null;
    throw new RetryableSinkException(retryAfter == null ? answer : answer + " (Retry-After " + retryAfter + ")",
        retryAfter);
  }

  /** Lower-case hex HMAC-SHA256 of {@code body}. */
  private static String sign(SecretKeySpec key, byte[] body) {
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(key);
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      // Names the algorithm only: the key's bytes never reach a message.
      throw new IllegalStateException("Cannot sign the webhook body with " + HMAC + ": " + e.getClass().getName());
    }
  }

  /**
   * A {@code Retry-After} value (RFC 9110: a number of seconds or an HTTP date) as a wait from {@code now};
   * {@code null} when absent or unreadable, zero for a date in the past.
   */
  static @Nullable Duration retryAfter(@Nullable String value, Instant now) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String v = value.trim();
    if (v.chars().allMatch(c -> c >= '0' && c <= '9')) {
      try {
        return Duration.ofSeconds(Long.parseLong(v));
      } catch (NumberFormatException e) {
        return null;
      }
    }
    try {
      Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      return at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO;
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  @Override
  public String toString() {
    return "WebhookSink[" + safeUri + ", " + format.name() + ", " + headers.size() + " headers"
        + (hmacKey == null ? "" : ", signed") + "]";
  }

  /** Scheme, host, port and path only: user info and query may hold credentials. */
  static String redact(URI uri) {
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort()) + path;
  }

  /** Configures a {@link WebhookSink}. Validates eagerly. */
  public static final class Builder {
    private final URI uri;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration requestTimeout = Duration.ofSeconds(10);
    private Clock clock = Clock.systemUTC();
    private EventFormat format = EventFormat.json();
    private @Nullable SecretKeySpec hmacKey;

    private Builder(URI uri) {
      Objects.requireNonNull(uri, "uri");
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
        throw new IllegalArgumentException(
            "webhook URL must be an absolute http(s) URL with a host, was " + redactLoosely(uri));
      }
      this.uri = uri;
    }

    /** A header sent with every request, e.g. {@code Authorization}. Its value is never logged. */
    public Builder header(String name, String value) {
      Objects.requireNonNull(name, "header name");
      Objects.requireNonNull(value, () -> "value of header " + name);
      try {
        HttpRequest.newBuilder(uri).header(name, value);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("header '" + name + "' cannot be sent: the name is restricted or "
            + "the name or value holds characters HTTP does not allow");
      }
      headers.put(name, value);
      return this;
    }

    /** Default 5 seconds. */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = Checks.positive(timeout, "connectTimeout");
      return this;
    }

    /** Time for the whole request, answer included. Default 10 seconds. */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = Checks.positive(timeout, "requestTimeout");
      return this;
    }

    /** Stamps snapshots and outcomes. Default UTC system clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** How each request body (and any format headers) is encoded. Default {@link EventFormat#json()}. */
    public Builder format(EventFormat format) {
      this.format = Objects.requireNonNull(format, "format");
      return this;
    }

    /**
     * Signs every body with HMAC-SHA256 under {@code key} in {@value WebhookSink#SIGNATURE_HEADER}: {@code sha256=<hex>},
     * as Flux's {@code generic-hmac} provider does (whose key is the Secret's {@code token} bytes). The array
     * is copied; the key is never logged.
     *
     * @throws IllegalArgumentException when {@code key} is empty
     */
    public Builder hmacKey(byte[] key) {
      Objects.requireNonNull(key, "key");
      if (key.length == 0) {
        throw new IllegalArgumentException("the HMAC key must not be empty");
      }
      this.hmacKey = new SecretKeySpec(key, HMAC); // copies the key
      return this;
    }

    public WebhookSink build() {
      return new WebhookSink(this);
    }

    private static String redactLoosely(URI uri) {
      return uri.getScheme() == null || uri.getHost() == null ? "'" + uri.getScheme() + ":...'" : redact(uri);
    }
  }
}
