/**
 * Delivery lanes: a sink behind its own bounded queue and thread, coalescing to the newest state per
 * component when it falls behind. Internal: {@link io.helmwatch.core.Watcher#subscribe} and {@link
 * io.helmwatch.core.LaneOptions} are the API.
 */
@NullMarked
package io.helmwatch.core.internal.lane;

import org.jspecify.annotations.NullMarked;
