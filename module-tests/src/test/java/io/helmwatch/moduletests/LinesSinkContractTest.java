package io.helmwatch.moduletests;

import io.helmwatch.core.EventSink;
import io.helmwatch.testing.junit5.EventSinkContract;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The published {@link EventSinkContract}, run from a user's module against the user's own sink; its
 * delivery-lane check reaches into core's lane engine, which core must export to the contract's module.
 */
class LinesSinkContractTest extends EventSinkContract {
  private @Nullable LinesSink last;

  @Override
  protected EventSink createSink() {
    last = new LinesSink();
    return last;
  }

  @Override
  protected Optional<List<String>> readBack() {
    return Optional.ofNullable(last).map(LinesSink::lines);
  }
}
