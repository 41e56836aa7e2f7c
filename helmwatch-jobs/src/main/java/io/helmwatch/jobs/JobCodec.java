package io.helmwatch.jobs;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import io.helmwatch.core.ComponentId;
import io.helmwatch.core.ComponentState;
import io.helmwatch.core.EventLevel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The on-disk JSON of {@link FileJobStore}: {@code index.json}, the records of its journal, and one NDJSON
 * object per log line, written and read with jackson-core's streaming API. Each writer returns the UTF-8
 * bytes of one unit of its file, newline included.
 *
 * <p>Reading is strict: malformed JSON (trailing commas, comments, unescaped control characters, a second
 * value after the first, a duplicate field, nesting deeper than the schema could need) is an error with
 * the offset where it stopped, and a missing or mistyped field is an error that says which one, never a
 * default. Fields the schema does not know are skipped, in any order.
 */
final class JobCodec {
  /** Bumped when the schema changes incompatibly; readers refuse formats they do not know. */
  static final long FORMAT = 1;
  /** Deep enough for the schema (five levels); bounds what hostile input can make the parser track. */
  private static final int MAX_DEPTH = 32;

  /**
   * Thread-safe. Supplementary characters are written as UTF-8, as the first writer did (jackson-core
   * writes them as escaped surrogate pairs by default); unpaired surrogates are escaped either way. No
   * limit on a string's length: the store reads only what it wrote, and a message it wrote must read back.
   */
  private static final JsonFactory JSON = JsonFactory.builder()
      .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .streamReadConstraints(StreamReadConstraints.builder()
          .maxNestingDepth(MAX_DEPTH)
          .maxStringLength(Integer.MAX_VALUE)
          .build())
      .build();

  /**
   * The sequence number of an index or journal record written before records carried one. Written numbers
   * start at 1.
   */
  static final long UNSEQUENCED = 0;

  private JobCodec() {}

  /**
   * An index as read: its jobs, and the sequence number of the last put it holds ({@link #UNSEQUENCED}
   * when its writer did not record one).
   */
  record Index(long sequence, List<Job> jobs) {}

  /** A journal record as read: its put's sequence number ({@link #UNSEQUENCED} when absent) and job. */
  record JournalRecord(long sequence, Job job) {}

  /**
   * {@code {"format","deployment","sequence","jobs":[..]}} and its newline: the whole of {@code index.json},
   * holding every put up to the one numbered {@code sequence}.
   */
  static byte[] index(String deployment, long sequence, List<Job> jobs) {
    return write(256 + jobs.size() * 320, g -> {
      header(g, deployment);
      g.writeNumberField("sequence", sequence);
      g.writeArrayFieldStart("jobs");
      for (Job job : jobs) {
        job(g, job);
      }
      g.writeEndArray();
      g.writeEndObject();
    });
  }

  /**
   * One record of the index journal and its newline: {@code {"format","deployment","sequence","job":{..}}},
   * the put's sequence number and the job's whole row as the index holds it, so replaying a record replaces
   * the row.
   */
  static byte[] journalRecord(String deployment, long sequence, Job job) {
    return write(320 + job.executions().size() * 120, g -> {
      header(g, deployment);
      g.writeNumberField("sequence", sequence);
      g.writeFieldName("job");
      job(g, job);
      g.writeEndObject();
    });
  }

  /** One log line as a single-line JSON object, and its newline. */
  static byte[] line(LogLine line) {
    return write(64 + line.message().length(), g -> {
      g.writeStartObject();
      g.writeStringField("time", line.time().toString());
      g.writeStringField("level", line.level().name().toLowerCase(Locale.ROOT));
      g.writeStringField("message", line.message());
      g.writeEndObject();
    });
  }

  private static void header(JsonGenerator g, String deployment) throws IOException {
    // format first: a reader of another format stops before the rest of the document.
    g.writeStartObject();
    g.writeNumberField("format", FORMAT);
    g.writeStringField("deployment", deployment);
  }

