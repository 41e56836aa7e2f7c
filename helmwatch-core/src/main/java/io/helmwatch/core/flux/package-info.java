/** State derivation for Flux {@code helm.toolkit.fluxcd.io} HelmReleases. */
@NullMarked
package io.helmwatch.core.flux;

import org.jspecify.annotations.NullMarked;
