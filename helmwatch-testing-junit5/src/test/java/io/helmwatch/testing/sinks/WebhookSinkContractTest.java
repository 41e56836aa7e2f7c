package io.helmwatch.testing.sinks;

import io.helmwatch.core.EventSink;
import io.helmwatch.core.sink.WebhookSink;
import io.helmwatch.testing.junit5.EventSinkContract;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

class WebhookSinkContractTest extends EventSinkContract {
  private WebhookReceiver receiver;

  @BeforeEach
  void startReceiver() throws Exception {
    receiver = new WebhookReceiver();
  }

  @AfterEach
  void stopReceiver() {
    receiver.close();
  }

  @Override
  protected EventSink createSink() {
    return WebhookSink.builder(receiver.uri()).header("Authorization", "Bearer contract").build();
  }

  @Override
  protected Optional<List<String>> readBack() {
    return Optional.of(receiver.requests().stream().map(WebhookReceiver.Request::body).toList());
  }
}
