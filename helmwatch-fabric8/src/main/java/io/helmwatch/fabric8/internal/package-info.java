/**
 * The engines behind {@link io.helmwatch.fabric8.Fabric8ReleaseSource} and {@link
 * io.helmwatch.fabric8.HelmControllerLogTailer}: the in-place view of a HelmRelease, the lean item store, the
 * release key cache, the informer's delivery and the pod log streams. Not API: public only so that
 * helmwatch's own modules (the benchmarks) can reach them; anything here may change without notice.
 */
@NullMarked
package io.helmwatch.fabric8.internal;

import org.jspecify.annotations.NullMarked;
