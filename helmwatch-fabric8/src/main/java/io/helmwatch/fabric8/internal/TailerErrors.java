package io.helmwatch.fabric8.internal;

import io.helmwatch.fabric8.HelmControllerLogTailer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tailer's error callback, guarded: a callback that throws (anything but an {@link OutOfMemoryError}) is
 * logged, and never reaches the stream or informer thread that reported.
 */
public final class TailerErrors {
  private static final Logger log = LoggerFactory.getLogger(HelmControllerLogTailer.class);

  private final Consumer<String> callback;

  /** Reports to {@code callback}, which receives one line per error, without credentials. */
  public TailerErrors(Consumer<String> callback) {
    this.callback = callback;
  }

  void report(String message) {
    try {
      callback.accept(message);
    } catch (OutOfMemoryError e) {
      throw e;
    } catch (Throwable e) {
      log.warn("The tailer's error callback failed on: {}", message, e);
    }
  }
}
