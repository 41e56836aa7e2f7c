package io.helmwatch.jobs;

/**
 * A {@link JobStore} could not read or write its data; the message names the file and what to do.
 *
 * @since 0.1
 */
public class JobStoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public JobStoreException(String message) {
    super(message);
  }

  public JobStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
