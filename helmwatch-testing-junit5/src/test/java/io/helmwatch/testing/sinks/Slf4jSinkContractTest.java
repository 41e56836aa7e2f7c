package io.helmwatch.testing.sinks;

import io.helmwatch.core.EventSink;
import io.helmwatch.core.sink.Slf4jSink;
import io.helmwatch.testing.junit5.EventSinkContract;

/** Log output is not read back: the contract checks that every input is taken without throwing. */
class Slf4jSinkContractTest extends EventSinkContract {

  @Override
  protected EventSink createSink() {
    return Slf4jSink.named("helmwatch.contract");
  }
}
