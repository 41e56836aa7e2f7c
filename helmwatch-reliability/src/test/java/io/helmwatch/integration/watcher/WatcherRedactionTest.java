package io.helmwatch.integration.watcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.helmwatch.core.MessageRedactor;
import io.helmwatch.core.Watcher;
import io.helmwatch.core.flux.FluxReasons;
import io.helmwatch.testing.FakeReleaseSource;
import io.helmwatch.testing.HelmReleases;
import io.helmwatch.testing.RecordingSink;
import org.junit.jupiter.api.Test;

class WatcherRedactionTest {
  private static final String LEAKY = "pull failed: Authorization: Bearer abc.def for https://u:p@charts.example.com";

  private static RecordingSink run(Watcher.Builder builder, FakeReleaseSource source) {
    RecordingSink sink = new RecordingSink();
    try (Watcher watcher = builder.sink(sink).continuous().build()) {
      watcher.start();
      source.apply(HelmReleases.named("app").readyUnknown(FluxReasons.PROGRESSING, LEAKY));
      assertThat(watcher.snapshot()).singleElement().extracting(s -> s.message())
          .isEqualTo(sink.events().get(0).message());
    }
    return sink;
  }

  @Test
  void eventAndSnapshotMessagesAreRedactedByDefault() {
    FakeReleaseSource source = FakeReleaseSource.create();

    RecordingSink sink = run(Watcher.builder(source), source);

    assertThat(sink.events()).singleElement().extracting(e -> e.message())
        .isEqualTo("pull failed: Authorization: Bearer *** for https://***@charts.example.com");
  }

  @Test
  void noneKeepsMessagesAsTheyAre() {
    FakeReleaseSource source = FakeReleaseSource.create();

    RecordingSink sink = run(Watcher.builder(source).redactor(MessageRedactor.none()), source);

    assertThat(sink.events()).singleElement().extracting(e -> e.message()).isEqualTo(LEAKY);
  }

  @Test
  void customRedactorReplacesTheDefault() {
    FakeReleaseSource source = FakeReleaseSource.create();

    RecordingSink sink = run(Watcher.builder(source).redactor(m -> m.replace("charts", "[host]")), source);

    assertThat(sink.events()).singleElement().extracting(e -> e.message())
        .isEqualTo("pull failed: Authorization: Bearer abc.def for https://u:p@[host].example.com");
  }
}
