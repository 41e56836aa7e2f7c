package io.helmwatch.testing.sinks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.helmwatch.core.ComponentState;
import io.helmwatch.core.Subscription;
import io.helmwatch.core.Watcher;
import io.helmwatch.core.LaneOptions;
import io.helmwatch.core.RetryPolicy;
import io.helmwatch.core.sink.RetryableSinkException;
import io.helmwatch.core.sink.WebhookSink;
import io.helmwatch.testing.FakeReleaseSource;
import io.helmwatch.testing.HelmReleases;
import io.helmwatch.testing.RecordingSink;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WebhookSinkTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private final WebhookReceiver receiver = new WebhookReceiver();

  WebhookSinkTest() throws Exception {}

  @AfterEach
  void stop() {
    receiver.close();
  }

  @Test
  void postsTheJsonObjectWithTheUsersHeaders() {
    WebhookSink hook = WebhookSink.builder(receiver.uri()).header("Authorization", "Bearer s3cret").build();
    FakeReleaseSource source = FakeReleaseSource.create();
    source.apply(HelmReleases.named("cilium").installed());
    try (Watcher watcher = Watcher.builder(source).sink(hook).build()) {
      watcher.start().join();
    }
    assertThat(receiver.requests()).hasSize(2);
    WebhookReceiver.Request first = receiver.requests().get(0);
    assertThat(first.body()).startsWith("{\"schema\":1,\"type\":\"event\"").contains("\"component\":\"cilium\"");
    assertThat(first.headers()).containsEntry("Authorization", List.of("Bearer s3cret"))
        .containsEntry("Content-type", List.of("application/json"));
    assertThat(receiver.requests().get(1).body()).contains("\"type\":\"outcome\"", "\"outcome\":\"ready\"");
  }

  @Test
  void non2xxIsRetryableAndNamesNoSecret() {
    receiver.answer(503);
    WebhookSink hook = WebhookSink.builder(URI.create(receiver.uri() + "?token=t0k"))
        .header("Authorization", "Bearer s3cret").build();
    assertThatThrownBy(() -> hook.onOutcome(new io.helmwatch.core.WatchResult(
        io.helmwatch.core.WatchOutcome.READY, java.util.Map.of())))
        .isInstanceOf(RetryableSinkException.class)
        .hasMessageContaining("HTTP 503")
        .hasMessageNotContaining("s3cret").hasMessageNotContaining("t0k");
  }

  @Test
  void unreachableReceiverIsRetryable() {
    URI gone = receiver.uri();
    receiver.close();
    WebhookSink hook = WebhookSink.builder(gone).connectTimeout(Duration.ofSeconds(1)).build();
    assertThatThrownBy(() -> hook.onSnapshot(List.of())).isInstanceOf(RetryableSinkException.class)
        .hasMessageContaining(gone.toString());
  }

  @Test
  void theLaneRetriesUntilTheReceiverTakesIt() {
    receiver.answer(503, 500);
    WebhookSink hook = WebhookSink.builder(receiver.uri()).build();
    FakeReleaseSource source = FakeReleaseSource.create();
    try (Watcher watcher = Watcher.builder(source).sink(new RecordingSink()).continuous().build()) {
      Subscription sub = watcher.subscribe(hook, LaneOptions.defaults()
          .withRetry(RetryPolicy.exponential(3, Duration.ofMillis(5), Duration.ofMillis(20))));
      watcher.start();
      source.apply(HelmReleases.named("cilium"));
      assertThat(sub.flush(WAIT)).isTrue();
      assertThat(sub.stats().retried()).isEqualTo(2);
      assertThat(sub.stats().delivered()).isEqualTo(1);
      assertThat(receiver.requests()).singleElement()
          .satisfies(r -> assertThat(r.body()).contains("\"state\":\"" + ComponentState.PENDING.wireName() + "\""));
    }
  }
}
