package io.helmwatch.testing.sinks;

import io.helmwatch.core.EventSink;
import io.helmwatch.core.sink.JsonLinesSink;
import io.helmwatch.testing.junit5.EventSinkContract;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesFileSinkContractTest extends EventSinkContract {
  @TempDir
  Path dir;

  @Override
  protected EventSink createSink() {
    return JsonLinesSink.toPath(dir.resolve("events.jsonl"));
  }

  @Override
  protected Optional<List<String>> readBack() throws Exception {
    return Optional.of(Files.readAllLines(dir.resolve("events.jsonl"), StandardCharsets.UTF_8));
  }
}
