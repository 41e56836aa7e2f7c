package io.helmwatch.core.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.helmwatch.core.EventSink;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventSinksTest {
  @TempDir
  Path dir;

  @Test
  void builtInSinksRegisterThemselves() {
    assertThat(EventSinks.providers()).containsKeys("log", "jsonl", "webhook");
  }

  @Test
  void specsCreateConfiguredSinks() {
    assertThat(EventSinks.fromSpec("log")).isInstanceOf(Slf4jSink.class);
    EventSink jsonl = EventSinks.fromSpec("jsonl:path=" + dir.resolve("e.jsonl"));
    assertThat(jsonl).isInstanceOf(JsonLinesSink.class);
    jsonl.close();
    assertThat(dir.resolve("e.jsonl")).exists();
  }

  @Test
  void unknownNameListsTheKnownOnes() {
    assertThatThrownBy(() -> EventSinks.fromSpec("kafka:topic=x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Unknown sink 'kafka'; known sinks: jsonl, log, webhook");
  }

  @Test
  void badOptionsAreExplained() {
    assertThatThrownBy(() -> EventSinks.fromSpec("jsonl")).hasMessageContaining("needs option 'path'");
    assertThatThrownBy(() -> EventSinks.fromSpec("jsonl:file=x"))
        .hasMessage("Unknown option 'file' for sink 'jsonl'; known options: append, path");
    assertThatThrownBy(() -> EventSinks.fromSpec("webhook:url=ftp://h/x"))
        .hasMessageContaining("http(s)");
    assertThatThrownBy(() -> EventSinks.fromSpec("webhook:url=http://h/x,requestTimeout=soon"))
        .hasMessageContaining("'requestTimeout'").hasMessageContaining("positive duration");
  }

  @Test
  void webhookHeadersFromTheEnvironmentNeverAppearInErrors() {
    WebhookSinkProvider provider = new WebhookSinkProvider(Map.of("HOOK_AUTH", "Bearer s3cret")::get);
    EventSink sink = provider.create(Map.of("url", "https://user:pw@hooks.example.com/x?token=t0k",
        "headerEnv.Authorization", "HOOK_AUTH"));
    assertThat(sink.name()).isEqualTo("webhook:https://hooks.example.com/x");
    assertThat(sink.toString()).doesNotContain("s3cret", "pw", "t0k");
    assertThatThrownBy(() -> provider.create(Map.of("url", "https://h/x", "headerEnv.Authorization", "MISSING")))
        .hasMessageContaining("'MISSING'").hasMessageContaining("not set");
    assertThatThrownBy(() -> provider.create(Map.of("url", "https://h/x", "header.Bad Name", "s3cret")))
        .hasMessageContaining("'Bad Name'").hasMessageNotContaining("s3cret");
  }
}
