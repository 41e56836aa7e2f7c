package io.helmwatch.core.flux;

import static org.assertj.core.api.Assertions.assertThat;

import io.helmwatch.core.ComponentState;
import io.helmwatch.core.Condition;
import io.helmwatch.core.Derivation;
import io.helmwatch.core.ReleaseKey;
import io.helmwatch.core.ReleaseObservation;
import java.lang.reflect.Field;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The deriver is total: any condition list, however broken, derives to a defined state without throwing.
 * The cases come from a seeded generator: the seed is printed, and {@code -Dhelmwatch.seed=} replays a run.
 */
class FluxHelmReleaseDeriverPropertyTest {
  private static final int TRIES = 2000;
  private static final String[] TYPES = {"Ready", "Stalled", "Reconciling", "Released", "TestSuccess", "", "ready"};
  private static final String[] STATUSES = {"True", "False", "Unknown", "", "true", "Maybe"};
  private static final String[] MESSAGES = {"dependency 'a/b' is not ready", "dependency '",
      "dependency 'x/' is not ready", "dependency '/'", "x".repeat(64 * 1024)};
  private static final String[] REASONS = reasons();

  @Test
  void deriverIsTotalOverArbitraryConditions() {
    long seed = seed();
    for (int i = 0; i < TRIES; i++) {
      Random random = new Random(seed + i);
      List<Condition> conditions = conditions(random);
      long generation = generation(random);
      long observedGeneration = generation(random);
      boolean suspended = random.nextBoolean();
      boolean deleting = random.nextBoolean();
      ReleaseObservation o = ReleaseObservation.builder(ReleaseKey.of("flux-system", "bp-x"))
          .generation(generation)
          .observedGeneration(observedGeneration)
          .conditions(conditions)
          .suspended(suspended)
          .deletionPending(deleting)
          .build();
      String replay = "seed " + seed + ", try " + i + ": generation=" + generation + " observedGeneration="
          + observedGeneration + " suspended=" + suspended + " deleting=" + deleting + " conditions=" + conditions;

      ComponentState state;
      Derivation d;
      try {
        state = FluxHelmReleaseDeriver.instance().state(o);
        d = FluxHelmReleaseDeriver.instance().derive(o);
      } catch (RuntimeException e) {
        throw new AssertionError(replay, e);
      }
      assertThat(d.state()).as(replay).isEqualTo(state);
      assertThat(d.message()).as(replay).isNotNull();
      if (deleting) {
        assertThat(state).as(replay).isEqualTo(ComponentState.REMOVED);
      }
    }
  }

  /** {@code -Dhelmwatch.seed}, else a fresh seed; printed either way. */
  private static long seed() {
    String given = System.getProperty("helmwatch.seed", "").trim();
    long seed = given.isEmpty() ? new Random().nextLong() : Long.parseLong(given);
    System.out.println("[deriver property] seed=" + seed + " (replay with -Dhelmwatch.seed=" + seed + ")");
    return seed;
  }

  private static long generation(Random random) {
    return switch (random.nextInt(9)) {
      case 0 -> Long.MAX_VALUE;
      case 1 -> Long.MIN_VALUE;
      default -> random.nextInt(8) - 2;
    };
  }

  private static List<Condition> conditions(Random random) {
    int n = random.nextInt(9);
    List<Condition> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(new Condition(
          oneOf(random, TYPES, 8),
          oneOf(random, STATUSES, 5),
          oneOf(random, REASONS, 12),
          oneOf(random, MESSAGES, 80),
          random.nextInt(10) < 3 ? null : Instant.ofEpochSecond(random.nextLong(4_000_000_000L)),
          random.nextInt(8) - 1));
    }
    return out;
  }

  /** One of {@code known} half the time, else a random string of at most {@code maxLength}, or null (10%). */
  private static @Nullable String oneOf(Random random, String[] known, int maxLength) {
    if (random.nextBoolean()) {
      return known[random.nextInt(known.length)];
    }
    if (random.nextInt(10) == 0) {
      return null;
    }
    char[] s = new char[random.nextInt(maxLength + 1)];
    for (int i = 0; i < s.length; i++) {
      s[i] = random.nextInt(4) == 0 ? (char) random.nextInt(0x3000) : (char) ('a' + random.nextInt(26));
    }
    return new String(s);
  }

  private static String[] reasons() {
    List<String> out = new ArrayList<>();
    for (Field f : FluxReasons.class.getFields()) {
      if (f.getType() == String.class) {
        try {
          out.add((String) f.get(null));
        } catch (IllegalAccessException e) {
          throw new AssertionError(e);
        }
      }
    }
    return out.toArray(String[]::new);
  }
}
