/**
 * Bridges: {@link io.helmwatch.core.EventSink}s that write component events into a downstream model
 * idempotently. {@link io.helmwatch.core.bridge.JobsBridge} keeps a CI-style jobs table (a Job per component,
 * an Execution per install attempt, log lines per Execution) in a {@link io.helmwatch.core.bridge.JobStore}.
 */
@NullMarked
package io.helmwatch.core.bridge;

import org.jspecify.annotations.NullMarked;
