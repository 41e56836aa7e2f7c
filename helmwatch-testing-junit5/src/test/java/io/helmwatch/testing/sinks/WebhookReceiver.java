package io.helmwatch.testing.sinks;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.jspecify.annotations.Nullable;

/**
 * A loopback HTTP server that records POST bodies and headers and answers with scripted statuses (and, if
 * scripted, a {@code Retry-After}).
 */
final class WebhookReceiver implements AutoCloseable {
  record Request(String body, Map<String, List<String>> headers) {
    /** The raw body bytes, as signed. */
    byte[] bytes() {
      return body.getBytes(StandardCharsets.UTF_8);
    }

    String header(String name) {
      List<String> values = headers.get(name.substring(0, 1).toUpperCase(java.util.Locale.ROOT)
          + name.substring(1).toLowerCase(java.util.Locale.ROOT));
      return values == null || values.isEmpty() ? null : values.get(0);
    }
  }

  private record Answer(int status, @Nullable String retryAfter) {}

  private final HttpServer server;
  private final List<Request> requests = new ArrayList<>();
  private final List<Long> arrivals = new ArrayList<>();
  private final ConcurrentLinkedQueue<Answer> statuses = new ConcurrentLinkedQueue<>();

  WebhookReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/hook", exchange -> {
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      Answer answer = statuses.poll();
      int code = answer == null ? 204 : answer.status();
      synchronized (requests) {
        arrivals.add(System.nanoTime());
        if (code >= 200 && code < 300) {
          requests.add(new Request(new String(body, StandardCharsets.UTF_8), Map.copyOf(exchange.getRequestHeaders())));
        }
      }
      if (answer != null && answer.retryAfter() != null) {
        exchange.getResponseHeaders().add("Retry-After", answer.retryAfter());
      }
      exchange.sendResponseHeaders(code, -1);
      exchange.close();
    });
    server.start();
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
  }

  /** The next requests are answered with these statuses, then 204. */
  void answer(Integer... codes) {
    for (int code : codes) {
      statuses.add(new Answer(code, null));
    }
  }

  /** The next request is answered with {@code code} and {@code Retry-After: retryAfter}. */
  void answer(int code, String retryAfter) {
    statuses.add(new Answer(code, retryAfter));
  }

  /** {@link System#nanoTime()} at each request's arrival, answered or not. */
  List<Long> arrivals() {
    synchronized (requests) {
      return List.copyOf(arrivals);
    }
  }

  /** Accepted (2xx) requests, in arrival order. */
  List<Request> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
