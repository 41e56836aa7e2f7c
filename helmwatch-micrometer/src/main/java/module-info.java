/** {@link io.helmwatch.micrometer.MicrometerSink}: helmwatch's events as Micrometer meters. */
module io.helmwatch.micrometer {
  requires transitive io.helmwatch.core;
  requires transitive micrometer.core;

  exports io.helmwatch.micrometer;
}
