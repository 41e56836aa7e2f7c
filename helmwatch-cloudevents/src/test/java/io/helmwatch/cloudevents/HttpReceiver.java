package io.helmwatch.cloudevents;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** A loopback endpoint that answers 204 and keeps each request's headers (names lower case) and body. */
final class HttpReceiver implements AutoCloseable {
  record Received(Map<String, String> headers, byte[] body) {}

  private final HttpServer server;
  private final List<Received> received = new ArrayList<>();

  HttpReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/events", exchange -> {
      Map<String, String> headers = new TreeMap<>();
      exchange.getRequestHeaders().forEach((name, values) ->
          headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
      try (InputStream in = exchange.getRequestBody()) {
        Received r = new Received(headers, in.readAllBytes());
        synchronized (received) {
          received.add(r);
        }
      }
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    });
    server.start();
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/events");
  }

  List<Received> received() {
    synchronized (received) {
      return List.copyOf(received);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
