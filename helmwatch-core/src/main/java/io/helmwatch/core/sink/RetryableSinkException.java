package io.helmwatch.core.sink;

import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Thrown by a sink for a failure that may pass (a webhook answering 503, a refused connection): the sink's
 * delivery lane retries the same call with backoff according to its {@link io.helmwatch.core.RetryPolicy}. Any other
 * exception counts as a failure at once.
 *
 * <p>A sink that was told when to come back (an HTTP {@code Retry-After}) says so with {@link
 * #retryAfter()}: the lane then waits that long instead of its backoff when it is longer, but never longer
 * than the policy's {@link io.helmwatch.core.RetryPolicy#maxBackoff()}, and the policy's number of retries still applies.
 *
 * <p>The message is logged: it must hold no credentials.
 *
 * @since 0.1
 */
public class RetryableSinkException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final @Nullable Duration retryAfter;

  public RetryableSinkException(String message) {
    super(message);
    this.retryAfter = null;
  }

  public RetryableSinkException(String message, Throwable cause) {
    super(message, cause);
    this.retryAfter = null;
  }

  /** A failure after which the receiver asked to be retried no sooner than {@code retryAfter} from now. */
  public RetryableSinkException(String message, @Nullable Duration retryAfter) {
    super(message);
    if (retryAfter != null && retryAfter.isNegative()) {
      throw new IllegalArgumentException("retryAfter must not be negative, was " + retryAfter);
    }
    this.retryAfter = retryAfter;
  }

  /** How long the receiver asked to wait before the next attempt, if it said. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
