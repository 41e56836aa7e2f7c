package io.helmwatch.fabric8.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** When synced() may be reported: once every key of the initial list went through the handler. */
class InitialListSyncTest {
  private final InitialListSync sync = new InitialListSync();

  @Test
  void anEmptyInitialListIsSyncedAtOnce() {
    assertThat(sync.listCompleted(List.of())).isTrue();
    assertThat(sync.isDone()).isTrue();
  }

  @Test
  void theListIsSyncedWhenItsLastKeyIsHandled() {
    assertThat(sync.listCompleted(List.of("ns/a", "ns/b"))).isFalse();
    assertThat(sync.handled("ns/a")).isFalse();
    assertThat(sync.handled("ns/b")).isTrue();
    assertThat(sync.handled("ns/c")).as("reported once").isFalse();
  }

  @Test
  void keysHandledBeforeTheListCompletedCount() {
    // fabric8 8's cached first list: the handler may deliver before the start future completes.
    assertThat(sync.handled("ns/a")).isFalse();
    assertThat(sync.handled("ns/b")).isFalse();

    assertThat(sync.listCompleted(List.of("ns/a", "ns/b"))).isTrue();
  }
}
