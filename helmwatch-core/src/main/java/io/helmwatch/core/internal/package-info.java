/** Helpers shared by helmwatch's own packages and modules; not API. */
@NullMarked
package io.helmwatch.core.internal;

import org.jspecify.annotations.NullMarked;
