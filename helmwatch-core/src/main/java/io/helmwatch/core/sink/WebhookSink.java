package io.helmwatch.core.sink;

import io.helmwatch.core.internal.Checks;
import io.helmwatch.core.internal.json.EventJson;
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
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * POSTs each event, notice, snapshot and outcome as one {@link EventJson} object ({@code Content-Type:
 * application/json}) to a URL, with the JDK's {@link HttpClient}.
 *
 * <p>A non-2xx answer, a timeout or a connection failure throws {@link RetryableSinkException}, so the
 * sink's delivery lane retries it with backoff ({@link LaneOptions#retry()}). Headers given with
 * {@link Builder#header} (for authentication) are sent with every request and never appear in a log line,
 * an exception message or {@link #toString()}; neither do the URL's user info and query.
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
  private final URI uri;
  private final String safeUri;
  private final Map<String, String> headers;
  private final Duration requestTimeout;
  private final HttpClient client;
  private final Clock clock;

  private WebhookSink(Builder b) {
    this.uri = b.uri;
    this.safeUri = redact(b.uri);
    this.headers = Map.copyOf(b.headers);
    this.requestTimeout = b.requestTimeout;
    this.client = HttpClient.newBuilder().connectTimeout(b.connectTimeout).build();
    this.clock = b.clock;
  }

  /** A webhook to {@code uri} ({@code http} or {@code https}). */
  public static Builder builder(URI uri) {
    return new Builder(uri);
  }

  @Override
  public String name() {
    return "webhook:" + safeUri;
  }

  @Override
  public void onEvent(ComponentEvent event) {
    post(EventJson.event(event), "event for " + event.component());
  }

  @Override
  public void onNotice(WatchNotice notice) {
    post(EventJson.notice(notice), "notice " + notice.kind());
  }

  @Override
  public void onSnapshot(List<ComponentSnapshot> snapshot) {
    post(EventJson.snapshot(snapshot, clock.instant()), "snapshot");
  }

  @Override
  public void onOutcome(WatchResult result) {
    post(EventJson.outcome(result, clock.instant()), "outcome");
  }

  private void post(String json, String what) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri)
        .timeout(requestTimeout)
        .header("Content-Type", "application/json")
        .header("User-Agent", "helmwatch")
        .POST(HttpRequest.BodyPublishers.ofString(json));
    headers.forEach(request::header);
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
    if (status < 200 || status > 299) {
      throw new RetryableSinkException("Webhook " + safeUri + " answered HTTP " + status + " to the " + what);
    }
  }

  @Override
  public String toString() {
    return "WebhookSink[" + safeUri + ", " + headers.size() + " headers]";
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

    public WebhookSink build() {
      return new WebhookSink(this);
    }

    private static String redactLoosely(URI uri) {
      return uri.getScheme() == null || uri.getHost() == null ? "'" + uri.getScheme() + ":...'" : redact(uri);
    }
  }
}
