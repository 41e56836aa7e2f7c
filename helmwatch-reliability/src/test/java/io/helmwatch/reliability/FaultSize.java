package io.helmwatch.reliability;

import java.util.Locale;
import java.util.Random;

/**
 * The size of the reliability runs: {@code ci} (default, part of every {@code mvn verify}) or {@code long}
 * ({@code -Dhelmwatch.faults=long}), and the seed of their randomness ({@code -Dhelmwatch.faults.seed=},
 * printed by every run so that a failure can be replayed).
 */
record FaultSize(String name, int releases, int drops, int malformed) {

  static final FaultSize CI = new FaultSize("ci", 120, 20, 2_000);
  static final FaultSize LONG = new FaultSize("long", 500, 50, 10_000);

  static FaultSize current() {
    String mode = System.getProperty("helmwatch.faults", "ci").trim().toLowerCase(Locale.ROOT);
    return switch (mode) {
      case "", "ci" -> CI;
      case "long" -> LONG;
      default -> throw new IllegalArgumentException(
          "helmwatch.faults must be 'ci' or 'long', was '" + mode + "'");
    };
  }

  /** The seed given with {@code -Dhelmwatch.faults.seed}, else a fresh one; printed either way. */
  static long seed(String run) {
    String given = System.getProperty("helmwatch.faults.seed", "").trim();
    long seed = given.isEmpty() ? new Random().nextLong() : Long.parseLong(given);
    System.out.println("[reliability] " + run + ": size=" + current().name() + " seed=" + seed
        + " (replay with -Dhelmwatch.faults.seed=" + seed + ")");
    return seed;
  }
}
