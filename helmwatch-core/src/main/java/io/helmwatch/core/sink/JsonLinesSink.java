package io.helmwatch.core.sink;

import io.helmwatch.core.internal.json.EventJson;
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
 * Writes one {@link EventJson} object per line (NDJSON) for every event, notice, snapshot and outcome,
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

  private JsonLinesSink(Writer out, Clock clock, String name) {
    this.out = Objects.requireNonNull(out, "out");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.name = name;
  }

  /** Writes to {@code out}, which it closes on {@link #close()}. */
  public static JsonLinesSink to(Writer out) {
    return to(out, Clock.systemUTC());
  }

  /** Writes to {@code out}; {@code clock} stamps snapshots and outcomes, which carry no time of their own. */
  public static JsonLinesSink to(Writer out, Clock clock) {
    return new JsonLinesSink(out, clock, "jsonl");
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
    Objects.requireNonNull(file, "file");
    try {
      Writer w = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING));
      return new JsonLinesSink(w, Clock.systemUTC(), "jsonl:" + file.getFileName());
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
    write(EventJson.event(event));
  }

  @Override
  public void onNotice(WatchNotice notice) {
    write(EventJson.notice(notice));
  }

  @Override
  public void onSnapshot(List<ComponentSnapshot> snapshot) {
    write(EventJson.snapshot(snapshot, clock.instant()));
  }

  @Override
  public void onOutcome(WatchResult result) {
    write(EventJson.outcome(result, clock.instant()));
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
