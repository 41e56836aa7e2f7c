/**
 * A user's modular application, for the module-path tests: it requires the published helmwatch modules by
 * their module names and uses them only through what they export.
 */
module io.helmwatch.moduletests {
  // LinesSink, exported, implements core's EventSink.
  requires transitive io.helmwatch.core;
  requires io.helmwatch.jobs;
  requires io.helmwatch.fabric8;
  requires io.helmwatch.cloudevents;
  requires io.helmwatch.testing;
  requires io.helmwatch.testing.junit5;

  exports io.helmwatch.moduletests;
}
