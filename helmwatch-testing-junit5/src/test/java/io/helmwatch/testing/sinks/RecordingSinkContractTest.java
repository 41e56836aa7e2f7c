package io.helmwatch.testing.sinks;

import io.helmwatch.core.EventSink;
import io.helmwatch.testing.RecordingSink;
import io.helmwatch.testing.junit5.EventSinkContract;
import java.util.List;
import java.util.Optional;

class RecordingSinkContractTest extends EventSinkContract {
  private final RecordingSink sink = new RecordingSink("contract");

  @Override
  protected EventSink createSink() {
    sink.clear();
    return sink;
  }

  @Override
  protected Optional<List<String>> readBack() {
    return Optional.of(sink.events().stream().map(e -> e.message()).toList());
  }
}
