package io.helmwatch.integration.watcher;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.function.UnaryOperator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * For any sequence of observations of one component, the default policy emits the first one and exactly the
 * state changes, and the last emitted state is the last derived one.
 */
class EmissionPolicyPropertyTest {

  @Property(tries = 300)
  void defaultPolicyEmitsTheFirstObservationAndExactlyTheStateChanges(
      @ForAll("steps") List<UnaryOperator<HelmRelease>> steps) {
    FakeReleaseSource source = FakeReleaseSource.create();
    ManualTime time = ManualTime.create();
    RecordingSink sink = new RecordingSink();
    HelmRelease release = HelmReleases.named("podinfo");
    List<ComponentState> derived = new ArrayList<>();

    try (Watcher watcher = Watcher.builder(source).sink(sink).continuous().emitDeletions(false)
        .clock(time.clock()).scheduler(time).build()) {
      watcher.start();
      for (UnaryOperator<HelmRelease> step : steps) {
        release = step.apply(release);
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
    assertThat(sink.events()).extracting(ComponentEvent::state).containsExactlyElementsOf(expected);
    if (!derived.isEmpty()) {
      assertThat(sink.lastState("podinfo")).contains(derived.get(derived.size() - 1));
    }
  }

  @Provide
  Arbitrary<List<UnaryOperator<HelmRelease>>> steps() {
    List<UnaryOperator<HelmRelease>> ops = List.of(
        r -> r,
        HelmRelease::progressing,
        HelmRelease::installed,
        HelmRelease::bumpGeneration,
        r -> r.notReady("InstallFailed", "failed"),
        r -> r.notReady("ValuesError", "bad values"),
        r -> r.notReady("DependencyNotReady", "dependency 'flux-system/a' is not ready"),
        r -> r.stalled("RetriesExceeded", "giving up"),
        r -> r.withoutCondition("Stalled"),
        r -> r.suspended(!r.suspended()),
        r -> r.withoutCondition("Ready"));
    return Arbitraries.of(ops).list().ofMinSize(1).ofMaxSize(30);
  }
}
