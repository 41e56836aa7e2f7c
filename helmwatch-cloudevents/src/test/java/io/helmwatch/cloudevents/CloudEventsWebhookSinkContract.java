package io.helmwatch.cloudevents;

import io.helmwatch.core.EventSink;
import io.helmwatch.core.sink.WebhookSink;
import io.helmwatch.testing.junit5.EventSinkContract;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** {@link EventSinkContract} for a webhook in one of the CloudEvents modes. */
abstract class CloudEventsWebhookSinkContract extends EventSinkContract {
  private HttpReceiver receiver;

  @BeforeEach
  void startReceiver() throws Exception {
    receiver = new HttpReceiver();
  }

  @AfterEach
  void stopReceiver() {
    receiver.close();
  }

  abstract CloudEventsFormat format();

  @Override
  protected EventSink createSink() {
    return WebhookSink.builder(receiver.uri()).format(format()).hmacKey(new byte[] {1, 2, 3})
        .build();
  }

  @Override
  protected Optional<List<String>> readBack() {
    return Optional.of(receiver.received().stream().map(r -> new String(r.body(), StandardCharsets.UTF_8)).toList());
  }
}
