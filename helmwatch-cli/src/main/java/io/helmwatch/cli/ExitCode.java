package io.helmwatch.cli;

import io.helmwatch.core.WatchOutcome;

/** The process exit codes, stable for CI pipelines. */
public final class ExitCode {
  private ExitCode() {}

  public static final int READY = 0;
  public static final int FAILED = 1;
  public static final int TIMEOUT = 2;
  public static final int NOT_RECONCILING = 3;
  public static final int CLUSTER_UNREACHABLE = 4;
  public static final int USAGE = 64;
  /** An unexpected internal error (sysexits' EX_SOFTWARE); never a watch outcome. */
  public static final int SOFTWARE = 70;
  public static final int INTERRUPTED = 130;

  /** The exit code of a watch that ended with {@code outcome}. */
  public static int of(WatchOutcome outcome) {
    return switch (outcome) {
      case READY -> READY;
      case FAILED -> FAILED;
      case TIMEOUT -> TIMEOUT;
      case NOT_RECONCILING -> NOT_RECONCILING;
      case CANCELLED -> INTERRUPTED;
    };
  }
}
