package io.helmwatch.core.sink;

import io.helmwatch.core.ComponentEvent;
import io.helmwatch.core.ComponentSnapshot;
import io.helmwatch.core.EventSink;
import io.helmwatch.core.WatchNotice;
import io.helmwatch.core.WatchResult;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * Writes one JSON object per line (NDJSON) for every event, notice, snapshot and outcome (helmwatch's
 * schema 1 unless another {@link EventFormat} is given),
 * flushing after each line so that a reader tailing the file sees it at once. A write that fails throws
 * {@link UncheckedIOException}, which the sink's lane logs and counts.
 *
 * <pre>{@code
 * watcher.subscribe(JsonLinesSink.toPath(Path.of("events.jsonl")));
 * }</pre>
 *
 * @since 0.1
 */
public final class JsonLinesSink implements EventSink {
  private final Writer out;
  private final Clock clock;
  private final String name;
  private final EventFormat format;

  private JsonLinesSink(Writer out, Clock clock, String name, EventFormat format) {
    this.out = Objects.requireNonNull(out, "out");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.format = Objects.requireNonNull(format, "format");
    this.name = format == EventFormat.json() ? name : format.name() + "-" + name;
  }

  /** Writes to {@code out}, which it closes on {@link #close()}. */
  public static JsonLinesSink to(Writer out) {
    return to(out, Clock.systemUTC());
  }

  /** Writes to {@code out}; {@code clock} stamps snapshots and outcomes, which carry no time of their own. */
  public static JsonLinesSink to(Writer out, Clock clock) {
    return to(out, clock, EventFormat.json());
  }

  /**
   * Writes each item as {@code format} encodes it, one body a line; the format's headers, if any, are not
   * written (use a format whose body is self-contained, such as CloudEvents' structured mode).
   */
  public static JsonLinesSink to(Writer out, Clock clock, EventFormat format) {
    return new JsonLinesSink(out, clock, "jsonl", format);
  }

  /** Appends to {@code file} (created if missing) in UTF-8. */
  public static JsonLinesSink toPath(Path file) {
    return toPath(file, true);
  }

  /**
   * Writes to {@code file} in UTF-8, creating it if missing; appends, or truncates when {@code append} is
   * {@code false}.
   *
   * @throws UncheckedIOException when the file cannot be opened
   */
  public static JsonLinesSink toPath(Path file, boolean append) {
    return toPath(file, append, EventFormat.json());
  }

  /**
   * Like {@link #toPath(Path, boolean)}, each line encoded by {@code format} (see {@link #to(Writer, Clock,
   * EventFormat)}).
   */
  public static JsonLinesSink toPath(Path file, boolean append, EventFormat format) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(format, "format");
    try {
      Writer w = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING));
      return new JsonLinesSink(w, Clock.systemUTC(), "jsonl:" + file.getFileName(), format);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot open " + file + " for JSON lines: " + e.getMessage(), e);
    }
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void onEvent(ComponentEvent event) {
    write(format.event(event).body());
  }

  @Override
  public void onNotice(WatchNotice notice) {
    write(format.notice(notice).body());
  }

  @Override
  public void onSnapshot(List<ComponentSnapshot> snapshot) {
    write(format.snapshot(snapshot, clock.instant()).body());
  }

  @Override
  public void onOutcome(WatchResult result) {
    write(format.outcome(result, clock.instant()).body());
  }

  private synchronized void write(String line) {
    try {
      out.write(line);
      out.write('\n');
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("Writing to " + name + " failed: " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void close() {
    try {
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException("Closing " + name + " failed: " + e.getMessage(), e);
    }
  }
}
