/** JSON writing shared inside the core; not exported. */
@NullMarked
package io.helmwatch.core.internal.json;

import org.jspecify.annotations.NullMarked;
