/** Micrometer metrics for helmwatch: {@link io.helmwatch.micrometer.MicrometerSink}. */
@NullMarked
package io.helmwatch.micrometer;

import org.jspecify.annotations.NullMarked;
