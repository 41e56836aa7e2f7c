/**
 * The helmwatch model and the {@link io.helmwatch.core.Watcher}: a {@link io.helmwatch.core.ReleaseSource}
 * reports observations, a {@link io.helmwatch.core.StateDeriver} turns each into a
 * {@link io.helmwatch.core.ComponentState}, an {@link io.helmwatch.core.EmissionPolicy} decides what reaches
 * the {@link io.helmwatch.core.EventSink}s.
 */
@NullMarked
package io.helmwatch.core;

import org.jspecify.annotations.NullMarked;
