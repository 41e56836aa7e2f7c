package io.helmwatch.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {

  @Test
  void stringsRoundTripThroughWriterAndReader() {
    String nasty = "quote \" backslash \\ slash / newline \n tab \t nul \u0000 bell \u0007 unicode é 🚀 "
        + "line-sep \u2028 lone-surrogate \ud800 end";
    String json = new JsonWriter(16).beginObject().field("s", nasty).field("n", -42).field("z", null)
        .name("a").beginArray().value("x").value(1).endArray().endObject().toString();

    assertThat(json).doesNotContain("\n").doesNotContain("\u0000");
    Map<?, ?> back = (Map<?, ?>) JsonReader.parse(json);
    String expected = nasty.replace('\ud800', '\ud800');
    assertThat(back.get("s")).isEqualTo(expected);
    assertThat(back.get("n")).isEqualTo(-42L);
    assertThat(back.containsKey("z")).isTrue();
    assertThat(back.get("z")).isNull();
    assertThat(back.get("a")).isEqualTo(List.of("x", 1L));
  }

  @Test
  void readerAcceptsWhitespaceAndLiterals() {
    assertThat(JsonReader.parse(" { \"a\" : [ true , false , null ] } \n"))
        .isEqualTo(Map.of("a", Arrays.asList(true, false, null)));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "", "{", "{\"a\":1,}", "[1 2]", "{\"a\" 1}", "{\"a\":\"unterminated}", "{\"a\":1} x", "{\"a\":01.5}",
      "{\"a\":\"bad \\q escape\"}", "{\"a\":\"\\u12\"}", "{\"a\":1,\"a\":2}", "{a:1}", "nul", "{\"a\":\"tab\there\"}",
      "99999999999999999999"})
  void malformedInputIsReportedWithAnOffset(String text) {
    assertThatThrownBy(() -> JsonReader.parse(text))
        .isInstanceOf(JsonReader.MalformedJsonException.class)
        .hasMessageContaining("at offset");
  }

  @Test
  void deepNestingIsRefusedInsteadOfOverflowingTheStack() {
    String deep = "[".repeat(10_000) + "]".repeat(10_000);

    assertThatThrownBy(() -> JsonReader.parse(deep)).isInstanceOf(JsonReader.MalformedJsonException.class)
        .hasMessageContaining("nested deeper");
  }

  @Test
  void storeNamesEncodeEverythingOutsideASafeSetAndDecodeBack() {
    assertThat(StoreNames.fileName("install-sin-2:reloader")).isEqualTo("install-sin-2%3Areloader");
    assertThat(StoreNames.fileName("a b%é")).isEqualTo("a%20b%25%C3%A9");
    assertThat(StoreNames.decode(StoreNames.fileName("a b%é:x"))).isEqualTo("a b%é:x");
  }
}
