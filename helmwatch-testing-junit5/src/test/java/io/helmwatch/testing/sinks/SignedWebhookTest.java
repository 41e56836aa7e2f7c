package io.helmwatch.testing.sinks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.helmwatch.core.EventSink;
import io.helmwatch.core.LaneOptions;
import io.helmwatch.core.RetryPolicy;
import io.helmwatch.core.Subscription;
import io.helmwatch.core.WatchOutcome;
import io.helmwatch.core.WatchResult;
import io.helmwatch.core.Watcher;
import io.helmwatch.core.sink.RetryableSinkException;
import io.helmwatch.core.sink.WebhookSink;
import io.helmwatch.core.sink.WebhookSinkProvider;
import io.helmwatch.testing.FakeReleaseSource;
import io.helmwatch.testing.HelmReleases;
import io.helmwatch.testing.RecordingSink;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Flux-compatible signature and the answers that are, and are not, retried. */
class SignedWebhookTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String KEY = "flux-token-0f9e";
  private static final WatchResult READY = new WatchResult(WatchOutcome.READY, Map.of());

  private final WebhookReceiver receiver = new WebhookReceiver();

  SignedWebhookTest() throws Exception {}

  @AfterEach
  void stop() {
    receiver.close();
  }

  /** What a receiver written for Flux's generic-hmac provider checks: {@code sha256=<hex HMAC of the body>}. */
  private static boolean verifies(WebhookReceiver.Request request, byte[] key) throws Exception {
    String header = request.header("X-Signature");
    if (header == null || !header.startsWith("sha256=")) {
      return false;
    }
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    byte[] expected = mac.doFinal(request.bytes());
    return MessageDigest.isEqual(expected, HexFormat.of().parseHex(header.substring("sha256=".length())));
  }

  @Test
  void everyRequestCarriesAnXSignatureTheReceiverVerifies() throws Exception {
    EventSink hook = new WebhookSinkProvider(v -> v.equals("HOOK_KEY") ? KEY : null)
        .create(Map.of("url", receiver.uri().toString(), "hmacKeyEnv", "HOOK_KEY"));
    FakeReleaseSource source = FakeReleaseSource.create();
    source.apply(HelmReleases.named("cilium").installed());
    source.apply(HelmReleases.named("grüße \"quoted\"").installed());
    try (Watcher watcher = Watcher.builder(source).sink(hook).build()) {
      watcher.start().join();
    }
    assertThat(receiver.requests()).hasSize(3);
    for (WebhookReceiver.Request r : receiver.requests()) {
      assertThat(verifies(r, KEY.getBytes(StandardCharsets.UTF_8))).as("signature of %s", r.body()).isTrue();
      assertThat(verifies(r, "another key".getBytes(StandardCharsets.UTF_8))).isFalse();
      assertThat(r.header("X-Signature")).matches("sha256=[0-9a-f]{64}");
    }
    assertThat(hook.toString()).doesNotContain(KEY).contains("signed");
  }

  @Test
  void aKeyFileIsReadWithoutItsTrailingLineBreak(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("hmac.key"), KEY + "\n");
    EventSink hook = new WebhookSinkProvider(v -> null)
        .create(Map.of("url", receiver.uri().toString(), "hmacKeyFile", file.toString()));
    hook.onOutcome(READY);
    assertThat(verifies(receiver.requests().get(0), KEY.getBytes(StandardCharsets.UTF_8))).isTrue();
  }

  @Test
  void keyOptionsFailWithMessagesThatNameNoSecret(@TempDir Path dir) throws Exception {
    WebhookSinkProvider provider = new WebhookSinkProvider(v -> v.equals("SET") ? KEY : null);
    String url = receiver.uri().toString();
    assertThatThrownBy(() -> provider.create(Map.of("url", url, "hmacKeyEnv", "UNSET")))
        .hasMessageContaining("'UNSET'").hasMessageContaining("not set");
    assertThatThrownBy(() -> provider.create(Map.of("url", url, "hmacKeyEnv", "SET", "hmacKeyFile", "/k")))
        .hasMessageContaining("not both").hasMessageNotContaining(KEY);
    assertThatThrownBy(() -> provider.create(Map.of("url", url, "hmacKeyFile", dir.resolve("none").toString())))
        .hasMessageContaining("cannot read the HMAC key file");
    Path empty = Files.writeString(dir.resolve("empty"), "\n");
    assertThatThrownBy(() -> provider.create(Map.of("url", url, "hmacKeyFile", empty.toString())))
        .hasMessageContaining("is empty");
  }

  @Test
  void aClientErrorFailsAtOnceWithoutRetry() {
    for (int status : new int[] {400, 401, 403, 404, 410, 413, 422}) {
      receiver.answer(status);
      WebhookSink hook = WebhookSink.builder(receiver.uri()).header("Authorization", "Bearer s3cret").build();
      assertThatThrownBy(() -> hook.onOutcome(READY))
          .as("HTTP %d", status)
          .isNotInstanceOf(RetryableSinkException.class)
          .hasMessageContaining("HTTP " + status).hasMessageContaining("not retried")
          .hasMessageNotContaining("s3cret");
    }
  }

  @Test
  void timeoutTooManyRequestsAndServerErrorsAreRetryable() {
    for (int status : new int[] {408, 429, 500, 502, 503}) {
      receiver.answer(status);
      WebhookSink hook = WebhookSink.builder(receiver.uri()).build();
      assertThatThrownBy(() -> hook.onOutcome(READY)).as("HTTP %d", status)
          .isInstanceOf(RetryableSinkException.class);
    }
  }

  @Test
  void retryAfterInSecondsOrAsAnHttpDateIsPassedOnFor429And503() {
    WebhookSink hook = WebhookSink.builder(receiver.uri()).build();
    receiver.answer(429, "7");
    assertThatThrownBy(() -> hook.onOutcome(READY)).isInstanceOfSatisfying(RetryableSinkException.class,
        e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(7)));
    String inAMinute = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(60));
    receiver.answer(503, inAMinute);
    assertThatThrownBy(() -> hook.onOutcome(READY)).isInstanceOfSatisfying(RetryableSinkException.class,
        e -> assertThat(e.retryAfter()).hasValueSatisfying(d -> assertThat(d).isBetween(
            Duration.ofSeconds(50), Duration.ofSeconds(61))));
    receiver.answer(500, "7");
    assertThatThrownBy(() -> hook.onOutcome(READY)).isInstanceOfSatisfying(RetryableSinkException.class,
        e -> assertThat(e.retryAfter()).isEmpty());
    receiver.answer(429, "soon");
    assertThatThrownBy(() -> hook.onOutcome(READY)).isInstanceOfSatisfying(RetryableSinkException.class,
        e -> assertThat(e.retryAfter()).isEmpty());
  }

  @Test
  void theLaneWaitsTheRetryAfterUpToItsMaximumBackoff() {
    receiver.answer(429, "1");
    WebhookSink hook = WebhookSink.builder(receiver.uri()).build();
    FakeReleaseSource source = FakeReleaseSource.create();
    try (Watcher watcher = Watcher.builder(source).sink(new RecordingSink()).continuous().build()) {
      Subscription sub = watcher.subscribe(hook, LaneOptions.defaults()
          .withRetry(RetryPolicy.exponential(2, Duration.ofMillis(1), Duration.ofSeconds(5))));
      watcher.start();
      source.apply(HelmReleases.named("cilium"));
      assertThat(sub.flush(WAIT)).isTrue();
      assertThat(sub.stats().retried()).isEqualTo(1);
      assertThat(sub.stats().delivered()).isEqualTo(1);
      List<Long> arrivals = receiver.arrivals();
      assertThat(arrivals).hasSize(2);
      assertThat(Duration.ofNanos(arrivals.get(1) - arrivals.get(0))).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    }
  }

  @Test
  void aClientErrorIsCountedAsFailedAndNotRetriedByTheLane() {
    receiver.answer(400);
    WebhookSink hook = WebhookSink.builder(receiver.uri()).build();
    FakeReleaseSource source = FakeReleaseSource.create();
    try (Watcher watcher = Watcher.builder(source).sink(new RecordingSink()).continuous().build()) {
      Subscription sub = watcher.subscribe(hook, LaneOptions.defaults()
          .withRetry(RetryPolicy.exponential(3, Duration.ofMillis(1), Duration.ofMillis(5))));
      watcher.start();
      source.apply(HelmReleases.named("cilium"));
      assertThat(sub.flush(WAIT)).isTrue();
      assertThat(sub.stats().retried()).isZero();
      assertThat(sub.stats().failed()).isEqualTo(1);
      assertThat(receiver.arrivals()).hasSize(1);
    }
  }
}
