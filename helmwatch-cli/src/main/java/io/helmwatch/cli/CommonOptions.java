package io.helmwatch.cli;

import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** Options every watching command has. */
final class CommonOptions {
  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT",
      description = "table, plain or jsonl (default: table on a terminal, plain otherwise).")
  @Nullable OutputFormat output;

  @Option(names = {"-v", "--verbose"}, description = "Log debug details to standard error.")
  boolean verbose;

  OutputFormat output() {
    return output != null ? output : OutputFormat.auto();
  }
}