  private static void job(JsonGenerator g, Job job) throws IOException {
    g.writeStartObject();
    g.writeStringField("name", job.name());
    g.writeStringField("component", job.component().value());
    g.writeStringField("status", job.status().wireName());
    g.writeStringField("state", job.state().wireName());
    g.writeStringField("updatedAt", job.updatedAt().toString());
    g.writeArrayFieldStart("dependsOn");
    for (String dep : job.dependsOn()) {
      g.writeString(dep);
    }
    g.writeEndArray();
    g.writeArrayFieldStart("executions");
    for (Execution e : job.executions()) {
      Instant finished = e.finishedAt();
      g.writeStartObject();
      g.writeNumberField("number", e.number());
      g.writeStringField("status", e.status().wireName());
      g.writeStringField("startedAt", e.startedAt().toString());
      g.writeStringField("finishedAt", finished == null ? null : finished.toString());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  @FunctionalInterface
  private interface Body {
    void write(JsonGenerator g) throws IOException;
  }

  private static byte[] write(int sizeHint, Body body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(sizeHint);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      body.write(g);
    } catch (IOException e) {
      // Nothing here does I/O: a generator over memory fails only on a bug.
      throw new UncheckedIOException(e);
    }
    out.write('\n');
    return out.toByteArray();
  }

  // ---------------------------------------------------------------- reading
  //
  // Paths in messages are "at" (the enclosing object's path, "" or ending in '.') and a field name, joined
  // only when a message is made: reading a valid file builds no strings but its values.

  /**
   * The jobs and sequence number in an index's text.
   *
   * @throws IllegalArgumentException saying what is wrong, and where
   */
  static Index readIndex(String text, String deployment) {
    return read(text, p -> {
      List<Job> jobs = null;
      Header header = new Header(deployment);
      for (String field = startObject(p, "the document"); field != null; field = p.nextFieldName()) {
        p.nextToken();
        if (field.equals("jobs")) {
          expect(p, JsonToken.START_ARRAY, "", "jobs", "an array");
          jobs = new ArrayList<>();
          while (p.nextToken() != JsonToken.END_ARRAY) {
            jobs.add(job(p, "jobs[" + jobs.size() + "]."));
          }
        } else {
          header.field(p, field);
        }
      }
      header.check();
      return new Index(header.sequence, present(jobs, "", "jobs"));
    });
  }

  /**
   * The sequence number and job of one index journal record.
   *
   * @throws IllegalArgumentException saying what is wrong, and where
   */
  static JournalRecord readJournalRecord(String text, String deployment) {
    return read(text, p -> {
      Job job = null;
      Header header = new Header(deployment);
      for (String field = startObject(p, "the document"); field != null; field = p.nextFieldName()) {
        p.nextToken();
        if (field.equals("job")) {
          job = job(p, "job.");
        } else {
          header.field(p, field);
        }
      }
      header.check();
      return new JournalRecord(header.sequence, present(job, "", "job"));
    });
  }

  /**
   * One log line, without its newline.
   *
   * @throws IllegalArgumentException saying what is wrong, and where
   */
  static LogLine readLine(String text) {
    return read(text, p -> {
      Instant time = null;
      EventLevel level = null;
      String message = null;
      for (String field = startObject(p, "the line"); field != null; field = p.nextFieldName()) {
        p.nextToken();
        switch (field) {
          case "time" -> time = instant(p, "", field);
          case "level" -> level = enumValue(p, "", field, w -> EventLevel.valueOf(w.toUpperCase(Locale.ROOT)));
          case "message" -> message = string(p, "", field);
          default -> p.skipChildren();
        }
      }
      return new LogLine(present(time, "", "time"), present(level, "", "level"), present(message, "", "message"));
    });
  }

  /**
   * The format, deployment and optional sequence fields of a document, checked as soon as each is read.
   */
  private static final class Header {
    private final String deployment;
    private boolean formatSeen;
    private boolean deploymentSeen;
    long sequence = UNSEQUENCED;

    Header(String deployment) {
      this.deployment = deployment;
    }

    void field(JsonParser p, String field) throws IOException {
      switch (field) {
        case "format" -> {
          long value = integer(p, "", field);
          if (value != FORMAT) {
            throw new IllegalArgumentException("unknown format " + value + " (this version reads " + FORMAT + ")");
          }
          formatSeen = true;
        }
        case "deployment" -> {
          String value = string(p, "", field);
          if (!value.equals(deployment)) {
            throw new IllegalArgumentException("it belongs to deployment '" + value + "', not '" + deployment + "'");
          }
          deploymentSeen = true;
        }
        case "sequence" -> {
          sequence = integer(p, "", field);
          if (sequence < 1) {
            throw new IllegalArgumentException("sequence out of range: " + sequence);
          }
        }
        default -> p.skipChildren();
      }
    }

    void check() {
      if (!formatSeen) {
        throw missing("", "format");
      }
      if (!deploymentSeen) {
        throw missing("", "deployment");
      }
    }
  }

  /** An execution as its object holds it; the job's name, which it also carries, may come after it. */
  private record ExecutionRow(int number, ExecutionStatus status, Instant startedAt, @Nullable Instant finishedAt) {}

  /** The job object at the current token; {@code at} is its path, ending in '.'. */
  private static Job job(JsonParser p, String at) throws IOException {
    String name = null;
    ComponentId component = null;
    JobStatus status = null;
    ComponentState state = null;
    List<String> dependsOn = null;
    List<ExecutionRow> executions = null;
    Instant updatedAt = null;
    expectObject(p, at);
    for (String field = p.nextFieldName(); field != null; field = p.nextFieldName()) {
      p.nextToken();
      switch (field) {
        case "name" -> name = string(p, at, field);
        case "component" -> component = ComponentId.of(string(p, at, field));
        case "status" -> status = enumValue(p, at, field, JobStatus::ofWire);
        case "state" -> state = enumValue(p, at, field, w -> ComponentState.valueOf(w.toUpperCase(Locale.ROOT)));
        case "updatedAt" -> updatedAt = instant(p, at, field);
        case "dependsOn" -> {
          expect(p, JsonToken.START_ARRAY, at, field, "an array");
          dependsOn = new ArrayList<>();
          while (p.nextToken() != JsonToken.END_ARRAY) {
            if (p.currentToken() != JsonToken.VALUE_STRING) {
              throw new IllegalArgumentException(at + "dependsOn must hold strings");
            }
            dependsOn.add(p.getText());
          }
        }
        case "executions" -> {
          expect(p, JsonToken.START_ARRAY, at, field, "an array");
          executions = new ArrayList<>();
          while (p.nextToken() != JsonToken.END_ARRAY) {
            executions.add(execution(p, at + "executions[" + executions.size() + "]."));
          }
        }
        default -> p.skipChildren();
      }
    }
    String jobName = present(name, at, "name");
    List<Execution> built = new ArrayList<>();
    for (ExecutionRow e : present(executions, at, "executions")) {
      built.add(new Execution(jobName, e.number(), e.status(), e.startedAt(), e.finishedAt()));
    }
    return new Job(jobName, present(component, at, "component"), present(status, at, "status"),
        present(state, at, "state"), present(dependsOn, at, "dependsOn"), built,
        present(updatedAt, at, "updatedAt"));
  }

  private static ExecutionRow execution(JsonParser p, String at) throws IOException {
    long number = 0;
    ExecutionStatus status = null;
    Instant startedAt = null;
    boolean finishedSeen = false;
    Instant finishedAt = null;
    expectObject(p, at);
    for (String field = p.nextFieldName(); field != null; field = p.nextFieldName()) {
      p.nextToken();
      switch (field) {
        case "number" -> {
          number = integer(p, at, field);
          if (number < 1 || number > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(at + "number out of range: " + number);
          }
        }
        case "status" -> status = enumValue(p, at, field, ExecutionStatus::ofWire);
        case "startedAt" -> startedAt = instant(p, at, field);
        case "finishedAt" -> {
          finishedSeen = true;
          finishedAt = p.currentToken() == JsonToken.VALUE_NULL ? null : instant(p, at, field);
        }
        default -> p.skipChildren();
      }
    }
    if (number == 0) {
      throw missing(at, "number");
    }
    if (!finishedSeen) {
      throw missing(at, "finishedAt");
    }
    return new ExecutionRow((int) number, present(status, at, "status"), present(startedAt, at, "startedAt"),
        finishedAt);
  }

  @FunctionalInterface
  private interface Reader<T> {
    T read(JsonParser p) throws IOException;
  }

  /** The one JSON value of {@code text}, read by {@code reader}; malformed JSON is reported with its offset. */
  private static <T> T read(String text, Reader<T> reader) {
    try (JsonParser p = JSON.createParser(text)) {
      try {
        T value = reader.read(p);
        if (p.nextToken() != null) {
          throw new IllegalArgumentException("unexpected content after the value at offset "
              + p.currentTokenLocation().getCharOffset());
        }
        return value;
      } catch (JsonProcessingException e) {
        JsonLocation where = e.getLocation() != null ? e.getLocation() : p.currentLocation();
        throw new IllegalArgumentException("malformed JSON at offset " + where.getCharOffset() + ": "
            + e.getOriginalMessage(), e);
      }
    } catch (IOException e) {
      // Closing a parser over a string does no I/O.
      throw new UncheckedIOException(e);
    }
  }

  /** Reads the root object's start; returns its first field name, or {@code null} when it is empty. */
  private static @Nullable String startObject(JsonParser p, String what) throws IOException {
    if (p.nextToken() == null) {
      throw new IllegalArgumentException("malformed JSON at offset 0: no content");
    }
    if (p.currentToken() != JsonToken.START_OBJECT) {
      throw new IllegalArgumentException(what + " must be a JSON object");
    }
    return p.nextFieldName();
  }

  /** The object whose path is {@code at} (ending in '.') starts at the current token. */
  private static void expectObject(JsonParser p, String at) {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      throw new IllegalArgumentException(at.substring(0, at.length() - 1) + " must be a JSON object");
    }
  }

