package io.helmwatch.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.helmwatch.core.ComponentEvent;
import io.helmwatch.core.ComponentId;
import io.helmwatch.core.ComponentState;
import io.helmwatch.core.EmissionCause;
import io.helmwatch.core.EventLevel;
import io.helmwatch.core.ReleaseKey;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class RecordingSinkTest {
  private static ComponentEvent event(String component, ComponentState state) {
    return new ComponentEvent(ComponentId.of(component), ReleaseKey.of("flux-system", component), state, null,
        EmissionCause.FIRST_OBSERVATION, EventLevel.INFO, "msg", HelmReleases.DEFAULT_TIME, List.of());
  }

  @Test
  void aFailedWaitSaysWhatWasExpectedAndWhatArrived() {
    RecordingSink sink = new RecordingSink("ui");
    sink.onEvent(event("cilium", ComponentState.INSTALLING));
    assertThatThrownBy(() -> sink.awaitEvents(2, Duration.ofMillis(20)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Sink 'ui' expected 2 events within PT0.02S but received 1 items:")
        .hasMessageContaining("event cilium - -> installing (FIRST_OBSERVATION) msg");
  }

  @Test
  void takeEventReturnsEventsInOrderAndWaitsForOnesFromOtherThreads() {
    RecordingSink sink = new RecordingSink();
    sink.onEvent(event("a", ComponentState.PENDING));
    CompletableFuture.runAsync(() -> sink.onEvent(event("b", ComponentState.INSTALLED)));
    assertThat(sink.takeEvent(Duration.ofSeconds(5)).component().value()).isEqualTo("a");
    assertThat(sink.takeEvent(Duration.ofSeconds(5)).component().value()).isEqualTo("b");
  }

  @Test
  void awaitStateWaitsForTheLastStateOfAComponent() {
    RecordingSink sink = new RecordingSink();
    sink.onEvent(event("a", ComponentState.INSTALLING));
    CompletableFuture.runAsync(() -> sink.onEvent(event("a", ComponentState.INSTALLED)));
    assertThat(sink.awaitState("a", ComponentState.INSTALLED, Duration.ofSeconds(5)).state())
        .isEqualTo(ComponentState.INSTALLED);
  }
}
