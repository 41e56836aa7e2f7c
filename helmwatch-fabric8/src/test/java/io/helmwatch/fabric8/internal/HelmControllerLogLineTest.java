package io.helmwatch.fabric8.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.helmwatch.core.ComponentId;
import io.helmwatch.core.ComponentLog;
import io.helmwatch.core.EventLevel;
import io.helmwatch.core.ReleaseKey;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Each shape helm-controller has written, from the lines quoted in HELMRELEASE-STATUS.md section (e). */
class HelmControllerLogLineTest {

  /** Current JSON (controller-runtime v0.15+), verbatim from fluxcd/flux2 issue #5585. */
  static final String CURRENT_INFO = """
      {"level":"info","ts":"2025-10-10T12:13:32.202Z","msg":"release in-sync with desired state","controller":"helmrelease","controllerGroup":"helm.toolkit.fluxcd.io","controllerKind":"HelmRelease","HelmRelease":{"name":"cbur-crd","namespace":"ocpcfx"},"namespace":"ocpcfx","name":"cbur-crd","reconcileID":"c6e2de10-1388-4f2c-995d-d73ab20f9619"}""";
  static final String CURRENT_ACTION = """
      {"level":"info","ts":"2026-03-10T19:01:00.012Z","msg":"running 'install' action with timeout of 5m0s","controller":"helmrelease","controllerGroup":"helm.toolkit.fluxcd.io","controllerKind":"HelmRelease","HelmRelease":{"name":"podinfo","namespace":"podinfo"},"namespace":"podinfo","name":"podinfo","reconcileID":"5b0f3a5e-1c1e-4a43-9d3c-0a4f9b0d6c11"}""";
  static final String CURRENT_ERROR = """
      {"level":"error","ts":"2026-03-10T19:06:00.101Z","msg":"Reconciler error","controller":"helmrelease","controllerGroup":"helm.toolkit.fluxcd.io","controllerKind":"HelmRelease","HelmRelease":{"name":"podinfo","namespace":"podinfo"},"namespace":"podinfo","name":"podinfo","reconcileID":"5b0f3a5e-1c1e-4a43-9d3c-0a4f9b0d6c11","error":"terminal error: exceeded maximum retries: cannot remediate failed release"}""";
  /** controller-runtime v0.12 (helm-controller v0.24): the reference under a lower-camel key. */
  static final String LOWER_CAMEL = """
      {"level":"info","ts":"2022-09-20T10:00:00.000Z","msg":"release in-sync with desired state","controller":"helmrelease","controllerGroup":"helm.toolkit.fluxcd.io","controllerKind":"HelmRelease","helmRelease":{"name":"podinfo","namespace":"podinfo"},"namespace":"podinfo","name":"podinfo","reconcileID":"5b0f3a5e"}""";
  /** --log-encoding=console: the JSON context, written with spaces, is the last tab-separated field. */
  static final String CONSOLE = "2026-03-10T19:06:00.101Z\tINFO\trelease in-sync with desired state\t"
      + """
      {"controller": "helmrelease", "controllerGroup": "helm.toolkit.fluxcd.io", "controllerKind": "HelmRelease", "HelmRelease": {"name":"podinfo","namespace":"podinfo"}, "namespace": "podinfo", "name": "podinfo", "reconcileID": "..."}""";
  /** Event echoes at --log-level=trace. */
  static final String EVENT_INFO = """
      {"level":"info","ts":"2026-03-10T19:02:00.000Z","msg":"Helm install succeeded for release podinfo/podinfo.v1 with chart podinfo@6.5.4","name":"podinfo","namespace":"podinfo","reconciler kind":"HelmRelease","reason":"InstallSucceeded","annotations":{"helm.toolkit.fluxcd.io/revision":"6.5.4"}}""";
  static final String EVENT_WARNING = """
      {"level":"error","ts":"2026-03-10T19:06:00.000Z","msg":"Helm install failed for release podinfo/podinfo with chart podinfo@6.5.4: context deadline exceeded","name":"podinfo","namespace":"podinfo","reconciler kind":"HelmRelease","annotations":{},"error":"InstallFailed"}""";
  /** helm-controller v0.5 to v0.23. */
  static final String V0_5 = """
      {"level":"info","ts":"2022-05-31T10:00:00.000Z","logger":"controller.helmrelease","msg":"reconcilation finished in 2.5s, next run in 5m0s","reconciler group":"helm.toolkit.fluxcd.io","reconciler kind":"HelmRelease","name":"podinfo","namespace":"podinfo"}""";
  /** helm-controller v0.4, verbatim from fluxcd/helm-controller issue #153. */
  static final String V0_4 = """
      {"level":"info","ts":"2020-11-23T18:07:43.715Z","logger":"controllers.HelmRelease","msg":"reconcilation finished in 45.852018ms","controller":"helmrelease","request":"bootstrap/microservice-1"}""";

