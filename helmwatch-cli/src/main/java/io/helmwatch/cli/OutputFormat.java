package io.helmwatch.cli;

import java.io.PrintWriter;
import java.time.Clock;

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
    return switch (this) {
      case TABLE -> new TableOutput(out, clock, expected);
      case PLAIN -> new PlainOutput(out);
      case JSONL -> new JsonlOutput(out, err);
    };
  }
}
