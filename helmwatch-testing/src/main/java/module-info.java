/** Fakes, fixtures, waits and manual time for testing code built on helmwatch. */
module io.helmwatch.testing {
  requires transitive io.helmwatch.core;
  requires org.slf4j;

  exports io.helmwatch.testing;
}
