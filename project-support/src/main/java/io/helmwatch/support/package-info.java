/** Measurement helpers of the project itself (benchmarks, memory-bound tests). Not published. */
@NullMarked
package io.helmwatch.support;

import org.jspecify.annotations.NullMarked;
