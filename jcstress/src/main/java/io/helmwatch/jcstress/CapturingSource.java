package io.helmwatch.jcstress;

import io.helmwatch.core.ReleaseKey;
import io.helmwatch.core.ReleaseSource;
import org.jspecify.annotations.Nullable;

/** A source that hands the watcher's listener to the test, which then plays the informer's threads. */
final class CapturingSource implements ReleaseSource {
  private volatile @Nullable Listener listener;

  @Override
  public String cluster() {
    return ReleaseKey.PRIMARY;
  }

  @Override
  public void start(Listener listener) {
    this.listener = listener;
    listener.synced();
  }

  @Override
  public void close() {}

  Listener listener() {
    Listener l = listener;
    if (l == null) {
      throw new IllegalStateException("the watcher has not started the source");
    }
    return l;
  }
}
