package io.helmwatch.core.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SinkSpecTest {

  @Test
  void nameAloneAndNameWithOptions() {
    assertThat(SinkSpec.parse("log")).isEqualTo(new SinkSpec("log", Map.of()));
    assertThat(SinkSpec.parse(" jsonl:path=events.jsonl,append=false ").config())
        .containsExactly(Map.entry("path", "events.jsonl"), Map.entry("append", "false"));
  }

  @Test
  void backslashTakesTheNextCharacterLiterally() {
    assertThat(SinkSpec.parse("webhook:header.X-Tags=a\\,b\\=c").config()).containsEntry("header.X-Tags", "a,b=c");
    assertThat(SinkSpec.parse("webhook:url=https://h/x?a=b").config()).containsEntry("url", "https://h/x?a=b");
  }

  @Test
  void malformedSpecsSayWhatIsWrongWithoutRepeatingValues() {
    assertThatThrownBy(() -> SinkSpec.parse(":path=x")).hasMessageContaining("needs a name");
    assertThatThrownBy(() -> SinkSpec.parse("jsonl:path")).hasMessageContaining("'path'").hasMessageContaining("needs a value");
    assertThatThrownBy(() -> SinkSpec.parse("jsonl:,=secret")).hasMessageContaining("without a name")
        .hasMessageNotContaining("secret");
    assertThatThrownBy(() -> SinkSpec.parse("jsonl:path=a,path=secret")).hasMessageContaining("given twice")
        .hasMessageNotContaining("secret");
  }
}
