package io.helmwatch.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.helmwatch.core.ComponentId;
import io.helmwatch.core.ComponentState;
import io.helmwatch.core.EventLevel;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JobCodecTest {
  private static final Instant T = Instant.parse("2026-05-15T19:16:00Z");
  private static final String HEADER = "{\"format\":1,\"deployment\":\"d\",";
  private static final String LINE = "{\"time\":\"2026-05-15T19:16:00Z\",\"level\":\"info\",\"message\":\"m\"}";

  private static String text(byte[] unit) {
    assertThat(unit).as("one unit, one newline, at its end").endsWith((byte) '\n');
    String s = new String(unit, 0, unit.length - 1, StandardCharsets.UTF_8);
    assertThat(s).doesNotContain("\n");
    return s;
  }

  private static Job job() {
    return new Job("install-x", ComponentId.of("sin-2:x"), JobStatus.RUNNING, ComponentState.INSTALLING,
        List.of("install-a", "install-b"), List.of(
            new Execution("install-x", 1, ExecutionStatus.FAILED, T, T.plusSeconds(1)),
            Execution.open("install-x", 2, T.plusNanos(123_456_789))), T.plusSeconds(2));
  }

  @Test
  void aMessageThatNeedsEveryEscapeRoundTripsOnOneLine() {
    LogLine line = new LogLine(T, EventLevel.WARN, SampleRollout.NASTY);

    String written = text(JobCodec.line(line));

    assertThat(written).doesNotContain("\u0000").doesNotContain("\t").doesNotContain("\r");
    assertThat(JobCodec.readLine(written)).isEqualTo(line);
  }

  @Test
  void supplementaryCharactersAreWrittenAsUtf8AndUnpairedSurrogatesEscaped() throws CharacterCodingException {
    byte[] unit = JobCodec.line(new LogLine(T, EventLevel.INFO, "🚀 \ud800 \udc00"));

    String strict = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(unit)).toString();
    assertThat(strict).contains("🚀").containsIgnoringCase("\\ud800").containsIgnoringCase("\\udc00");
  }

  @Test
  void indexAndJournalRecordRoundTrip() {
    Job job = job();

    assertThat(JobCodec.readIndex(text(JobCodec.index("d", 7, List.of(job, job("install-y")))), "d"))
        .isEqualTo(new JobCodec.Index(7, List.of(job, job("install-y"))));
    assertThat(JobCodec.readJournalRecord(text(JobCodec.journalRecord("d", 8, job)), "d"))
        .isEqualTo(new JobCodec.JournalRecord(8, job));
  }

  private static Job job(String name) {
    return new Job(name, ComponentId.of("y"), JobStatus.PENDING, ComponentState.PENDING, List.of(), List.of(), T);
  }

  @Test
  void fieldsMayComeInAnyOrderAndUnknownFieldsAreSkipped() {
    String record = "{\"job\":{\"executions\":[{\"finishedAt\":null,\"extra\":[1,{\"a\":true}],\"startedAt\":"
        + "\"2026-05-15T19:16:00Z\",\"status\":\"running\",\"number\":1}],\"updatedAt\":\"2026-05-15T19:16:00Z\","
        + "\"dependsOn\":[],\"state\":\"installing\",\"status\":\"running\",\"component\":\"x\","
        + "\"name\":\"install-x\"},\"deployment\":\"d\",\"later\":null,\"format\":1}";

    JobCodec.JournalRecord read = JobCodec.readJournalRecord(record, "d");

    assertThat(read.sequence()).as("a record of the first writer has no sequence").isEqualTo(JobCodec.UNSEQUENCED);
    assertThat(read.job().executions()).singleElement().isEqualTo(Execution.open("install-x", 1, T));
  }

  /** The schema is checked while reading, so each of these breaks the syntax before any field is wrong. */
  @ParameterizedTest
  @ValueSource(strings = {
      "", " ", "{", "{\"a\":1,}", "{\"a\":[1 2]}", "{\"a\" 1}", "{\"a\":\"unterminated}", "{\"a\":01.5}",
      "{\"a\":\"bad \\q escape\"}", "{\"a\":\"\\u12\"}", "{\"a\":1,\"a\":2}", "{a:1}", "nul", "{\"a\":\"tab\there\"}",
      "{\"a\":NaN}", "{\"a\":1 // comment\n}", LINE + " x", LINE + "{}", LINE + "\u0000"})
  void malformedJsonIsReportedWithAnOffset(String text) {
    assertThatThrownBy(() -> JobCodec.readLine(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at offset");
  }

  @Test
  void deepNestingIsRefusedInsteadOfTracked() {
    String deep = "{\"skipped\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}";

    assertThatThrownBy(() -> JobCodec.readLine(deep)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at offset").hasMessageContaining("nesting depth");
  }

  @Test
  void aMissingFieldIsNamed() {
    assertThatThrownBy(() -> JobCodec.readLine("{\"time\":\"2026-05-15T19:16:00Z\",\"message\":\"m\"}"))
        .hasMessage("level is missing");
    assertThatThrownBy(() -> JobCodec.readJournalRecord(HEADER + "\"job\":{\"name\":\"install-x\"}}", "d"))
        .hasMessageStartingWith("job.executions is missing");
    assertThatThrownBy(() -> JobCodec.readJournalRecord("{\"deployment\":\"d\",\"job\":{}}", "d"))
        .hasMessageContaining("job.name is missing");
    assertThatThrownBy(() -> JobCodec.readIndex("{\"format\":1,\"jobs\":[]}", "d"))
        .hasMessage("deployment is missing");
  }

  @Test
  void aMistypedFieldIsNamedWithItsPath() {
    String exec = "{\"number\":1.5,\"status\":\"running\",\"startedAt\":\"2026-05-15T19:16:00Z\",\"finishedAt\":null}";
    String job = "{\"name\":\"install-x\",\"component\":\"x\",\"status\":\"running\",\"state\":\"installing\","
        + "\"updatedAt\":\"2026-05-15T19:16:00Z\",\"dependsOn\":[],\"executions\":[" + exec + "]}";

    assertThatThrownBy(() -> JobCodec.readIndex(HEADER + "\"jobs\":[" + job + "]}", "d"))
        .hasMessage("jobs[0].executions[0].number must be an integer");
    assertThatThrownBy(() -> JobCodec.readIndex(HEADER + "\"jobs\":[{},7]}", "d"))
        .hasMessageStartingWith("jobs[0].");
    assertThatThrownBy(() -> JobCodec.readIndex(HEADER + "\"jobs\":{}}", "d")).hasMessage("jobs must be an array");
    assertThatThrownBy(() -> JobCodec.readJournalRecord(HEADER + "\"job\":7}", "d"))
        .hasMessage("job must be a JSON object");
    assertThatThrownBy(() -> JobCodec.readJournalRecord(HEADER + "\"job\":" + job.replace("[]", "[7]") + "}", "d"))
        .hasMessage("job.dependsOn must hold strings");
    assertThatThrownBy(() -> JobCodec.readLine("{\"time\":\"yesterday\",\"level\":\"info\",\"message\":\"m\"}"))
        .hasMessageContaining("time is not an ISO-8601 instant");
    assertThatThrownBy(() -> JobCodec.readLine("{\"time\":\"2026-05-15T19:16:00Z\",\"level\":\"loud\",\"message\":\"m\"}"))
        .hasMessage("level has an unknown value");
    assertThatThrownBy(() -> JobCodec.readLine("[]")).hasMessage("the line must be a JSON object");
    assertThatThrownBy(() -> JobCodec.readIndex(HEADER + "\"sequence\":0,\"jobs\":[]}", "d"))
        .hasMessage("sequence out of range: 0");
  }

  @Test
  void anotherFormatOrDeploymentIsRefused() {
    assertThatThrownBy(() -> JobCodec.readIndex("{\"format\":2,\"jobs\":\"another shape\"}", "d"))
        .hasMessage("unknown format 2 (this version reads 1)");
    assertThatThrownBy(() -> JobCodec.readIndex("{\"format\":99999999999999999999,\"jobs\":[]}", "d"))
        .hasMessageStartingWith("format out of range");
    assertThatThrownBy(() -> JobCodec.readIndex(HEADER + "\"jobs\":[]}", "e"))
        .hasMessage("it belongs to deployment 'd', not 'e'");
  }
}
