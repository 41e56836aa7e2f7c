package io.helmwatch.jobs;

import io.helmwatch.core.ComponentId;
import io.helmwatch.core.ComponentState;
import io.helmwatch.core.EventLevel;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The on-disk JSON of {@link FileJobStore}: {@code index.json}, the records of its journal, and one NDJSON
 * object per log line. Reading
 * is strict: a missing or mistyped field is an error that says which one, never a default.
 */
final class JobCodec {
  /** Bumped when the schema changes incompatibly; readers refuse formats they do not know. */
  static final long FORMAT = 1;

  private JobCodec() {}

  static String index(String deployment, List<Job> jobs) {
    JsonWriter w = new JsonWriter(256 + jobs.size() * 320);
    w.beginObject().field("format", FORMAT).field("deployment", deployment).name("jobs").beginArray();
    for (Job job : jobs) {
      job(w, job);
    }
    return w.endArray().endObject().toString() + "\n";
  }

  /**
   * One record of the index journal, without its newline: {@code {"format","deployment","job":{..}}}, the
   * job's whole row as the index holds it, so replaying a record replaces the row.
   */
  static String journalRecord(String deployment, Job job) {
    JsonWriter w = new JsonWriter(320 + job.executions().size() * 120);
    w.beginObject().field("format", FORMAT).field("deployment", deployment).name("job");
    job(w, job);
    return w.endObject().toString();
  }

  private static void job(JsonWriter w, Job job) {
    w.beginObject()
        .field("name", job.name())
        .field("component", job.component().value())
        .field("status", job.status().wireName())
        .field("state", job.state().wireName())
        .field("updatedAt", job.updatedAt().toString())
        .name("dependsOn").beginArray();
    for (String dep : job.dependsOn()) {
      w.value(dep);
    }
    w.endArray().name("executions").beginArray();
    for (Execution e : job.executions()) {
      Instant finished = e.finishedAt();
      w.beginObject()
          .field("number", e.number())
          .field("status", e.status().wireName())
          .field("startedAt", e.startedAt().toString())
          .field("finishedAt", finished == null ? null : finished.toString())
          .endObject();
    }
    w.endArray().endObject();
  }

  /**
   * The jobs in an index's text.
   *
   * @throws IllegalArgumentException (or {@link JsonReader.MalformedJsonException}) saying what is wrong
   */
  static List<Job> readIndex(String text, String deployment) {
    Map<String, @Nullable Object> root = header(text, deployment);
    List<Job> jobs = new ArrayList<>();
    List<@Nullable Object> rows = array(root, "jobs", "");
    for (int i = 0; i < rows.size(); i++) {
      jobs.add(job(rows.get(i), "jobs[" + i + "]."));
    }
    return jobs;
  }

  /**
   * The job of one index journal record.
   *
   * @throws IllegalArgumentException (or {@link JsonReader.MalformedJsonException}) saying what is wrong
   */
  static Job readJournalRecord(String text, String deployment) {
    return job(header(text, deployment).get("job"), "job.");
  }

  /** The document's object, once its format and deployment are checked. */
  private static Map<String, @Nullable Object> header(String text, String deployment) {
    Map<String, @Nullable Object> root = object(JsonReader.parse(text), "the document");
    long format = number(root, "format", "");
    if (format != FORMAT) {
      throw new IllegalArgumentException("unknown format " + format + " (this version reads " + FORMAT + ")");
    }
    String written = string(root, "deployment", "");
    if (!written.equals(deployment)) {
      throw new IllegalArgumentException("it belongs to deployment '" + written + "', not '" + deployment + "'");
    }
    return root;
  }

  private static Job job(@Nullable Object value, String at) {
    Map<String, @Nullable Object> row = object(value, at);
    String name = string(row, "name", at);
    List<String> deps = new ArrayList<>();
    for (Object dep : array(row, "dependsOn", at)) {
      if (!(dep instanceof String s)) {
        throw new IllegalArgumentException(at + "dependsOn must hold strings");
      }
      deps.add(s);
    }
    List<Execution> executions = new ArrayList<>();
    List<@Nullable Object> execs = array(row, "executions", at);
    for (int j = 0; j < execs.size(); j++) {
      String eat = at + "executions[" + j + "].";
      Map<String, @Nullable Object> e = object(execs.get(j), eat);
      long number = number(e, "number", eat);
      if (number < 1 || number > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(eat + "number out of range: " + number);
      }
      ExecutionStatus status = enumValue(() -> ExecutionStatus.ofWire(string(e, "status", eat)), eat + "status");
      Instant started = instant(string(e, "startedAt", eat), eat + "startedAt");
      String finished = nullableString(e, "finishedAt", eat);
      executions.add(new Execution(name, (int) number, status, started,
          finished == null ? null : instant(finished, eat + "finishedAt")));
    }
    return new Job(
        name,
        ComponentId.of(string(row, "component", at)),
        enumValue(() -> JobStatus.ofWire(string(row, "status", at)), at + "status"),
        enumValue(() -> ComponentState.valueOf(string(row, "state", at).toUpperCase(Locale.ROOT)), at + "state"),
        deps,
        executions,
        instant(string(row, "updatedAt", at), at + "updatedAt"));
  }

  /** One log line as a single-line JSON object, without the newline. */
  static String line(LogLine line) {
    return new JsonWriter(64 + line.message().length())
        .beginObject()
        .field("time", line.time().toString())
        .field("level", line.level().name().toLowerCase(Locale.ROOT))
        .field("message", line.message())
        .endObject()
        .toString();
  }

  static LogLine readLine(String text) {
    Map<String, @Nullable Object> o = object(JsonReader.parse(text), "the line");
    return new LogLine(
        instant(string(o, "time", ""), "time"),
        enumValue(() -> EventLevel.valueOf(string(o, "level", "").toUpperCase(Locale.ROOT)), "level"),
        string(o, "message", ""));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, @Nullable Object> object(@Nullable Object value, String what) {
    if (!(value instanceof Map)) {
      throw new IllegalArgumentException(what + " must be a JSON object");
    }
    return (Map<String, @Nullable Object>) value;
  }

  @SuppressWarnings("unchecked")
  private static List<@Nullable Object> array(Map<String, @Nullable Object> o, String field, String at) {
    Object v = o.get(field);
    if (!(v instanceof List)) {
      throw new IllegalArgumentException(at + field + " must be an array");
    }
    return (List<@Nullable Object>) v;
  }

  private static String string(Map<String, @Nullable Object> o, String field, String at) {
    if (!(o.get(field) instanceof String s)) {
      throw new IllegalArgumentException(at + field + " must be a string");
    }
    return s;
  }

  private static @Nullable String nullableString(Map<String, @Nullable Object> o, String field, String at) {
    Object v = o.get(field);
    if (v == null && o.containsKey(field)) {
      return null;
    }
    return string(o, field, at);
  }

  private static long number(Map<String, @Nullable Object> o, String field, String at) {
    if (!(o.get(field) instanceof Long n)) {
      throw new IllegalArgumentException(at + field + " must be an integer");
    }
    return n;
  }

  private static Instant instant(String value, String what) {
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(what + " is not an ISO-8601 instant: " + value);
    }
  }

  private static <T> T enumValue(java.util.function.Supplier<T> read, String what) {
    try {
      return read.get();
    } catch (IllegalArgumentException e) {
      if (e.getMessage() != null && e.getMessage().startsWith("No enum constant")) {
        throw new IllegalArgumentException(what + " has an unknown value");
      }
      throw e;
    }
  }
}
