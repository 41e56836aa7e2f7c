package io.helmwatch.micrometer;

import io.helmwatch.core.EventSink;
import io.helmwatch.testing.junit5.EventSinkContract;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class MicrometerSinkContractTest extends EventSinkContract {

  @Override
  protected EventSink createSink() {
    return new MicrometerSink(new SimpleMeterRegistry());
  }
}
