package io.helmwatch.cli;

import io.helmwatch.core.ReleaseKey;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;

/** {@code --output}: how events are printed. */
enum OutputFormat {
  /** A live table redrawn in place; the default on a terminal. */
  TABLE,
  /** One line per event, no escape codes; the default otherwise. */
  PLAIN,
  /** The JSON lines schema of the {@code jsonl} sink. */
  JSONL;

  /** The default: a table when a person is watching, plain lines when output goes to a file or a pipe. */
  static OutputFormat auto() {
    return System.console() != null ? TABLE : PLAIN;
  }

  Output create(PrintWriter out, PrintWriter err, Clock clock, int expected) {
    return create(out, err, clock, expected, List.of(ReleaseKey.PRIMARY));
  }

  /** {@code clusters}: the order of the table's cluster groups (the primary first, then as given). */
  Output create(PrintWriter out, PrintWriter err, Clock clock, int expected, List<String> clusters) {
    return switch (this) {
      case TABLE -> new TableOutput(out, clock, expected, clusters);
      case PLAIN -> new PlainOutput(out);
      case JSONL -> new JsonlOutput(out, err);
    };
  }
}
