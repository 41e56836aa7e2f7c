/**
 * {@link io.helmwatch.testing.junit5.EventSinkContract}: the JUnit 5 contract test that every {@code
 * EventSink} implementation extends.
 */
@NullMarked
package io.helmwatch.testing.junit5;

import org.jspecify.annotations.NullMarked;
