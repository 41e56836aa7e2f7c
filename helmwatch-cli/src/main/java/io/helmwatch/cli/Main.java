package io.helmwatch.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;

/** {@code java -jar helmwatch.jar [demo|watch|jobs] ...}; no arguments runs the demo. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    System.exit(run(args, out, err));
  }

  /** Runs the program with {@code args}; returns the exit code. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    configureLogging(Arrays.asList(args).contains("--verbose") || Arrays.asList(args).contains("-v"));
    CommandLine cli = new CommandLine(new HelmwatchCommand())
        .setOut(out)
        .setErr(err)
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setExecutionExceptionHandler((e, commandLine, parseResult) -> {
          boolean verbose = parseResult.hasMatchedOption("--verbose");
          PrintWriter w = commandLine.getErr();
          if (e instanceof ClusterUnavailableException) {
            w.println("helmwatch: " + e.getMessage());
            return ExitCode.CLUSTER_UNREACHABLE;
          }
          if (e instanceof IllegalArgumentException) {
            w.println("helmwatch: " + e.getMessage());
            return ExitCode.USAGE;
          }
          w.println("helmwatch: " + e + (verbose ? "" : " (run with --verbose for the stack trace)"));
          if (verbose) {
            e.printStackTrace(w);
          }
          return ExitCode.SOFTWARE;
        });
    cli.getCommandSpec().exitCodeOnInvalidInput(ExitCode.USAGE);
    cli.getSubcommands().values().forEach(c -> c.getCommandSpec().exitCodeOnInvalidInput(ExitCode.USAGE));
    return cli.execute(args.length == 0 ? new String[] {"demo"} : args);
  }

  /** Before any logger exists: slf4j-simple reads these once. The embedded API server logs through JUL. */
  private static void configureLogging(boolean verbose) {
    if (verbose) {
      System.setProperty("org.slf4j.simpleLogger.log.io.helmwatch", "debug");
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "info");
    }
    Logger.getLogger("").setLevel(verbose ? Level.INFO : Level.SEVERE);
    for (var handler : Logger.getLogger("").getHandlers()) {
      handler.setLevel(verbose ? Level.INFO : Level.SEVERE);
    }
  }
}
