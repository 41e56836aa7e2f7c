package io.helmwatch.core.logs;

import static org.assertj.core.api.Assertions.assertThat;

import io.helmwatch.core.ComponentId;
import io.helmwatch.core.EventLevel;
import io.helmwatch.core.ReleaseKey;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HelmControllerLogLineTest {

  private static HelmControllerLogLine parsed(String line) {
    return HelmControllerLogLine.parse(line).orElseThrow(() -> new AssertionError("not routed: " + line));
  }

  @Test
  void flatJsonHelmreleaseFieldNamesTheRelease() {
    HelmControllerLogLine l = parsed(
        "{\"level\":\"info\",\"ts\":\"2026-05-15T19:16:01.5Z\",\"helmrelease\":\"flux-system/bp-cilium\","
            + "\"msg\":\"Helm install has started\"}");

    assertThat(l.namespace()).isEqualTo("flux-system");
    assertThat(l.name()).isEqualTo("bp-cilium");
    assertThat(l.message()).isEqualTo("Helm install has started");
    assertThat(l.time()).isEqualTo(Instant.parse("2026-05-15T19:16:01.5Z"));
    assertThat(l.level()).isEqualTo(EventLevel.INFO);
  }

  @Test
  void logfmtHelmreleaseFieldNamesTheRelease() {
    HelmControllerLogLine l = parsed(
        "ts=2026-05-15T19:16:01Z level=error helmrelease=\"flux-system/bp-openbao\" msg=\"install failed: \\\"x\\\"\"");

    assertThat(l.release("primary")).isEqualTo(ReleaseKey.of("flux-system", "bp-openbao"));
    assertThat(l.level()).isEqualTo(EventLevel.ERROR);
    assertThat(l.message()).isEqualTo("install failed: \"x\"");
    assertThat(l.time()).isEqualTo(Instant.parse("2026-05-15T19:16:01Z"));
  }

  @Test
  void logfmtWithAnUnquotedReleaseIsRouted() {
    assertThat(parsed("level=warn helmrelease=flux-system/bp-flux msg=retrying").name()).isEqualTo("bp-flux");
  }

  @Test
  void nestedHelmReleaseObjectNamesTheRelease() {
    HelmControllerLogLine l = parsed(
        "{\"level\":\"warn\",\"HelmRelease\":{\"name\":\"bp-spire\",\"namespace\":\"flux-system\"},\"msg\":\"x\"}");

    assertThat(l.namespace()).isEqualTo("flux-system");
    assertThat(l.name()).isEqualTo("bp-spire");
    assertThat(l.level()).isEqualTo(EventLevel.WARN);
  }

  @Test
  void currentHelmControllerJsonIsRouted() {
    HelmControllerLogLine l = parsed("{\"level\":\"info\",\"ts\":\"2026-05-15T19:16:02.123Z\",\"msg\":\"release in-sync\","
        + "\"controller\":\"helmrelease\",\"controllerGroup\":\"helm.toolkit.fluxcd.io\",\"controllerKind\":\"HelmRelease\","
        + "\"HelmRelease\":{\"name\":\"podinfo\",\"namespace\":\"apps\"},\"namespace\":\"apps\",\"name\":\"podinfo\","
        + "\"reconcileID\":\"5f0c\",\"revision\":[1,{\"a\":\"}\"}]}");

    assertThat(l.release("primary")).isEqualTo(ReleaseKey.of("apps", "podinfo"));
    assertThat(l.message()).isEqualTo("release in-sync");
  }

  @Test
  void topLevelNameAndNamespaceCountOnlyFromTheHelmReleaseController() {
    assertThat(HelmControllerLogLine.parse(
        "{\"controllerKind\":\"HelmRelease\",\"namespace\":\"apps\",\"name\":\"podinfo\",\"msg\":\"m\"}"))
        .get().extracting(HelmControllerLogLine::name).isEqualTo("podinfo");
    assertThat(HelmControllerLogLine.parse(
        "{\"controllerKind\":\"HelmChart\",\"namespace\":\"apps\",\"name\":\"podinfo\",\"msg\":\"m\"}")).isEmpty();
  }

  @Test
  void epochSecondsTimestampIsRead() {
    assertThat(parsed("{\"ts\":1747336561.25,\"helmrelease\":\"ns/x\",\"msg\":\"m\"}").time())
        .isEqualTo(Instant.ofEpochSecond(1747336561L, 250_000_000L));
  }

  @Test
  void unreadableTimestampIsNullAndTheLineStillRouted() {
    assertThat(parsed("{\"ts\":\"yesterday\",\"helmrelease\":\"ns/x\"}").time()).isNull();
  }

  @ParameterizedTest
  @CsvSource({"error,ERROR", "fatal,ERROR", "panic,ERROR", "warn,WARN", "warning,WARN", "WARN,WARN", "info,INFO",
      "debug,INFO", "trace,INFO"})
  void levelIsMapped(String word, EventLevel expected) {
    assertThat(parsed("{\"level\":\"" + word + "\",\"helmrelease\":\"ns/x\"}").level()).isEqualTo(expected);
  }

  @Test
  void lineWithoutMsgKeepsTheWholeLineAsMessage() {
    String line = "{\"helmrelease\":\"ns/x\",\"event\":\"started\"}";

    assertThat(parsed(line).message()).isEqualTo(line);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "", "   ", "plain text with no release", "{\"level\":\"info\",\"msg\":\"starting manager\"}",
      "level=info msg=\"starting manager\"", "{\"helmrelease\":\"no-slash\"}", "{\"helmrelease\":\"/x\"}",
      "{\"helmrelease\":\"ns/\"}", "{\"HelmRelease\":{\"name\":\"x\"}}", "{\"msg\":\"helmrelease=\\\"ns/x\\\"\"}",
      "{{{{", "{\"helmrelease\":", "{\"a\":[1,2", "\"helmrelease\":\"ns/x", "{\"x\":\"\\"})
  void linesNamingNoReleaseAreNotRouted(String line) {
    assertThat(HelmControllerLogLine.parse(line)).isEmpty();
  }

  @Test
  void nullIsNotRouted() {
    assertThat(HelmControllerLogLine.parse(null)).isEmpty();
  }

  @Test
  void malformedJsonAfterTheReleaseIsStillRoutedWithTheWholeLine() {
    String truncated = "{\"level\":\"error\",\"helmrelease\":\"flux-system/bp-x\",\"msg\":\"install fa";

    HelmControllerLogLine l = parsed(truncated);

    assertThat(l.name()).isEqualTo("bp-x");
    assertThat(l.level()).isEqualTo(EventLevel.ERROR);
    assertThat(l.message()).isEqualTo(truncated);
  }

  @Test
  void veryLongMessageIsCutAndMarked() {
    String msg = "y".repeat(1_000_000);

    HelmControllerLogLine l = parsed("{\"helmrelease\":\"ns/x\",\"msg\":\"" + msg + "\"}");

    assertThat(l.message()).hasSizeLessThan(HelmControllerLogLine.MAX_MESSAGE + 64)
        .startsWith("yyyy").endsWith("more characters cut]");
  }

  @Test
  void veryLongLineWithDeepNestingIsScannedWithoutOverflow() {
    String deep = "[".repeat(200_000) + "]".repeat(200_000);

    Optional<HelmControllerLogLine> l = HelmControllerLogLine.parse(
        "{\"junk\":" + deep + ",\"helmrelease\":\"ns/x\",\"msg\":\"m\"}");

    assertThat(l).get().extracting(HelmControllerLogLine::name).isEqualTo("x");
  }

  @Test
  void escapedMessageIsDecoded() {
    assertThat(parsed("{\"helmrelease\":\"ns/x\",\"msg\":\"a\\nb \\u00e9 \\\"q\\\"\"}").message())
        .isEqualTo("a\nb é \"q\"");
  }

  @Test
  void parsedLineBecomesAComponentLogWithAFallbackTime() {
    Instant now = Instant.parse("2026-05-15T19:16:00Z");

    assertThat(parsed("{\"helmrelease\":\"ns/x\",\"msg\":\"m\"}").toComponentLog(ComponentId.of("x"), now))
        .isEqualTo(new io.helmwatch.core.ComponentLog(ComponentId.of("x"), now, EventLevel.INFO, "m"));
  }

  /** Fragments that steer the scanner into every branch: keys it routes on, quotes, escapes, nesting. */
  private static final List<String> FRAGMENTS = List.of(
      "{", "}", "[", "]", "\"", "\\", "\\u", "\\u00", "\\\"", ":", ",", "=", " ", "\t", "\n", "\u0000",
      "\"helmrelease\":", "helmrelease=", "\"HelmRelease\":{", "\"name\":", "\"namespace\":",
      "\"flux-system/bp-x\"", "flux-system/bp-x", "/", "\"msg\":", "msg=", "\"level\":", "level=",
      "\"ts\":", "ts=", "2026-05-15T19:16:01.5Z", "1.7e9", "-", "null", "true", "\"error\"", "é", "\uD83D",
      "\uDE00", "𝄞");

  @Provide
  Arbitrary<String> logLines() {
    Arbitrary<String> fragment = Arbitraries.oneOf(
        Arbitraries.of(FRAGMENTS),
        Arbitraries.strings().all().ofMaxLength(12),
        Arbitraries.strings().withChars("{}[]\"\\:=, /").ofMaxLength(8));
    Arbitrary<String> soup = fragment.list().ofMaxSize(60).map(l -> String.join("", l));
    Arbitrary<String> truncated = Arbitraries.of(
            "{\"level\":\"info\",\"ts\":\"2026-05-15T19:16:01.5Z\",\"helmrelease\":\"flux-system/bp-cilium\","
                + "\"msg\":\"Helm install has started \\u00e9\"}",
            "ts=2026-05-15T19:16:01Z level=error helmrelease=\"flux-system/bp-openbao\" msg=\"failed: \\\"x\\\"\"",
            "{\"HelmRelease\":{\"name\":\"bp-x\",\"namespace\":\"flux-system\"},\"msg\":\"m\"}")
        .flatMap(line -> Arbitraries.integers().between(0, line.length()).map(cut -> line.substring(0, cut)));
    Arbitrary<String> huge = Arbitraries.of(FRAGMENTS)
        .flatMap(f -> Arbitraries.integers().between(10_000, 100_000).map(n -> f.repeat(Math.max(1, n / Math.max(1, f.length())))))
        .map(body -> "{\"helmrelease\":\"ns/x\",\"msg\":\"" + body);
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(6, soup),
        net.jqwik.api.Tuple.of(3, truncated),
        net.jqwik.api.Tuple.of(1, huge));
  }

  @Property(tries = 3000)
  void parseNeverThrowsAndBoundsWhatItReturns(@ForAll("logLines") String line) {
    Optional<HelmControllerLogLine> parsed = HelmControllerLogLine.parse(line);

    parsed.ifPresent(l -> {
      assertThat(l.name()).as("name of %s", l).isNotEmpty();
      assertThat(l.message().length()).isLessThan(HelmControllerLogLine.MAX_MESSAGE + 64);
    });
  }
}
