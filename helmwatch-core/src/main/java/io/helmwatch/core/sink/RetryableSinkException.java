package io.helmwatch.core.sink;

/**
 * Thrown by a sink for a failure that may pass (a webhook answering 503, a refused connection): the sink's
 * delivery lane retries the same call with backoff according to its {@link RetryPolicy}. Any other
 * exception counts as a failure at once.
 *
 * <p>The message is logged: it must hold no credentials.
 *
 * @since 0.1
 */
public class RetryableSinkException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public RetryableSinkException(String message) {
    super(message);
  }

  public RetryableSinkException(String message, Throwable cause) {
    super(message, cause);
  }
}
