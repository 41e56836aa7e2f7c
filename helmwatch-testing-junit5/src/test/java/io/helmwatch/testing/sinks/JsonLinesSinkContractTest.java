package io.helmwatch.testing.sinks;

import io.helmwatch.core.EventSink;
import io.helmwatch.core.sink.JsonLinesSink;
import io.helmwatch.testing.junit5.EventSinkContract;
import java.io.StringWriter;
import java.util.List;
import java.util.Optional;

class JsonLinesSinkContractTest extends EventSinkContract {
  private final StringWriter out = new StringWriter();

  @Override
  protected EventSink createSink() {
    return JsonLinesSink.to(out);
  }

  @Override
  protected Optional<List<String>> readBack() {
    return Optional.of(out.toString().lines().toList());
  }
}