  private static HelmControllerLogLine parsed(String line) {
    return HelmControllerLogLine.parse(line).orElseThrow(() -> new AssertionError("not routed: " + line));
  }

  /** Asserts what routing reads from {@code line}; returns it for the time. */
  private static HelmControllerLogLine assertRouted(String line, ReleaseKey release, EventLevel level, String message) {
    HelmControllerLogLine l = parsed(line);
    assertThat(l).extracting(r -> r.release("primary"), HelmControllerLogLine::level, HelmControllerLogLine::message)
        .containsExactly(release, level, message);
    return l;
  }

  @Test
  void routesCurrentJsonByNestedHelmReleaseKey() {
    assertThat(assertRouted(CURRENT_INFO, ReleaseKey.of("ocpcfx", "cbur-crd"), EventLevel.INFO,
        "release in-sync with desired state").time())
        .isEqualTo(Instant.parse("2025-10-10T12:13:32.202Z"));
  }

  @Test
  void routesCurrentJsonActionStartAndDependencyWait() {
    String wait = CURRENT_ACTION.replace("running 'install' action with timeout of 5m0s",
        "dependencies do not meet ready condition (dependency 'flux-system/cert-manager' is not ready): "
            + "retrying in 30s");

    assertThat(List.of(parsed(CURRENT_ACTION), parsed(wait)))
        .extracting(l -> l.release("primary"))
        .containsOnly(ReleaseKey.of("podinfo", "podinfo"));
    assertThat(parsed(wait).message()).startsWith("dependencies do not meet ready condition");
  }

  @Test
  void keepsTheErrorOfAReconcilerErrorInTheMessage() {
    assertRouted(CURRENT_ERROR, ReleaseKey.of("podinfo", "podinfo"), EventLevel.ERROR,
        "Reconciler error: terminal error: exceeded maximum retries: cannot remediate failed release");
  }

  @Test
  void routesControllerRuntime012LowerCamelHelmReleaseKey() {
    assertRouted(LOWER_CAMEL, ReleaseKey.of("podinfo", "podinfo"), EventLevel.INFO,
        "release in-sync with desired state");
  }

  @Test
  void nestedReferenceRoutesWithoutTopLevelNameAndNamespace() {
    assertThat(parsed("{\"msg\":\"m\",\"helmRelease\":{\"name\":\"a\",\"namespace\":\"b\"}}").release("primary"))
        .isEqualTo(ReleaseKey.of("b", "a"));
    assertThat(parsed("{\"msg\":\"m\",\"HelmRelease\":{\"namespace\":\"b\",\"x\":[1,{}],\"name\":\"a\"}}")
        .release("primary")).isEqualTo(ReleaseKey.of("b", "a"));
  }

  @Test
  void routesConsoleEncodingByItsTrailingJsonContext() {
    assertThat(assertRouted(CONSOLE, ReleaseKey.of("podinfo", "podinfo"), EventLevel.INFO,
        "release in-sync with desired state").time())
        .isEqualTo(Instant.parse("2026-03-10T19:06:00.101Z"));
  }

