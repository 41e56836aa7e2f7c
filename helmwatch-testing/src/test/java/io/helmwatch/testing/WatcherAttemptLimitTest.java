package io.helmwatch.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.helmwatch.core.StateDeriver;
import io.helmwatch.core.Watcher;
import io.helmwatch.core.flux.FluxHelmReleaseDeriver;
import org.junit.jupiter.api.Test;

/** {@link Watcher.Builder#maxAttempts} and {@link Watcher.Builder#failFast}: one attempt limit, said once. */
class WatcherAttemptLimitTest {
  private final FakeReleaseSource source = FakeReleaseSource.create();

  @Test
  void aLimitBelowOneIsRejected() {
    assertThatThrownBy(() -> Watcher.builder(source).maxAttempts(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("maxAttempts must be at least 1, was 0");
  }

  @Test
  void failFastAndMaxAttemptsInEitherOrderConflict() {
    assertThatThrownBy(() -> Watcher.builder(source).failFast(true).maxAttempts(2))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("maxAttempts(2) conflicts with failFast(true)");
    assertThatThrownBy(() -> Watcher.builder(source).maxAttempts(2).failFast(true))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("failFast(true) conflicts with maxAttempts(2)");
    assertThatThrownBy(() -> Watcher.builder(source).maxAttempts(2).maxAttempts(3))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("maxAttempts(3) conflicts with maxAttempts(2)");
  }

  @Test
  void failFastFalseUndoesFailFastAndRepeatingACallIsNoConflict() {
    assertThatCode(() -> Watcher.builder(source).failFast(true).failFast(false).maxAttempts(2).build().close())
        .doesNotThrowAnyException();
    assertThatCode(() -> Watcher.builder(source).maxAttempts(2).maxAttempts(2).build().close())
        .doesNotThrowAnyException();
    assertThatCode(() -> Watcher.builder(source).failFast(false).build().close()).doesNotThrowAnyException();
  }

  @Test
  void aLimitCannotBeAskedOfACustomDeriverButMayRepeatTheFluxDeriverItSelects() {
    StateDeriver custom = observation -> FluxHelmReleaseDeriver.instance().derive(observation);
    assertThatThrownBy(() -> Watcher.builder(source).deriver(custom).maxAttempts(3).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("maxAttempts(3) selects FluxHelmReleaseDeriver.maxAttempts(3)");
    assertThatCode(() -> Watcher.builder(source).deriver(FluxHelmReleaseDeriver.maxAttempts(3)).maxAttempts(3)
        .build().close()).doesNotThrowAnyException();
    assertThat(FluxHelmReleaseDeriver.maxAttempts(1)).isSameAs(FluxHelmReleaseDeriver.failFast());
  }
}
