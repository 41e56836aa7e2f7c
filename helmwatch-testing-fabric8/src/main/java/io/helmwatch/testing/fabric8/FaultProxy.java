package io.helmwatch.testing.fabric8;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback TCP proxy in front of a {@code FakeCluster} that answers the API server's faults the CRUD mock
 * cannot: {@code 410 Gone} on watch, {@code 500} and {@code 429} for a number of requests, and delayed
 * responses. It reads each request's head, either answers it with a scripted status or forwards it (with
 * {@code Connection: close}, so that every request arrives on its own connection and passes the script)
 * and then pipes bytes both ways, which also carries WebSocket watches.
 *
 * <pre>{@code
 * try (FakeCluster cluster = FakeCluster.start();
 *     FaultProxy proxy = FaultProxy.in(cluster)) {
 *   ReleaseSource source = Fabric8ReleaseSource.builder().client(proxy.client()).build();
 *   proxy.fail(FaultProxy.Target.LIST, 500, 3);   // the next three lists fail
 *   proxy.expireWatches(1);                       // the next watch ends with 410 Gone: the informer relists
 *   proxy.delay(FaultProxy.Target.ANY, Duration.ofMillis(400), 3);
 * }
 * }</pre>
 *
 * <p>Scripted faults apply in the order given, each to the next matching requests; {@link #heal()} forgets
 * the rest. Closing the proxy closes the clients it made and every connection through it.
 *
 * @since 0.1
 */
public final class FaultProxy implements AutoCloseable {

  /** What a scripted fault applies to: lists and other plain requests, watches, or any request. */
  public enum Target { LIST, WATCH, ANY }

  /** {@code status} 0 with a delay: forward late; {@link #GONE_EVENT}: accept the watch, then send 410. */
  private record Fault(Target target, int status, Duration delay, AtomicInteger remaining) {}

  private static final int GONE_EVENT = -410;

  private final URI upstream;
  private final ServerSocket server;
  private final List<Fault> script = new ArrayList<>();
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private final List<ApiRequest> requests = java.util.Collections.synchronizedList(new ArrayList<>());
  private final List<KubernetesClient> clients = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final AtomicInteger injected = new AtomicInteger();
  private volatile boolean closed;

  private FaultProxy(URI upstream) throws IOException {
    this.upstream = upstream;
    this.server = new ServerSocket();
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    Thread acceptor = new Thread(this::acceptLoop, "fault-proxy-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** A proxy on a free loopback port in front of {@code cluster}. */
  public static FaultProxy in(FakeCluster cluster) {
    return in(cluster.client().getConfiguration().getMasterUrl());
  }

  /** A proxy on a free loopback port in front of the API server at {@code upstreamUrl}. */
  public static FaultProxy in(String upstreamUrl) {
    try {
      return new FaultProxy(URI.create(upstreamUrl));
    } catch (IOException e) {
      throw new UncheckedIOException("Could not open a loopback port for the fault proxy", e);
    }
  }

  /**
   * A new client of the cluster through this proxy, in namespace {@code flux-system}, that retries a failed
   * request once after 50 ms and reconnects a dropped watch after 100 ms, forever: faults show quickly. Closed
   * with the proxy.
   */
  public KubernetesClient client() {
    Config config = new ConfigBuilder(Config.empty())
        .withMasterUrl(url())
        .withNamespace("flux-system")
        .withRequestRetryBackoffLimit(1)
        .withRequestRetryBackoffInterval(50)
        .withWatchReconnectInterval(100)
        .withWatchReconnectLimit(-1)
        .build();
    KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
    clients.add(client);
    return client;
  }

  /** The proxy's address, for a client configured by hand. */
  public String url() {
    return "http://127.0.0.1:" + server.getLocalPort() + "/";
  }

  /** The next {@code count} requests of {@code target} are answered with {@code status}. */
  public synchronized void fail(Target target, int status, int count) {
    script.add(new Fault(target, status, Duration.ZERO, new AtomicInteger(count)));
  }

  /**
   * The next {@code count} watches are accepted and then answered as a real API server answers a watch from
   * a compacted resourceVersion: an {@code ERROR} event with a {@code 410 Gone} status, then the end of the
   * stream. Informers relist on it.
   */
  public synchronized void expireWatches(int count) {
    script.add(new Fault(Target.WATCH, GONE_EVENT, Duration.ZERO, new AtomicInteger(count)));
  }

  /** The next {@code count} requests of {@code target} are forwarded after {@code delay}. */
  public synchronized void delay(Target target, Duration delay, int count) {
    script.add(new Fault(target, 0, delay, new AtomicInteger(count)));
  }

  /** Forgets every scripted fault not yet used up. */
  public synchronized void heal() {
    script.clear();
  }

  /** Faults applied so far (answered statuses and delays). */
  public int injected() {
    return injected.get();
  }

  /** Every request seen, as {@code METHOD path?query}, in arrival order. */
  public List<String> requests() {
    return recordedRequests().stream().map(ApiRequest::toString).toList();
  }

  /** Every request seen, in arrival order. */
  public List<ApiRequest> recordedRequests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  /** The first scripted delay (when {@code delays}) or answer that applies to the request, used once. */
  private synchronized Fault take(boolean watch, boolean delays) {
    for (Fault f : script) {
      boolean applies = f.target == Target.ANY || (f.target == Target.WATCH) == watch;
      if (applies && (f.status == 0) == delays && f.remaining.get() > 0) {
        f.remaining.decrementAndGet();
        notifyAll();
        return f;
      }
    }
    return null;
  }

  /** Waits until every scripted fault has been used; {@code false} if some are left after {@code timeout}. */
  public synchronized boolean awaitUsedUp(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (script.stream().anyMatch(f -> f.remaining.get() > 0)) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return true;
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket client = server.accept();
        sockets.add(client);
        Thread t = new Thread(() -> serve(client), "fault-proxy-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        if (!closed) {
          throw new IllegalStateException("fault proxy accept failed", e);
        }
      }
    }
  }

  private void serve(Socket client) {
    try (client) {
      InputStream in = new java.io.BufferedInputStream(client.getInputStream());
      byte[] head = readHead(in);
      if (head == null) {
        return;
      }
      String text = new String(head, StandardCharsets.ISO_8859_1);
      String requestLine = text.substring(0, text.indexOf("\r\n"));
      String[] parts = requestLine.split(" ");
      String path = parts.length > 1 ? parts[1] : "";
      ApiRequest request = ApiRequest.of(parts[0], path);
      requests.add(request);
      boolean watch = request.isWatch();
      Fault delay = take(watch, true);
      if (delay != null) {
        injected.incrementAndGet();
        Thread.sleep(delay.delay.toMillis()); // the slow API server's behaviour, not a wait in a test
      }
      Fault fault = take(watch, false);
      if (fault != null) {
        injected.incrementAndGet();
        if (fault.status == GONE_EVENT) {
          expired(client.getOutputStream(), text);
          return;
        }
        answer(client.getOutputStream(), fault.status);
        return;
      }
      forward(client, in, rewrite(text));
    } catch (IOException | RuntimeException e) {
      // A connection torn down by either side: nothing to do.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      sockets.remove(client);
    }
  }

  private void forward(Socket client, InputStream clientIn, byte[] head) throws IOException {
    Socket up = new Socket(upstream.getHost(), upstream.getPort());
    sockets.add(up);
    try {
      up.getOutputStream().write(head);
      up.getOutputStream().flush();
      Thread pump = new Thread(() -> pipe(clientIn, up, client), "fault-proxy-up");
      pump.setDaemon(true);
      pump.start();
      pipe(up.getInputStream(), client, up);
    } finally {
      closeQuietly(up);
      closeQuietly(client);
      sockets.remove(up);
    }
  }

  /**
   * Copies until end of stream, then half-closes {@code to}. On any error both sockets are closed: a
   * peer left unread would make the mock server block on its writes.
   */
  private static void pipe(InputStream from, Socket to, Socket other) {
    try {
      OutputStream out = to.getOutputStream();
      byte[] buf = new byte[16 * 1024];
      int n;
      while ((n = from.read(buf)) >= 0) {
        out.write(buf, 0, n);
        out.flush();
      }
      to.shutdownOutput();
    } catch (IOException e) {
      closeQuietly(to);
      closeQuietly(other);
    }
  }

  private static void closeQuietly(java.io.Closeable s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // already gone
    }
  }

  /** Every plain request gets {@code Connection: close}; upgrades (watches) are left as they are. */
  private static byte[] rewrite(String head) {
    String lower = head.toLowerCase(Locale.ROOT);
    if (lower.contains("upgrade: websocket")) {
      return head.getBytes(StandardCharsets.ISO_8859_1);
    }
    StringBuilder out = new StringBuilder();
    for (String line : head.split("\r\n")) {
      if (line.isEmpty() || line.toLowerCase(Locale.ROOT).startsWith("connection:")) {
        continue;
      }
      out.append(line).append("\r\n");
    }
    out.append("Connection: close\r\n\r\n");
    return out.toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  private static void answer(OutputStream out, int status) throws IOException {
    String reason = switch (status) {
      case 410 -> "Gone";
      case 429 -> "Too Many Requests";
      case 500 -> "Internal Server Error";
      default -> "Error";
    };
    String message = status == 410 ? "too old resource version: 1 (2)" : reason.toLowerCase(Locale.ROOT);
    String body = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
        + "\"message\":\"" + message + "\",\"reason\":\"" + reason.replace(" ", "") + "\",\"code\":" + status + "}";
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    String head = "HTTP/1.1 " + status + " " + reason + "\r\n"
        + "Content-Type: application/json\r\n"
        + (status == 429 ? "Retry-After: 0\r\n" : "")
        + "Content-Length: " + bytes.length + "\r\n"
        + "Connection: close\r\n\r\n";
    out.write(head.getBytes(StandardCharsets.ISO_8859_1));
    out.write(bytes);
    out.flush();
  }

  private static void expired(OutputStream out, String head) throws IOException {
    String event = "{\"type\":\"ERROR\",\"object\":{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},"
        + "\"status\":\"Failure\",\"message\":\"too old resource version: 1 (2)\",\"reason\":\"Expired\","
        + "\"code\":410}}";
    byte[] payload = event.getBytes(StandardCharsets.UTF_8);
    String key = header(head, "sec-websocket-key");
    if (key == null) {
      out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.ISO_8859_1));
      out.write(payload);
      out.write('\n');
      out.flush();
      return;
    }
    String accept;
    try {
      accept = java.util.Base64.getEncoder().encodeToString(java.security.MessageDigest.getInstance("SHA-1")
          .digest((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.ISO_8859_1)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
    ByteArrayOutputStream frame = new ByteArrayOutputStream();
    frame.write(0x81);
    if (payload.length < 126) {
      frame.write(payload.length);
    } else {
      frame.write(126);
      frame.write(payload.length >> 8);
      frame.write(payload.length & 0xff);
    }
    frame.write(payload);
    frame.write(new byte[] {(byte) 0x88, 2, 0x03, (byte) 0xE8});
    out.write(frame.toByteArray());
    out.flush();
  }

  private static String header(String head, String name) {
    for (String line : head.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
        return line.substring(colon + 1).trim();
      }
    }
    return null;
  }

  private static byte[] readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    int b;
    while ((b = in.read()) >= 0) {
      head.write(b);
      matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
          ? matched + 1 : (b == '\r' ? 1 : 0);
      if (matched == 4) {
        return head.toByteArray();
      }
      if (head.size() > 64 * 1024) {
        return null;
      }
    }
    return null;
  }

  @Override
  public void close() {
    closed = true;
    for (KubernetesClient client : clients) {
      client.close();
    }
    closeQuietly(server);
    for (Socket s : sockets) {
      try {
        s.close();
      } catch (IOException ignored) {
        // already gone
      }
    }
  }
}
