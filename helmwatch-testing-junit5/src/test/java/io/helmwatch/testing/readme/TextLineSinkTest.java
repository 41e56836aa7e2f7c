package io.helmwatch.testing.readme;

import io.helmwatch.core.EventSink;
import io.helmwatch.testing.junit5.EventSinkContract;
import java.io.StringWriter;
import java.util.List;
import java.util.Optional;

/** The README's contract test for {@link TextLineSink}. */
class TextLineSinkTest extends EventSinkContract {
  private final StringWriter out = new StringWriter();

  @Override
  protected EventSink createSink() {
    return new TextLineSink(out);
  }

  @Override
  protected Optional<List<String>> readBack() {
    return Optional.of(out.toString().lines().toList());
  }
}
