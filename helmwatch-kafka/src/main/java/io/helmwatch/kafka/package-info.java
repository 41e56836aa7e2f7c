/**
 * {@link io.helmwatch.kafka.KafkaSink}: what a watcher emits, one Kafka record per item, keyed so that each
 * release stays in order; and the {@code kafka} sink spec ({@link io.helmwatch.kafka.KafkaSinkProvider}).
 */
@NullMarked
package io.helmwatch.kafka;

import org.jspecify.annotations.NullMarked;
