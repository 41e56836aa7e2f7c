/**
 * helmwatch testing for JUnit 5: {@link io.helmwatch.testing.junit5.EventSinkContract}, the contract test
 * that {@code EventSink} implementations extend.
 */
module io.helmwatch.testing.junit5 {
  requires transitive io.helmwatch.core;
  // The artifact brings helmwatch-testing (fakes, RecordingSink) to a sink's tests; so does the module.
  requires transitive io.helmwatch.testing;
  requires org.junit.jupiter.api;
  requires static org.jspecify;

  exports io.helmwatch.testing.junit5;
  // JUnit calls the contract's non-public lifecycle method reflectively, from wherever it is loaded.
  opens io.helmwatch.testing.junit5;
}
