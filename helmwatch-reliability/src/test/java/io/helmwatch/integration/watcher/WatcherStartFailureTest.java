package io.helmwatch.integration.watcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.helmwatch.core.ReleaseKey;
import io.helmwatch.core.ReleaseSource;
import io.helmwatch.core.Watcher;
import io.helmwatch.testing.ManualTime;
import io.helmwatch.testing.RecordingSink;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** A source that cannot start leaves nothing of the watch running. */
class WatcherStartFailureTest {
  private final ManualTime time = ManualTime.create();
  private final RecordingSink primary = new RecordingSink("primary");
  private final RecordingSink subscriber = new RecordingSink("subscriber");
  private final UnreachableSource source = new UnreachableSource();

  @Test
  void aSourceThatFailsToStartReachesTheCallerCancelsTheTimersAndFailsTheResult() {
    Watcher watcher = Watcher.builder(source).sink(primary).clock(time.clock()).scheduler(time)
        .firstSeenTimeout(Duration.ofMinutes(1)).timeout(Duration.ofMinutes(5))
        .snapshotEvery(Duration.ofSeconds(30)).build();
    var subscription = watcher.subscribe(subscriber);

    assertThatThrownBy(watcher::start).isSameAs(source.failure);

    assertThat(time.pendingTasks()).as("timers left after the failed start").isZero();
    time.advance(Duration.ofMinutes(10));
    assertThat(primary.received()).as("what the primary sink received after the failed start").isEmpty();
    assertThat(watcher.result()).isCompletedExceptionally();
    assertThatThrownBy(() -> watcher.result().join()).isInstanceOf(CompletionException.class)
        .hasCause(source.failure);
    assertThat(source.closed).as("the source is closed after its failed start").isTrue();

    watcher.close();
    assertThat(primary.isClosed()).isTrue();
    assertThat(subscription.isActive()).isFalse();
    assertThat(subscriber.isClosed()).isTrue();
    assertThat(subscriber.received()).isEmpty();
  }

  private static final class UnreachableSource implements ReleaseSource {
    final IllegalStateException failure = new IllegalStateException("API server unreachable");
    volatile boolean closed;

    @Override
    public String cluster() {
      return ReleaseKey.PRIMARY;
    }

    @Override
    public void start(Listener listener) {
      throw failure;
    }

    @Override
    public void close() {
      closed = true;
    }
  }
}
