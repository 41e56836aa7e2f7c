/**
 * helmwatch core: the model, state derivation, emission policies and the {@link io.helmwatch.core.Watcher}.
 * Depends on slf4j-api and jspecify only.
 */
module io.helmwatch.core {
  requires transitive org.jspecify;
  requires org.slf4j;

  exports io.helmwatch.core;
  exports io.helmwatch.core.flux;
  exports io.helmwatch.core.sink;
}
