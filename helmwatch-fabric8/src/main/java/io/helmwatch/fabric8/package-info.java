/**
 * A {@link io.helmwatch.core.ReleaseSource} over a fabric8 kubernetes-client informer: {@link
 * io.helmwatch.fabric8.Fabric8ReleaseSource}, with {@link io.helmwatch.fabric8.Kubeconfigs} to load
 * clients, and {@link io.helmwatch.fabric8.HelmControllerLogTailer}, which routes helm-controller log lines
 * to components. Works with fabric8 kubernetes-client 7.4+ and 8.x; no Jackson type in its API (the tailer
 * reads log lines with jackson-core 2's streaming parser).
 */
@NullMarked
package io.helmwatch.fabric8;

import org.jspecify.annotations.NullMarked;