  private static void expect(JsonParser p, JsonToken token, String at, String field, String kind) {
    if (p.currentToken() != token) {
      throw new IllegalArgumentException(at + field + " must be " + kind);
    }
  }

  private static String string(JsonParser p, String at, String field) throws IOException {
    if (p.currentToken() != JsonToken.VALUE_STRING) {
      throw new IllegalArgumentException(at + field + " must be a string");
    }
    return p.getText();
  }

  private static long integer(JsonParser p, String at, String field) throws IOException {
    if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
      throw new IllegalArgumentException(at + field + " must be an integer");
    }
    if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
      throw new IllegalArgumentException(at + field + " out of range: " + p.getText());
    }
    return p.getLongValue();
  }

  private static Instant instant(JsonParser p, String at, String field) throws IOException {
    String value = string(p, at, field);
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(at + field + " is not an ISO-8601 instant: " + value);
    }
  }

  /** The constant {@code ofWire} names; an unknown name is an error naming the field, not the enum. */
  private static <E extends Enum<E>> E enumValue(JsonParser p, String at, String field, Function<String, E> ofWire)
      throws IOException {
    String wire = string(p, at, field);
    try {
      return ofWire.apply(wire);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(at + field + " has an unknown value");
    }
  }

  private static <T> T present(@Nullable T value, String at, String field) {
    if (value == null) {
      throw missing(at, field);
    }
    return value;
  }

  private static IllegalArgumentException missing(String at, String field) {
    return new IllegalArgumentException(at + field + " is missing");
  }
}
