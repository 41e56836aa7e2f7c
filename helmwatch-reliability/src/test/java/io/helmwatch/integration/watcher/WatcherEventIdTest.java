package io.helmwatch.integration.watcher;

import static io.helmwatch.core.ComponentState.INSTALLED;
import static io.helmwatch.core.ComponentState.INSTALLING;
import static io.helmwatch.core.ComponentState.REMOVED;
import static org.assertj.core.groups.Tuple.tuple;
import static org.assertj.core.api.Assertions.assertThat;

import io.helmwatch.core.ComponentEvent;
import io.helmwatch.core.ComponentId;
import io.helmwatch.core.EmissionCause;
import io.helmwatch.core.EventId;
import io.helmwatch.core.Watcher;
import io.helmwatch.testing.FakeReleaseSource;
import io.helmwatch.testing.HelmRelease;
import io.helmwatch.testing.HelmReleases;
import io.helmwatch.testing.ManualTime;
import io.helmwatch.testing.RecordingSink;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Events carry the release's uid and an id that any watcher of the same facts computes alike. */
class WatcherEventIdTest {
  private final ManualTime time = ManualTime.create();
  private final List<Watcher> watchers = new ArrayList<>();

  @AfterEach
  void close() {
    watchers.forEach(Watcher::close);
  }

  private RecordingSink watch(FakeReleaseSource source, Map<ComponentId, io.helmwatch.core.ComponentState> prior) {
    RecordingSink sink = new RecordingSink();
    Watcher w = Watcher.builder(source).sink(sink).clock(time.clock()).scheduler(time).continuous()
        .priorStates(prior).build();
    watchers.add(w);
    w.start();
    return sink;
  }

  private static void rollout(FakeReleaseSource source) {
    HelmRelease cilium = HelmReleases.named("cilium").uid("5b0e7a4c-0f3e-4c59-9d1b-2f1b1c0e9a11");
    source.apply(cilium.progressing());
    source.apply(cilium.installed());
    source.apply(cilium.installed().bumpGeneration());
  }

  @Test
  void twoWatchersOfTheSameRolloutGiveTheSameIdsAndTheUid() {
    FakeReleaseSource a = FakeReleaseSource.create();
    FakeReleaseSource b = FakeReleaseSource.create();
    RecordingSink first = watch(a, Map.of());
    RecordingSink second = watch(b, Map.of());
    rollout(a);
    rollout(b);

    assertThat(first.events()).hasSize(3);
    assertThat(first.events()).extracting(ComponentEvent::id)
        .doesNotHaveDuplicates()
        .isEqualTo(second.events().stream().map(ComponentEvent::id).toList());
    assertThat(first.events()).extracting(ComponentEvent::uid)
        .containsOnly("5b0e7a4c-0f3e-4c59-9d1b-2f1b1c0e9a11");
    ComponentEvent installed = first.events().get(1);
    assertThat(installed.id()).isEqualTo(EventId.of(installed.release(), installed.uid(), 1, 1, INSTALLING,
        INSTALLED));
  }

  @Test
  void aRestartedWatcherGivenThePriorStateReproducesTheIdOfTheTransitionItReports() {
    FakeReleaseSource before = FakeReleaseSource.create();
    RecordingSink original = watch(before, Map.of());
    HelmRelease cilium = HelmReleases.named("cilium").uid("u-1");
    before.apply(cilium.progressing());
    before.apply(cilium.installed());

    FakeReleaseSource after = FakeReleaseSource.create();
    after.apply(cilium.installed());
    RecordingSink restarted = watch(after, Map.of(ComponentId.of("cilium"), INSTALLING));

    assertThat(restarted.events()).hasSize(1);
    assertThat(restarted.events().get(0).id()).isEqualTo(original.events().get(1).id());
  }

  @Test
  void aReleaseCreatedAgainUnderTheSameNameGetsNewIds() {
    FakeReleaseSource source = FakeReleaseSource.create();
    RecordingSink sink = watch(source, Map.of());
    source.apply(HelmReleases.named("cilium").uid("u-1").installed());
    source.delete("cilium");
    source.apply(HelmReleases.named("cilium").uid("u-2").installed());

    List<ComponentEvent> installed = sink.events().stream().filter(e -> e.state() == INSTALLED).toList();
    assertThat(installed).hasSize(2);
    assertThat(installed.get(0).id()).isNotEqualTo(installed.get(1).id());
  }

  @Test
  void aNewUidSeenWithoutADeleteIsTheOldReleaseRemovedAndTheNewOneObservedFirst() {
    FakeReleaseSource source = FakeReleaseSource.create();
    RecordingSink sink = watch(source, Map.of());
    HelmRelease before = HelmReleases.named("cilium").uid("u-1").progressing();
    // the delete fell into a dropped watch: the relist shows the release created again, already installed
    HelmRelease after = HelmReleases.named("cilium").uid("u-2").installed();
    HelmRelease upgraded = after.bumpGeneration().progressing();
    source.apply(before);
    source.apply(after);
    source.apply(upgraded);

    List<ComponentEvent> events = sink.events();
    assertThat(events).extracting(ComponentEvent::state, ComponentEvent::cause, ComponentEvent::uid)
        .containsExactly(tuple(INSTALLING, EmissionCause.FIRST_OBSERVATION, "u-1"),
            tuple(REMOVED, EmissionCause.DELETED, "u-1"),
            tuple(INSTALLED, EmissionCause.FIRST_OBSERVATION, "u-2"),
            tuple(INSTALLING, EmissionCause.TRANSITION, "u-2"));
    ComponentEvent first = events.get(0);
    ComponentEvent created = events.get(2);
    assertThat(first.id()).isEqualTo(EventId.of(first.release(), "u-1", before.generation(),
        before.observedGeneration(), null, INSTALLING));
    assertThat(created.id()).isEqualTo(EventId.of(created.release(), "u-2", after.generation(),
        after.observedGeneration(), null, INSTALLED));
    // the fourth is the first to hash the release's lines the watcher kept for u-2
    assertThat(events.get(3).id()).isEqualTo(EventId.of(created.release(), "u-2", upgraded.generation(),
        upgraded.observedGeneration(), INSTALLED, INSTALLING));
  }

}
