package io.helmwatch.fabric8.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Cutting a timestamped log stream into lines. */
class LogLineSplitterTest {
  private final List<String> lines = new ArrayList<>();
  private final List<Instant> times = new ArrayList<>();
  private final LogLineSplitter splitter = new LogLineSplitter((text, second, nano) -> {
    lines.add(text.toString());
    times.add(second == Long.MIN_VALUE ? null : Instant.ofEpochSecond(second, nano));
  }, true);

  private void write(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    splitter.write(b, 0, b.length);
  }

  @Test
  void linesSplitAcrossWritesAndMultiByteCharactersAreJoined() {
    byte[] b = "2024-05-01T10:00:00.5Z héllo wörld\r\n2024-05-01T10:00:01Z second\n".getBytes(StandardCharsets.UTF_8);
    for (byte x : b) {
      splitter.write(x);
    }

    assertThat(lines).containsExactly("héllo wörld", "second");
    assertThat(times).containsExactly(Instant.parse("2024-05-01T10:00:00.5Z"), Instant.parse("2024-05-01T10:00:01Z"));
  }

  @Test
  void kubeletTimestampsWithNanosAndOffsetsAreRead() {
    write("2024-05-01T10:00:00.123456789Z a\n2024-05-01T12:00:00+02:00 b\n2024-02-29T23:59:59.000000001Z c\n");

    assertThat(times).containsExactly(Instant.parse("2024-05-01T10:00:00.123456789Z"),
        Instant.parse("2024-05-01T10:00:00Z"), Instant.parse("2024-02-29T23:59:59.000000001Z"));
  }

  @Test
  void aLineWithoutATimestampIsPassedWhole() {
    write("{\"kind\":\"Status\",\"code\":404}\n");

    assertThat(lines).containsExactly("{\"kind\":\"Status\",\"code\":404}");
    assertThat(times).containsOnlyNulls();
  }

  @Test
  void aVeryLongLineIsCutAndTheNextLineIsIntact() {
    write("2024-05-01T10:00:00Z " + "x".repeat(LogLineSplitter.MAX_LINE_BYTES + 10) + "\n2024-05-01T10:00:01Z next\n");

    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).hasSize(LogLineSplitter.MAX_LINE_BYTES - "2024-05-01T10:00:00Z ".length());
    assertThat(lines.get(1)).isEqualTo("next");
  }

  @Test
  void aPartialLastLineIsDroppedOnClose() {
    write("2024-05-01T10:00:00Z whole\n2024-05-01T10:00:01Z cut mid-");
    splitter.close();
    write("line\n");

    assertThat(lines).containsExactly("whole");
  }
}
