package io.helmwatch.benchmarks;

import io.helmwatch.core.ReleaseKey;
import io.helmwatch.core.ReleaseSource;
import io.helmwatch.core.Watcher;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A {@link ReleaseSource} that only keeps the {@link Listener} its watcher starts it with, so that a benchmark
 * can call the watcher's per-update path directly on its own thread, the way an informer's handler thread
 * does. Uses the public port only.
 */
final class CapturedListenerSource implements ReleaseSource {
  private @Nullable Listener listener;

  @Override
  public String cluster() {
    return ReleaseKey.PRIMARY;
  }

  @Override
  public void start(Listener listener) {
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  @Override
  public void close() {}

  /** Starts {@code watcher} (built over this source) and returns the listener it registered. */
  Listener start(Watcher watcher) {
    watcher.start();
    return Objects.requireNonNull(listener, "the watcher did not start this source");
  }
}
