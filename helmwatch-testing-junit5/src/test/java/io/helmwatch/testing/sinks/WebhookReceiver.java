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

/** A loopback HTTP server that records POST bodies and headers and answers with scripted statuses. */
final class WebhookReceiver implements AutoCloseable {
  record Request(String body, Map<String, List<String>> headers) {}

  private final HttpServer server;
  private final List<Request> requests = new ArrayList<>();
  private final ConcurrentLinkedQueue<Integer> statuses = new ConcurrentLinkedQueue<>();

  WebhookReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/hook", exchange -> {
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      Integer status = statuses.poll();
      int code = status == null ? 204 : status;
      if (code >= 200 && code < 300) {
        synchronized (requests) {
          requests.add(new Request(new String(body, StandardCharsets.UTF_8), Map.copyOf(exchange.getRequestHeaders())));
        }
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
    statuses.addAll(List.of(codes));
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
