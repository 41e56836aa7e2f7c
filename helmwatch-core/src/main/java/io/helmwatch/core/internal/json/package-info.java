/** The one JSON writer: schema-1 events, notices, snapshots and outcomes, and the string escaper. Internal. */
@NullMarked
package io.helmwatch.core.internal.json;

import org.jspecify.annotations.NullMarked;
