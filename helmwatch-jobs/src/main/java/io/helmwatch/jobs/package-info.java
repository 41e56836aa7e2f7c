/**
 * Bridges: {@link io.helmwatch.core.EventSink}s that write component events into a downstream model
 * idempotently. {@link io.helmwatch.jobs.JobsBridge} keeps a CI-style jobs table (a Job per component,
 * an Execution per install attempt, log lines per Execution) in a {@link io.helmwatch.jobs.JobStore}.
 */
@NullMarked
package io.helmwatch.jobs;

import org.jspecify.annotations.NullMarked;
