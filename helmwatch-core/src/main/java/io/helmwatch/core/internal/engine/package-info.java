/**
 * The watcher's engine: the component table and its lock-free per-update path, emission, the termination
 * gate, the fan-out to sinks and the timers. Internal: {@link io.helmwatch.core.Watcher} is the API.
 */
@NullMarked
package io.helmwatch.core.internal.engine;

import org.jspecify.annotations.NullMarked;
