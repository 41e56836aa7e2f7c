package io.helmwatch.integration.watcher;

import io.helmwatch.core.ComponentEvent;
import io.helmwatch.core.ComponentState;
import io.helmwatch.core.Watcher;
import io.helmwatch.core.flux.FluxHelmReleaseDeriver;
import io.helmwatch.testing.FakeReleaseSource;
import io.helmwatch.testing.HelmRelease;
import io.helmwatch.testing.HelmReleases;
import io.helmwatch.testing.ManualTime;
import io.helmwatch.testing.RecordingSink;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * For any sequence of observations of one component, the default policy emits the first one and exactly the
 * state changes, and the last emitted state is the last derived one. The sequences come from a seeded
 * generator (the seed is printed; {@code -Dhelmwatch.seed=} replays a run); a failing sequence is shrunk
 * step by step to one that still fails, so that the report names only the steps that matter.
 */
class EmissionPolicyPropertyTest {
  private static final int TRIES = 300;

  private record Step(String name, UnaryOperator<HelmRelease> op) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static final List<Step> STEPS = List.of(
      new Step("unchanged", r -> r),
      new Step("progressing", HelmRelease::progressing),
      new Step("installed", HelmRelease::installed),
      new Step("bumpGeneration", HelmRelease::bumpGeneration),
      new Step("installFailed", r -> r.notReady("InstallFailed", "failed")),
      new Step("valuesError", r -> r.notReady("ValuesError", "bad values")),
      new Step("dependencyNotReady", r -> r.notReady("DependencyNotReady", "dependency 'flux-system/a' is not ready")),
      new Step("stalled", r -> r.stalled("RetriesExceeded", "giving up")),
      new Step("withoutStalled", r -> r.withoutCondition("Stalled")),
      new Step("toggleSuspend", r -> r.suspended(!r.suspended())),
      new Step("withoutReady", r -> r.withoutCondition("Ready")));

  @Test
  void defaultPolicyEmitsTheFirstObservationAndExactlyTheStateChanges() {
    String given = System.getProperty("helmwatch.seed", "").trim();
    long seed = given.isEmpty() ? new Random().nextLong() : Long.parseLong(given);
    System.out.println("[emission property] seed=" + seed + " (replay with -Dhelmwatch.seed=" + seed + ")");
    for (int i = 0; i < TRIES; i++) {
      Random random = new Random(seed + i);
      List<Step> steps = new ArrayList<>();
      int n = 1 + random.nextInt(30);
      for (int s = 0; s < n; s++) {
        steps.add(STEPS.get(random.nextInt(STEPS.size())));
      }
      String failure = check(steps);
      if (failure != null) {
        List<Step> shrunk = shrink(steps);
        throw new AssertionError("seed " + seed + ", try " + i + ": " + check(shrunk) + "\n  steps (shrunk from "
            + steps.size() + "): " + shrunk);
      }
    }
  }

  /** Drops one step at a time while the sequence still fails, until no single drop keeps it failing. */
  private static List<Step> shrink(List<Step> failing) {
    List<Step> current = failing;
    boolean smaller = true;
    while (smaller) {
      smaller = false;
      for (int i = 0; i < current.size() && current.size() > 1; i++) {
        List<Step> candidate = new ArrayList<>(current);
        candidate.remove(i);
        if (check(candidate) != null) {
          current = candidate;
          smaller = true;
          break;
        }
      }
    }
    return current;
  }

  /** What is wrong with the events of {@code steps}, or {@code null}. */
  private static @Nullable String check(List<Step> steps) {
    FakeReleaseSource source = FakeReleaseSource.create();
    ManualTime time = ManualTime.create();
    RecordingSink sink = new RecordingSink();
    HelmRelease release = HelmReleases.named("podinfo");
    List<ComponentState> derived = new ArrayList<>();

    try (Watcher watcher = Watcher.builder(source).sink(sink).continuous().emitDeletions(false)
        .clock(time.clock()).scheduler(time).build()) {
      watcher.start();
      for (Step step : steps) {
        release = step.op().apply(release);
        source.apply(release);
        derived.add(FluxHelmReleaseDeriver.instance().state(release.toObservation()));
      }
    }

    List<ComponentState> expected = new ArrayList<>();
    for (ComponentState s : derived) {
      if (expected.isEmpty() || expected.get(expected.size() - 1) != s) {
        expected.add(s);
      }
    }
    List<ComponentState> emitted = sink.events().stream().map(ComponentEvent::state).toList();
    if (!emitted.equals(expected)) {
      return "emitted " + emitted + ", derived changes " + expected;
    }
    Optional<ComponentState> last = sink.lastState("podinfo");
    if (!derived.isEmpty() && !last.equals(Optional.of(derived.get(derived.size() - 1)))) {
      return "last state " + last + ", last derived " + derived.get(derived.size() - 1);
    }
    return null;
  }
}
