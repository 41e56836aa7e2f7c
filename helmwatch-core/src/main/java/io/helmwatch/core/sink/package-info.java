/**
 * The sink plug-in SPI and the built-in sinks: sinks that need no third-party library ({@link
 * io.helmwatch.core.sink.Slf4jSink}, {@link io.helmwatch.core.sink.JsonLinesSink}, {@link
 * io.helmwatch.core.sink.WebhookSink}); and the {@link io.helmwatch.core.sink.EventSinkProvider} plug-in SPI
 * behind {@link io.helmwatch.core.sink.EventSinks#fromSpec(String)}.
 */
@NullMarked
package io.helmwatch.core.sink;

import org.jspecify.annotations.NullMarked;
