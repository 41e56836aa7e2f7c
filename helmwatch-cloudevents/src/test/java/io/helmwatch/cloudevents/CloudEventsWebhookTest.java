package io.helmwatch.cloudevents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudevents.CloudEvent;
import io.helmwatch.core.ComponentEvent;
import io.helmwatch.core.EventSink;
import io.helmwatch.core.Watcher;
import io.helmwatch.core.sink.EventSinks;
import io.helmwatch.testing.FakeReleaseSource;
import io.helmwatch.testing.HelmReleases;
import io.helmwatch.testing.RecordingSink;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A watch through the spec-created sinks, read back by a receiver as CloudEvents. */
class CloudEventsWebhookTest {
  private final HttpReceiver receiver = new HttpReceiver();

  CloudEventsWebhookTest() throws Exception {}

  @AfterEach
  void stop() {
    receiver.close();
  }

  private List<ComponentEvent> run(EventSink sink) {
    FakeReleaseSource source = FakeReleaseSource.create();
    source.apply(HelmReleases.named("cilium").uid("u-1").installed());
    source.apply(HelmReleases.named("reloader").progressing());
    RecordingSink recorded = new RecordingSink();
    try (Watcher watcher = Watcher.builder(source).sink(recorded).continuous().build()) {
      watcher.subscribe(sink);
      watcher.start();
    }
    return recorded.events();
  }

  @Test
  void binaryModeSendsCeHeadersAndTheSchemaOneBody() {
    List<ComponentEvent> events = run(EventSinks.fromSpec("cloudevents-webhook:url=" + receiver.uri()));
    List<HttpReceiver.Received> received = receiver.received();
    assertThat(received).hasSizeGreaterThanOrEqualTo(3);
    List<CloudEvent> decoded = received.stream().map(r -> CloudEventsSpec.binary(r.headers(), r.body())).toList();
    assertThat(decoded.subList(0, 2)).extracting(CloudEvent::getId)
        .containsExactlyInAnyOrderElementsOf(events.stream().map(ComponentEvent::id).toList());
    assertThat(decoded).extracting(CloudEvent::getType)
        .contains("io.helmwatch.component.installed", "io.helmwatch.component.installing",
            "io.helmwatch.watch.outcome");
    CloudEvent cilium = decoded.stream().filter(e -> "cilium".equals(e.getSubject())).findFirst().orElseThrow();
    assertThat(CloudEventsSpec.data(cilium).path("uid").asText()).isEqualTo("u-1");
  }

  @Test
  void structuredModeIsSignedLikeFluxGenericHmac(@TempDir Path dir) throws Exception {
    Path key = Files.writeString(dir.resolve("key"), "s3cr3t-key\n");
    run(EventSinks.fromSpec("cloudevents-webhook:url=" + receiver.uri() + ",mode=structured,hmacKeyFile=" + key));
    assertThat(receiver.received()).isNotEmpty().allSatisfy(r -> {
      assertThat(r.headers()).containsEntry("content-type", "application/cloudevents+json");
      CloudEventsSpec.structured(new String(r.body(), StandardCharsets.UTF_8));
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec("s3cr3t-key".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      assertThat(r.headers().get("x-signature")).isEqualTo("sha256=" + HexFormat.of().formatHex(mac.doFinal(r.body())));
    });
  }

  @Test
  void jsonLinesWriteOneStructuredEventALine(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("events.jsonl");
    List<ComponentEvent> events = run(EventSinks.fromSpec("cloudevents-jsonl:path=" + file));
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    assertThat(lines).hasSizeGreaterThanOrEqualTo(3);
    assertThat(lines.stream().map(CloudEventsSpec::structured).map(CloudEvent::getId).toList())
        .containsAll(events.stream().map(ComponentEvent::id).toList());
  }

  @Test
  void badOptionsAreNamed() {
    assertThatThrownBy(() -> EventSinks.fromSpec("cloudevents-webhook:url=" + receiver.uri() + ",mode=fancy"))
        .hasMessageContaining("'mode'").hasMessageContaining("binary or structured");
    assertThatThrownBy(() -> EventSinks.fromSpec("cloudevents-webhook:url=" + receiver.uri() + ",colour=red"))
        .hasMessageContaining("Unknown option 'colour'");
    assertThatThrownBy(() -> EventSinks.fromSpec("cloudevents-jsonl:append=true"))
        .hasMessageContaining("needs option 'path'");
  }

  @Test
  void providersAreFoundByName() {
    assertThat(EventSinks.fromSpec("cloudevents-webhook:url=" + receiver.uri()).name())
        .isEqualTo("cloudevents-binary-webhook:" + receiver.uri());
  }
}
