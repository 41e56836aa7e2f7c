package io.helmwatch.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.client.Config;
import io.helmwatch.core.ComponentEvent;
import io.helmwatch.core.ComponentId;
import io.helmwatch.core.ComponentState;
import io.helmwatch.core.EmissionCause;
import io.helmwatch.core.EventLevel;
import io.helmwatch.core.EventSink;
import io.helmwatch.core.LaneOptions;
import io.helmwatch.core.ReleaseKey;
import io.helmwatch.core.RetryPolicy;
import io.helmwatch.core.Subscription;
import io.helmwatch.core.WatchNotice;
import io.helmwatch.core.Watcher;
import io.helmwatch.core.flux.FluxReasons;
import io.helmwatch.core.sink.EventSinkProvider;
import io.helmwatch.core.sink.EventSinks;
import io.helmwatch.core.sink.JsonLinesSink;
import io.helmwatch.core.sink.RetryableSinkException;
import io.helmwatch.core.sink.Slf4jSink;
import io.helmwatch.core.sink.WebhookSinkProvider;
import io.helmwatch.fabric8.Fabric8ReleaseSource;
import io.helmwatch.fabric8.Kubeconfigs;
import io.helmwatch.kafka.KafkaSinkProvider;
import io.helmwatch.testing.FakeReleaseSource;
import io.helmwatch.testing.HelmReleases;
import io.helmwatch.testing.RecordingSink;
import io.helmwatch.testing.fabric8.FakeCluster;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A watcher run with a kubeconfig that holds a recognisable token and client key, over releases whose
 * messages quote credentials, a source that cannot connect, and broken kubeconfigs: neither the token nor
 * the key appears in any log line, exception, event, notice, snapshot or sink output.
 */
class SecretHygieneTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String TOKEN = "hw-t0ken-5ecr3t-7f3a9c1d";
  private static final String KEY_MARKER = "HWKEY5ECR3T0123456789";
  private static final String KEY_PEM = "-----BEGIN RSA PRIVATE KEY-----\n" + KEY_MARKER
      + "abcdefghijklmnopqrstuvwxyz\n-----END RSA PRIVATE KEY-----\n";
  private static final String KEY_DATA =
      Base64.getEncoder().encodeToString(KEY_PEM.getBytes(StandardCharsets.US_ASCII));
  private static final String LOGGER = "helmwatch.secret-hygiene";

  static {
    // Before the loggers exist: everything the sink and the watcher log, not only warnings.
    System.setProperty("org.slf4j.simpleLogger.log." + LOGGER, "debug");
    System.setProperty("org.slf4j.simpleLogger.log.io.helmwatch", "debug");
    // The producer's own logging too, its configuration dump included.
    System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka", "info");
  }

  private static String kubeconfig(String server) {
    return "apiVersion: v1\n"
        + "kind: Config\n"
        + "clusters:\n"
        + "- name: fake\n"
        + "  cluster:\n"
        + "    server: " + server + "\n"
        + "contexts:\n"
        + "- name: fake\n"
        + "  context:\n"
        + "    cluster: fake\n"
        + "    user: admin\n"
        + "    namespace: flux-system\n"
        + "current-context: fake\n"
        + "users:\n"
        + "- name: admin\n"
        + "  user:\n"
        + "    token: " + TOKEN + "\n"
        + "    client-key-data: " + KEY_DATA + "\n";
  }

  /** Counts notices down, so that the test waits for the source error instead of sleeping. */
  private static final class NoticeLatch implements EventSink {
    final CountDownLatch errors = new CountDownLatch(2);

    @Override
    public void onEvent(ComponentEvent event) {}

    @Override
    public void onNotice(WatchNotice notice) {
      if (notice.kind() == WatchNotice.Kind.SOURCE_ERROR) {
        errors.countDown();
      }
    }
  }

  @Test
  void tokenAndClientKeyAppearNowhere() throws Exception {
    List<String> outputs = new ArrayList<>();
    try (CapturedOutput captured = CapturedOutput.start(); FakeCluster cluster = FakeCluster.start()) {
      cluster.create(HelmReleases.named("bp-leaky").notReady(FluxReasons.UPGRADE_FAILED,
          "pull failed: Authorization: Bearer " + TOKEN + " from https://admin:" + TOKEN + "@charts.example.com/x"));
      cluster.create(HelmReleases.named("bp-pairs").notReady(FluxReasons.INSTALL_FAILED,
          "values: password=" + TOKEN + " token: " + TOKEN + " client-key-data: " + KEY_DATA));
      cluster.create(HelmReleases.named("bp-pem").readyUnknown(FluxReasons.PROGRESSING, "key " + KEY_PEM));

      Config config = Kubeconfigs.fromString(kubeconfig(cluster.client().getConfiguration().getMasterUrl()), null);
      RecordingSink primary = new RecordingSink();
      RecordingSink subscriber = new RecordingSink("subscriber");
      StringWriter json = new StringWriter();
      try (Watcher watcher = Watcher.builder(Fabric8ReleaseSource.builder().config(config).build())
          .sink(primary).continuous().build()) {
        watcher.subscribe(subscriber);
        watcher.subscribe(JsonLinesSink.to(json));
        watcher.subscribe(Slf4jSink.named(LOGGER));
        watcher.start();
        primary.awaitState("bp-leaky", ComponentState.DEGRADED, WAIT);
        primary.awaitState("bp-pairs", ComponentState.DEGRADED, WAIT);
        primary.awaitState("bp-pem", ComponentState.INSTALLING, WAIT);
        outputs.add(watcher.snapshot().toString());
      }

      // A source that cannot connect: its errors go to logs and notices.
      int deadPort;
      try (ServerSocket s = new ServerSocket(0)) {
        deadPort = s.getLocalPort();
      }
      Config unreachable = Kubeconfigs.fromString(kubeconfig("http://127.0.0.1:" + deadPort), null);
      // Fail fast instead of fabric8's ten retries per request: the errors, not the retries, are under test.
      unreachable.setRequestRetryBackoffLimit(0);
      unreachable.setWatchReconnectInterval(100);
      NoticeLatch latch = new NoticeLatch();
      RecordingSink failing = new RecordingSink("failing");
      try (Watcher watcher = Watcher.builder(Fabric8ReleaseSource.builder().config(unreachable).build())
          .sink(failing).continuous().build()) {
        watcher.subscribe(latch);
        watcher.subscribe(Slf4jSink.named(LOGGER));
        watcher.start();
        assertThat(latch.errors.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("source errors reported").isTrue();
      }

      // Broken kubeconfigs: the exceptions must not quote them.
      List<Throwable> thrown = List.of(
          catchThrowable(() -> Kubeconfigs.fromString(kubeconfig("http://x") + "  oops: [" + TOKEN, null)),
          catchThrowable(() -> Kubeconfigs.fromString(kubeconfig("http://x"), "no-such-context")),
          catchThrowable(() -> Kubeconfigs.fromString("token: " + TOKEN + "\n" + KEY_PEM, null)));
      for (Throwable t : thrown) {
        assertThat(t).isNotNull();
        outputs.add(trace(t));
      }

      outputs.add(captured.text());
      outputs.add(json.toString());
      outputs.add(primary.received().toString());
      outputs.add(subscriber.received().toString());
      outputs.add(failing.received().toString());
      assertThat(primary.eventsFor("bp-leaky")).last().satisfies(e ->
          assertThat(e.message()).contains("Bearer ***", "https://***@charts.example.com"));
      assertThat(captured.text()).as("the log sink logged").contains("bp-leaky");
      assertThat(json.toString()).contains("bp-pairs");
    }

    long checked = outputs.stream().mapToLong(String::length).sum();
    System.out.println("[reliability] secret hygiene: " + checked + " characters of logs, exceptions and sink"
        + " output checked, 0 occurrences of the token or the client key");
    for (String out : outputs) {
      assertThat(out).doesNotContain(TOKEN, KEY_MARKER, KEY_DATA, KEY_DATA.substring(0, 24));
    }
  }

  private static final String HMAC_KEY = "hw-hmac-k3y-5ecr3t-91b2";
  private static final String HEADER_VALUE = "hw-h3ader-5ecr3t-c4d8";

  /**
   * A signed webhook with a secret header, answered 503 with Retry-After, 429, 400 and then accepted, at
   * debug level, plus its configuration errors: neither the HMAC key nor the header value appears.
   */
  @Test
  void hmacKeyAndHeaderValuesAppearNowhere(@TempDir Path dir) throws Exception {
    List<String> outputs = new ArrayList<>();
    Path keyFile = Files.writeString(dir.resolve("hmac.key"), HMAC_KEY + "\n");
    UnaryOperator<String> env = v -> v.equals("HOOK_TOKEN") ? HEADER_VALUE : v.equals("HOOK_KEY") ? HMAC_KEY : null;
    int[] answers = {503, 429, 400, 204, 204};
    AtomicInteger served = new AtomicInteger();
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/hook", exchange -> {
      exchange.getRequestBody().readAllBytes();
      int n = served.getAndIncrement();
      int code = n < answers.length ? answers[n] : 204;
      if (code == 503 || code == 429) {
        exchange.getResponseHeaders().add("Retry-After", "0");
      }
      exchange.sendResponseHeaders(code, -1);
      exchange.close();
    });
    server.start();
    String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/hook?token=" + HEADER_VALUE;
    try (CapturedOutput captured = CapturedOutput.start()) {
      EventSinkProvider provider = new WebhookSinkProvider(env);
      long retried = 0;
      for (Map<String, String> spec : List.of(
          Map.of("url", url, "headerEnv.Authorization", "HOOK_TOKEN", "hmacKeyFile", keyFile.toString()),
          Map.of("url", url, "header.X-Api-Key", HEADER_VALUE, "hmacKeyEnv", "HOOK_KEY"))) {
        FakeReleaseSource source = FakeReleaseSource.create();
        var sink = provider.create(spec);
        outputs.add(sink.toString());
        outputs.add(sink.name());
        try (Watcher watcher = Watcher.builder(source).sink(new RecordingSink()).continuous().build()) {
          Subscription sub = watcher.subscribe(sink, LaneOptions.defaults()
              .withRetry(RetryPolicy.exponential(3, Duration.ofMillis(1), Duration.ofMillis(5))));
          watcher.start();
          source.apply(HelmReleases.named("bp-a"));
          source.apply(HelmReleases.named("bp-b"));
          assertThat(sub.flush(WAIT)).isTrue();
          retried += sub.stats().retried();
          outputs.add(sub.stats().toString());
        }
      }
      assertThat(retried).as("retries after 503 and 429").isEqualTo(2);
      Map<String, String> both = new LinkedHashMap<>(Map.of("url", url, "hmacKeyEnv", "HOOK_KEY"));
      both.put("hmacKeyFile", keyFile.toString());
      List<Throwable> thrown = List.of(
          catchThrowable(() -> provider.create(both)),
          catchThrowable(() -> provider.create(Map.of("url", url, "hmacKeyEnv", "UNSET"))),
          catchThrowable(() -> provider.create(Map.of("url", url, "hmacKeyFile", dir.resolve("x").toString()))),
          catchThrowable(() -> provider.create(Map.of("url", "ftp://" + HEADER_VALUE + "@h/", "hmacKeyEnv",
              "HOOK_KEY"))),
          catchThrowable(() -> provider.create(Map.of("url", url, "header.Bad Name", HEADER_VALUE))));
      for (Throwable t : thrown) {
        assertThat(t).isNotNull();
        outputs.add(trace(t));
      }
      outputs.add(captured.text());
      // Retries are logged at DEBUG, which shows only when this class set up the logger first.
      assertThat(captured.text()).as("the lane logged the refused request").contains("HTTP 400");
    } finally {
      server.stop(0);
    }
    assertThat(served.get()).as("requests the receiver saw").isGreaterThanOrEqualTo(5);
    long checked = outputs.stream().mapToLong(String::length).sum();
    System.out.println("[reliability] webhook secret hygiene: " + checked + " characters of logs, exceptions and"
        + " sink descriptions checked, 0 occurrences of the HMAC key or the header value");
    for (String out : outputs) {
      assertThat(out).doesNotContain(HMAC_KEY, HEADER_VALUE);
    }
  }

  @Test
  void kafkaProducerCredentialsAppearNowhere() throws Exception {
    String password = "hw-kafka-pa55w0rd-" + TOKEN;
    String jaas = "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"helmwatch\""
        + " password=\"" + password + "\";";
    Map<String, String> env = Map.of("KAFKA_JAAS", jaas, "KAFKA_TRUSTSTORE_PASSWORD", TOKEN);
    KafkaSinkProvider provider = new KafkaSinkProvider(env::get);
    int deadPort;
    try (ServerSocket s = new ServerSocket(0)) {
      deadPort = s.getLocalPort();
    }
    String spec = "kafka:bootstrap=127.0.0.1:" + deadPort + ",topic=helmwatch.events,"
        + "producer.security.protocol=SASL_PLAINTEXT,producer.sasl.mechanism=PLAIN,producer.max.block.ms=300,"
        + "producerEnv.sasl.jaas.config=KAFKA_JAAS,producerEnv.ssl.truststore.password=KAFKA_TRUSTSTORE_PASSWORD";
    List<String> outputs = new ArrayList<>();
    try (CapturedOutput captured = CapturedOutput.start()) {
      // A broker that is not there: the send fails, the lane logs and retries it.
      EventSink kafka = EventSinks.fromSpec(spec, EventSinks.byName(List.of(provider)));
      outputs.add(kafka.toString());
      outputs.add(kafka.name());
      Throwable direct = catchThrowable(() -> kafka.onEvent(new ComponentEvent(ComponentId.of("a"),
          ReleaseKey.of("ns", "a"), ComponentState.INSTALLING, null, EmissionCause.TRANSITION, EventLevel.INFO, "x",
          Instant.EPOCH, List.of())));
      assertThat(direct).isInstanceOf(RetryableSinkException.class);
      outputs.add(trace(direct));
      FakeReleaseSource source = FakeReleaseSource.create();
      try (Watcher watcher = Watcher.builder(source).continuous().build()) {
        Subscription s = watcher.subscribe(kafka, LaneOptions.defaults()
            .withRetry(RetryPolicy.exponential(1, Duration.ofMillis(10), Duration.ofMillis(10))));
        watcher.start();
        source.apply(HelmReleases.named("bp-kafka").runningAction());
        assertThat(s.flush(WAIT)).isTrue();
        assertThat(s.stats().failed()).as("the send failed behind the lane").isEqualTo(1);
      }

      // Configurations Kafka rejects: the exceptions must not quote them.
      List<Throwable> thrown = List.of(
          catchThrowable(() -> provider.create(Map.of("bootstrap", "127.0.0.1:" + deadPort, "topic", "t",
              "producer.security.protocol", "SASL_PLAINTEXT", "producer.sasl.mechanism", "PLAIN",
              "producer.sasl.jaas.config", jaas.replace(";", "")))),
          catchThrowable(() -> provider.create(Map.of("bootstrap", "127.0.0.1:" + deadPort, "topic", "t",
              "producer.ssl.key.password", TOKEN, "producer.acks", "0"))),
          catchThrowable(() -> provider.create(Map.of("bootstrap", "127.0.0.1:" + deadPort, "topic", "t",
              "producer.sasl.jaas.config", jaas, "producer.retries", "not-a-number"))));
      for (Throwable t : thrown) {
        assertThat(t).isInstanceOf(IllegalArgumentException.class);
        outputs.add(trace(t));
      }
      outputs.add(captured.text());
      assertThat(captured.text()).as("the producer logged its configuration").contains("sasl.jaas.config");
    }

    long checked = outputs.stream().mapToLong(String::length).sum();
    System.out.println("[reliability] secret hygiene (kafka): " + checked + " characters of logs, exceptions and"
        + " sink descriptions checked, 0 occurrences of the producer's password or truststore password");
    for (String out : outputs) {
      assertThat(out).doesNotContain(TOKEN, password);
    }
  }

  private static String trace(Throwable t) {
    StringWriter trace = new StringWriter();
    t.printStackTrace(new PrintWriter(trace));
    return trace.toString();
  }
}
