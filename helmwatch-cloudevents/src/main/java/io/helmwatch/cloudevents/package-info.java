/**
 * CloudEvents 1.0 for helmwatch: {@link io.helmwatch.cloudevents.CloudEventsFormat} wraps each schema-1
 * object in a CloudEvent, for the {@code cloudevents-webhook} and {@code cloudevents-jsonl} sinks.
 */
@NullMarked
package io.helmwatch.cloudevents;

import org.jspecify.annotations.NullMarked;