  @Test
  void readsTheLoggerNameOfAConsoleLineFromAnOlderController() {
    String line = "2022-05-31T10:00:00.000Z\tERROR\tcontrollers.HelmRelease\tReconciler error\t"
        + "{\"controller\": \"helmrelease\", \"request\": \"bootstrap/microservice-1\", \"error\": \"boom\"}";

    assertRouted(line, ReleaseKey.of("bootstrap", "microservice-1"), EventLevel.ERROR, "Reconciler error: boom");
  }

  @Test
  void routesEventEchoByReconcilerKind() {
    assertRouted(EVENT_INFO, ReleaseKey.of("podinfo", "podinfo"), EventLevel.INFO,
        "Helm install succeeded for release podinfo/podinfo.v1 with chart podinfo@6.5.4");
  }

  @Test
  void warningEventEchoKeepsItsReasonInTheMessage() {
    assertRouted(EVENT_WARNING, ReleaseKey.of("podinfo", "podinfo"), EventLevel.ERROR,
        "Helm install failed for release podinfo/podinfo with chart podinfo@6.5.4: "
            + "context deadline exceeded: InstallFailed");
  }

  @Test
  void routesV05ToV023ControllerHelmreleaseLogger() {
    assertThat(assertRouted(V0_5, ReleaseKey.of("podinfo", "podinfo"), EventLevel.INFO,
        "reconcilation finished in 2.5s, next run in 5m0s").time())
        .isEqualTo(Instant.parse("2022-05-31T10:00:00Z"));
  }

