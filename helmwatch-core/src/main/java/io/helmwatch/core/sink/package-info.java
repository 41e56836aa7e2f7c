/**
 * Delivery to sinks: {@link io.helmwatch.core.sink.DeliveryLane}s that give each subscriber its own thread,
 * order, memory bound and failure isolation; built-in sinks that need no third-party library ({@link
 * io.helmwatch.core.sink.Slf4jSink}, {@link io.helmwatch.core.sink.JsonLinesSink}, {@link
 * io.helmwatch.core.sink.WebhookSink}); and the {@link io.helmwatch.core.sink.EventSinkProvider} plug-in SPI
 * behind {@link io.helmwatch.core.sink.EventSinks#fromSpec(String)}.
 */
@NullMarked
package io.helmwatch.core.sink;

import org.jspecify.annotations.NullMarked;
