package io.helmwatch.fabric8;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The tailer's start position as a value: validated where it is made. */
class LogStartPositionTest {

  @Test
  void aNegativeTailIsRefusedWithTheCountInTheMessage() {
    assertThatThrownBy(() -> LogStartPosition.tail(-1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tail lines must be zero or more, was -1");
  }

  @Test
  void aZeroTailIsAllowed() {
    assertThat(LogStartPosition.tail(0)).isEqualTo(new LogStartPosition.Tail(0));
  }

  @Test
  void aMissingSinceTimeIsRefused() {
    assertThatThrownBy(() -> LogStartPosition.since(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("since");
  }

  @Test
  void positionsAreValuesComparedByContent() {
    Instant t = Instant.parse("2024-05-01T10:00:00Z");
    assertThat(LogStartPosition.since(t)).isEqualTo(new LogStartPosition.Since(t));
    assertThat(LogStartPosition.now()).isEqualTo(LogStartPosition.now());
    assertThat(LogStartPosition.tail(3)).isNotEqualTo(LogStartPosition.tail(4));
  }
}
