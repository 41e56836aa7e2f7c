package io.helmwatch.cloudevents;

import io.helmwatch.core.EventSink;
import io.helmwatch.core.sink.EventSinks;
import io.helmwatch.testing.junit5.EventSinkContract;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;

class CloudEventsJsonLinesSinkContractTest extends EventSinkContract {
  @TempDir
  Path dir;

  @Override
  protected EventSink createSink() {
    return EventSinks.fromSpec("cloudevents-jsonl:append=false,path=" + dir.resolve("events.jsonl"));
  }

  @Override
  protected Optional<List<String>> readBack() throws Exception {
    return Optional.of(Files.readAllLines(dir.resolve("events.jsonl"), StandardCharsets.UTF_8));
  }
}