  @Test
  void routesV04RequestOfTheControllersHelmReleaseLogger() {
    assertThat(assertRouted(V0_4, ReleaseKey.of("bootstrap", "microservice-1"), EventLevel.INFO,
        "reconcilation finished in 45.852018ms").time())
        .isEqualTo(Instant.parse("2020-11-23T18:07:43.715Z"));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"level\":\"info\",\"msg\":\"m\",\"controller\":\"helmchart\",\"controllerKind\":\"HelmChart\","
          + "\"HelmChart\":{\"name\":\"podinfo\",\"namespace\":\"apps\"},\"namespace\":\"apps\",\"name\":\"podinfo\"}",
      "{\"level\":\"info\",\"msg\":\"m\",\"name\":\"podinfo\",\"namespace\":\"apps\","
          + "\"reconciler kind\":\"Kustomization\"}",
      "{\"level\":\"info\",\"logger\":\"controller.kustomization\",\"msg\":\"m\",\"reconciler kind\":\"Kustomization\","
          + "\"name\":\"podinfo\",\"namespace\":\"apps\"}",
      "{\"msg\":\"m\",\"controllerKind\":\"HelmChart\",\"HelmRelease\":{\"name\":\"podinfo\",\"namespace\":\"apps\"}}",
      "{\"level\":\"info\",\"logger\":\"controllers.HelmChart\",\"msg\":\"m\",\"request\":\"apps/podinfo\"}"})
  void lineAboutAnotherKindIsNotRouted(String line) {
    assertThat(HelmControllerLogLine.parse(line)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"level\":\"info\",\"helmrelease\":\"flux-system/bp-cilium\",\"msg\":\"m\"}",
      "level=info helmrelease=\"flux-system/bp-cilium\" msg=m",
      "{\"level\":\"info\",\"namespace\":\"apps\",\"name\":\"podinfo\",\"msg\":\"m\"}",
      "{\"level\":\"info\",\"msg\":\"m\",\"request\":\"apps/podinfo\"}"})
  void shapesNoHelmControllerWritesAreNotRouted(String line) {
    assertThat(HelmControllerLogLine.parse(line)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"info,INFO", "error,ERROR", "debug,INFO", "trace,INFO", "INFO,INFO", "ERROR,ERROR", "DEBUG,INFO",
      "warn,WARN", "dpanic,ERROR", "panic,ERROR", "fatal,ERROR", "Level(-2),INFO"})
  void mapsZapLevels(String word, EventLevel expected) {
    assertThat(parsed(CURRENT_INFO.replace("\"level\":\"info\"", "\"level\":\"" + word + "\"")).level())
        .isEqualTo(expected);
  }

  @Test
  void mapsConsoleUpperCaseLevels() {
    assertThat(parsed(CONSOLE.replace("\tINFO\t", "\tERROR\t")).level()).isEqualTo(EventLevel.ERROR);
    assertThat(parsed(CONSOLE.replace("\tINFO\t", "\tDEBUG\t")).level()).isEqualTo(EventLevel.INFO);
  }

  @ParameterizedTest
  @CsvSource({
      "2026-03-10T20:06:00.101+0100, 2026-03-10T19:06:00.101Z",
      "2026-03-10T20:06:00.101+01:00, 2026-03-10T19:06:00.101Z",
      "2026-03-10T14:06:00.101-0500, 2026-03-10T19:06:00.101Z",
      "2026-03-10T19:06:00Z, 2026-03-10T19:06:00Z"})
  void readsZapIsoTimestampsWithAnyOffset(String ts, Instant expected) {
    assertThat(parsed(CURRENT_INFO.replace("2025-10-10T12:13:32.202Z", ts)).time()).isEqualTo(expected);
    assertThat(parsed(CONSOLE.replace("2026-03-10T19:06:00.101Z", ts)).time()).isEqualTo(expected);
  }

  @Test
  void readsEpochSecondsTimestamps() {
    assertThat(parsed(CURRENT_INFO.replace("\"2025-10-10T12:13:32.202Z\"", "1747336561.25")).time())
        .isEqualTo(Instant.ofEpochSecond(1747336561L, 250_000_000L));
    assertThat(parsed(CONSOLE.replace("2026-03-10T19:06:00.101Z", "1747336561.000000001")).time())
        .isEqualTo(Instant.ofEpochSecond(1747336561L, 1));
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"yesterday\"", "\"2026-03-10T19:06:00\"", "\"\"", "1e999999", "null", "[1]", "{\"a\":1}"})
  void unreadableTimestampIsNullAndTheLineStillRouted(String ts) {
    assertThat(parsed(CURRENT_INFO.replace("\"2025-10-10T12:13:32.202Z\"", ts)).time()).isNull();
  }

  @Test
  void lineWithoutMsgKeepsTheWholeLineAsMessage() {
    String line = "{\"controllerKind\":\"HelmRelease\",\"HelmRelease\":{\"name\":\"x\",\"namespace\":\"ns\"},"
        + "\"error\":\"e\"}";

    assertThat(parsed(line).message()).isEqualTo(line);
  }

  @Test
  void escapedMessageIsDecoded() {
    assertThat(parsed(CURRENT_INFO.replace("release in-sync with desired state", "a\\nb \\u00e9 \\\"q\\\"")).message())
        .isEqualTo("a\nb é \"q\"");
  }

  @Test
  void veryLongMessageIsCutAndMarked() {
    HelmControllerLogLine l = parsed(CURRENT_INFO.replace("release in-sync with desired state", "y".repeat(1_000_000)));

    assertThat(l.message()).hasSizeLessThan(HelmControllerLogLine.MAX_MESSAGE + 64)
        .startsWith("yyyy").endsWith("more characters cut]");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "", "   ", "plain text with no release", "{\"level\":\"info\",\"msg\":\"starting manager\"}",
      "I0501 10:00:01.000000       1 leaderelection.go:250] attempting to acquire leader lease",
      "2026-03-10T19:06:00.101Z\tINFO\tstarting manager",
      "2026-03-10T19:06:00.101Z\t{\"controllerKind\": \"HelmRelease\"}",
      "{\"controllerKind\":\"HelmRelease\",\"namespace\":\"apps\"}", "{\"HelmRelease\":{\"name\":\"x\"}}",
      "{\"controllerKind\":\"HelmRelease\",\"namespace\":\" \",\"name\":\"x\"}",
      "{\"controllerKind\":\"HelmRelease\",\"namespace\":\"a\",\"name\":\"x/y\"}",
      "{\"logger\":\"controllers.HelmRelease\",\"request\":\"no-slash\"}",
      "{\"logger\":\"controllers.HelmRelease\",\"request\":\"/x\"}", "{\"HelmRelease\":\"ns/x\"}",
      "{{{{", "[1,2]", "\"HelmRelease\"", "{\"x\":\"\\\"}"})
  void linesNamingNoReleaseAreNotRouted(String line) {
    assertThat(HelmControllerLogLine.parse(line)).isEmpty();
  }

  @Test
  void nullIsNotRouted() {
    assertThat(HelmControllerLogLine.parse(null)).isEmpty();
  }

  @Test
  void truncatedLineIsNotRouted() {
    // Everything that names the release has been read before the cut; the line is still not trusted.
    String truncated = CURRENT_ERROR.substring(0, CURRENT_ERROR.indexOf("\"error\":\"") + 20);

    assertThat(HelmControllerLogLine.parse(truncated)).isEmpty();
    assertThat(HelmControllerLogLine.parse(CONSOLE.substring(0, CONSOLE.length() - 1))).isEmpty();
  }

  @Test
  void deeplyNestedJunkIsNotRoutedAndDoesNotOverflow() {
    String deep = "[".repeat(200_000) + "]".repeat(200_000);

    String line = CURRENT_INFO.replace("\"reconcileID\":", "\"junk\":" + deep + ",\"reconcileID\":");

    assertThat(HelmControllerLogLine.parse(line)).isEmpty();
  }

  @Test
  void parsedLineBecomesAComponentLogWithAFallbackTime() {
    Instant now = Instant.parse("2026-05-15T19:16:00Z");

    HelmControllerLogLine l = parsed(V0_4.replace("\"ts\":\"2020-11-23T18:07:43.715Z\",", ""));

    assertThat(l.toComponentLog(ComponentId.of("x"), now)).isEqualTo(
        new ComponentLog(ComponentId.of("x"), now, EventLevel.INFO, "reconcilation finished in 45.852018ms"));
  }

  /** Fragments that steer the reader into every branch: routing keys, quotes, escapes, nesting, tabs. */
  private static final List<String> FRAGMENTS = List.of(
      "{", "}", "[", "]", "\"", "\\", "\\u", "\\u00", "\\\"", ":", ",", " ", "\t", "\n", "\u0000",
      "\"HelmRelease\":{", "\"helmRelease\":{", "\"name\":", "\"namespace\":", "\"request\":", "\"flux-system/bp-x\"",
      "\"bp-x\"", "\"controllerKind\":\"HelmRelease\"", "\"reconciler kind\":",
      "\"logger\":\"controllers.HelmRelease\"",
      "/", "\"msg\":", "\"level\":", "\"error\":", "\"ts\":", "\"2026-05-15T19:16:01.5+0100\"", "1.7e9", "-",
      "null", "true", "INFO", "é", "\uD83D", "\uDE00", "𝄞");

  @Test
  void everyCutOfEveryShapeParsesWithoutThrowing() {
    for (String line : List.of(CURRENT_INFO, CURRENT_ERROR, LOWER_CAMEL, CONSOLE, EVENT_WARNING, V0_5, V0_4)) {
      for (int cut = 0; cut <= line.length(); cut++) {
        assertBounded(line.substring(0, cut));
      }
    }
  }

  @Test
  void randomFragmentSoupParsesWithoutThrowing() {
    // A fixed seed: the same 5000 lines every run.
    Random random = new Random(20260310L);
    for (int i = 0; i < 5000; i++) {
      StringBuilder line = new StringBuilder();
      for (int n = random.nextInt(60); n > 0; n--) {
        if (random.nextInt(4) == 0) {
          line.append((char) random.nextInt(0x3000));
        } else {
          line.append(FRAGMENTS.get(random.nextInt(FRAGMENTS.size())));
        }
      }
      assertBounded(line.toString());
    }
  }

  private static void assertBounded(String line) {
    Optional<HelmControllerLogLine> parsed = HelmControllerLogLine.parse(line);

    parsed.ifPresent(l -> {
      assertThat(l.name()).as("name of %s", line).isNotBlank().doesNotContain("/");
      assertThat(l.namespace()).as("namespace of %s", line).isNotBlank();
      assertThat(l.message().length()).isLessThan(HelmControllerLogLine.MAX_MESSAGE + 64);
    });
  }
}
