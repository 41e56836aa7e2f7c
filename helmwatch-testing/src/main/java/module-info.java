/** Fakes, fixtures, waits, manual time and a sink contract test for testing code built on helmwatch. */
module io.helmwatch.testing {
  requires transitive io.helmwatch.core;
  requires org.slf4j;
  requires transitive org.junit.jupiter.api;

  exports io.helmwatch.testing;
}
