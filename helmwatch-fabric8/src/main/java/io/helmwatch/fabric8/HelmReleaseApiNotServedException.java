package io.helmwatch.fabric8;

import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The API server does not serve the HelmRelease version asked for, or, without a request, none that helmwatch
 * reads. The message is one line that names the served versions and holds no credential.
 *
 * @see ServedHelmReleaseApis#select
 * @since 0.1
 */
public final class HelmReleaseApiNotServedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final @Nullable HelmReleaseApi requested;
  private final List<String> served;

  HelmReleaseApiNotServedException(@Nullable HelmReleaseApi requested, List<String> served, String message) {
    super(message);
    this.requested = requested;
    this.served = List.copyOf(served);
  }

  /** The version asked for; empty when none was and the preferred one was to be watched. */
  public Optional<HelmReleaseApi> requested() {
    return Optional.ofNullable(requested);
  }

  /** The versions the API server serves, in its discovery document's order; empty without a HelmRelease CRD. */
  public List<String> served() {
    return served;
  }
}
