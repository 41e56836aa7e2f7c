package io.helmwatch.integration.watcher;

import static io.helmwatch.core.ComponentState.INSTALLED;
import static io.helmwatch.core.ComponentState.INSTALLING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.helmwatch.core.ComponentEvent;
import io.helmwatch.core.ComponentId;
import io.helmwatch.core.ComponentState;
import io.helmwatch.core.EmissionCause;
import io.helmwatch.core.EmissionPolicy;
import io.helmwatch.core.EventId;
import io.helmwatch.core.Watcher;
import io.helmwatch.core.flux.FluxHelmReleaseDeriver;
import io.helmwatch.core.flux.FluxReasons;
import io.helmwatch.testing.FakeReleaseSource;
import io.helmwatch.testing.HelmRelease;
import io.helmwatch.testing.HelmReleases;
import io.helmwatch.testing.ManualTime;
import io.helmwatch.testing.RecordingSink;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Drift (helm-controller v1.6's {@code Drifted} condition, HELMRELEASE-STATUS.md (f)) reaches sinks as events
 * of its own, {@code DRIFT_DETECTED} and {@code DRIFT_CORRECTED}, whose ids name the drift.
 */
class WatcherDriftTest {
  private static final String SUMMARY = "Deployment/podinfo/podinfo changed (0 additions, 1 changes, 0 removals)";
  private static final Instant DRIFT_AT = Instant.parse("2026-01-01T01:00:00Z");
  private static final Instant CORRECTED_AT = Instant.parse("2026-01-01T02:00:00Z");

  private final ManualTime time = ManualTime.create();
  private final List<Watcher> watchers = new ArrayList<>();

  @AfterEach
  void close() {
    watchers.forEach(Watcher::close);
  }

  private RecordingSink watch(FakeReleaseSource source, Map<ComponentId, ComponentState> prior,
      EmissionPolicy policy) {
    RecordingSink sink = new RecordingSink();
    Watcher w = Watcher.builder(source).sink(sink).clock(time.clock()).scheduler(time).continuous()
        .priorStates(prior).policy(policy).build();
    watchers.add(w);
    w.start();
    return sink;
  }

  private RecordingSink watch(FakeReleaseSource source) {
    return watch(source, Map.of(), EmissionPolicy.firstObservationOrTransition());
  }

  /** podinfo installed by helm-controller with drift detection in warn mode. */
  private static HelmRelease installed() {
    return HelmReleases.named("podinfo").uid("3f0c2a9e-drift").driftDetection("warn").runningAction()
        .actionSucceeded();
  }

  @Test
  void aWarnModeDriftIsReportedWhileTheReleaseStaysInstalled() {
    FakeReleaseSource source = FakeReleaseSource.create();
    RecordingSink sink = watch(source);
    HelmRelease installed = installed();
    source.apply(installed);
    HelmRelease drifted = installed.at(DRIFT_AT).drifted(SUMMARY);
    source.apply(drifted);
    source.apply(drifted.at(CORRECTED_AT).driftCorrected());

    assertThat(sink.events()).extracting(ComponentEvent::cause, ComponentEvent::previous, ComponentEvent::state)
        .containsExactly(
            tuple(EmissionCause.FIRST_OBSERVATION, null, INSTALLED),
            tuple(EmissionCause.DRIFT_DETECTED, INSTALLED, INSTALLED),
            tuple(EmissionCause.DRIFT_CORRECTED, INSTALLED, INSTALLED));
    ComponentEvent detected = sink.events().get(1);
    assertThat(detected.details().drifted()).isTrue();
    assertThat(detected.details().driftSummary())
        .isEqualTo("Cluster state of release flux-system/podinfo.v1 has drifted from the desired state:\n" + SUMMARY);
    assertThat(sink.events().get(2).details().drifted()).isFalse();
    assertThat(sink.events().get(2).details().driftSummary()).isEmpty();
  }

  @Test
  void driftEventsHaveIdsOfTheirOwnThatNameTheDrift() {
    FakeReleaseSource source = FakeReleaseSource.create();
    RecordingSink sink = watch(source);
    HelmRelease installed = installed();
    source.apply(installed);
    HelmRelease drifted = installed.at(DRIFT_AT).drifted(SUMMARY);
    source.apply(drifted);
    source.apply(drifted.at(CORRECTED_AT).driftCorrected());

    List<String> ids = sink.events().stream().map(ComponentEvent::id).toList();
    assertThat(ids).doesNotHaveDuplicates();
    ComponentEvent detected = sink.events().get(1);
    assertThat(detected.id()).isEqualTo(EventId.of(detected.release(), "3f0c2a9e-drift", 1, 1, INSTALLED,
        INSTALLED, EventId.driftLine(true, DRIFT_AT)));
    assertThat(sink.events().get(2).id()).isEqualTo(EventId.of(detected.release(), "3f0c2a9e-drift", 1, 1,
        INSTALLED, INSTALLED, EventId.driftLine(false, CORRECTED_AT)));
    assertThat(detected.id()).as("not the id of an installed release that repeats itself")
        .isNotEqualTo(EventId.of(detected.release(), "3f0c2a9e-drift", 1, 1, INSTALLED, INSTALLED));
  }

  @Test
  void aRestartedWatcherThatFindsTheReleaseStillDriftedReproducesTheDriftsId() {
    FakeReleaseSource before = FakeReleaseSource.create();
    RecordingSink original = watch(before);
    HelmRelease installed = installed();
    before.apply(installed);
    HelmRelease drifted = installed.at(DRIFT_AT).drifted(SUMMARY);
    before.apply(drifted);

    FakeReleaseSource after = FakeReleaseSource.create();
    after.apply(drifted);
    RecordingSink restarted = watch(after, Map.of(ComponentId.of("podinfo"), INSTALLED),
        EmissionPolicy.firstObservationOrTransition());

    assertThat(restarted.events()).singleElement().satisfies(e -> {
      assertThat(e.cause()).isEqualTo(EmissionCause.FIRST_OBSERVATION);
      assertThat(e.details().drifted()).isTrue();
      assertThat(e.id()).isEqualTo(original.events().get(1).id());
    });
  }

  @Test
  void aDriftThatComesBackIsANewFact() {
    FakeReleaseSource source = FakeReleaseSource.create();
    RecordingSink sink = watch(source);
    HelmRelease installed = installed();
    source.apply(installed);
    HelmRelease drifted = installed.at(DRIFT_AT).drifted(SUMMARY);
    source.apply(drifted);
    HelmRelease corrected = drifted.at(CORRECTED_AT).driftCorrected();
    source.apply(corrected);
    source.apply(corrected.at(CORRECTED_AT.plusSeconds(600)).drifted(SUMMARY));

    List<ComponentEvent> detected = sink.events().stream()
        .filter(e -> e.cause() == EmissionCause.DRIFT_DETECTED).toList();
    assertThat(detected).hasSize(2);
    assertThat(detected.get(0).id()).isNotEqualTo(detected.get(1).id());
  }

  @Test
  void anUnchangedDriftedReleaseIsSuppressed() {
    FakeReleaseSource source = FakeReleaseSource.create();
    RecordingSink sink = watch(source);
    HelmRelease drifted = installed().at(DRIFT_AT).drifted(SUMMARY);
    source.apply(installed());
    source.apply(drifted);
    source.apply(drifted.touch());
    source.apply(drifted.touch().touch());

    assertThat(sink.events()).extracting(ComponentEvent::cause)
        .containsExactly(EmissionCause.FIRST_OBSERVATION, EmissionCause.DRIFT_DETECTED);
    assertThat(watchers.get(0).stats().suppressed()).isEqualTo(2);
  }

  @Test
  void switchingDriftDetectionOffEndsTheDriftAndAStaleDriftedIsIgnored() {
    FakeReleaseSource source = FakeReleaseSource.create();
    RecordingSink sink = watch(source);
    HelmRelease drifted = installed().at(DRIFT_AT).drifted(SUMMARY);
    source.apply(drifted);
    HelmRelease disabled = drifted.driftDetectionDisabled();
    assertThat(disabled.conditions()).as("the stale Drifted the fixture keeps")
        .anySatisfy(c -> {
          assertThat(c.type()).isEqualTo(FluxHelmReleaseDeriver.DRIFTED);
          assertThat(c.reason()).isEqualTo(FluxReasons.DRIFT_DETECTED);
        });
    source.apply(disabled);

    assertThat(sink.events()).extracting(ComponentEvent::cause, ComponentEvent::state)
        .containsExactly(tuple(EmissionCause.FIRST_OBSERVATION, INSTALLED),
            tuple(EmissionCause.DRIFT_CORRECTED, INSTALLED));
    assertThat(sink.events().get(0).details().drifted()).isTrue();

    FakeReleaseSource restart = FakeReleaseSource.create();
    restart.apply(disabled);
    RecordingSink later = watch(restart);
    assertThat(later.events()).singleElement().satisfies(e -> {
      assertThat(e.state()).isEqualTo(INSTALLED);
      assertThat(e.details().drifted()).as("a stale Drifted with detection disabled").isFalse();
    });
  }

  @Test
  void aCorrectionThatMovesTheStateReportsTheTransitionAndTheDriftApart() {
    FakeReleaseSource source = FakeReleaseSource.create();
    RecordingSink sink = watch(source);
    HelmRelease installed = installed().driftDetection("enabled");
    source.apply(installed);
    // enabled mode: the drift is marked and corrected in the same reconcile (correct_cluster_drift.go)
    HelmRelease correcting = installed.at(DRIFT_AT).drifted(SUMMARY)
        .readyUnknown(FluxReasons.PROGRESSING, "correcting cluster drift");
    source.apply(correcting);
    source.apply(correcting.at(CORRECTED_AT).driftCorrected().ready(FluxReasons.UPGRADE_SUCCEEDED,
        "Helm upgrade succeeded for release flux-system/podinfo.v1 with chart podinfo@1.0.0"));

    assertThat(sink.events())
        .extracting(ComponentEvent::cause, ComponentEvent::previous, ComponentEvent::state, e -> e.details().drifted())
        .containsExactly(
            tuple(EmissionCause.FIRST_OBSERVATION, null, INSTALLED, false),
            tuple(EmissionCause.TRANSITION, INSTALLED, INSTALLING, false),
            tuple(EmissionCause.DRIFT_DETECTED, INSTALLING, INSTALLING, true),
            tuple(EmissionCause.TRANSITION, INSTALLING, INSTALLED, true),
            tuple(EmissionCause.DRIFT_CORRECTED, INSTALLED, INSTALLED, false));
    assertThat(sink.events()).extracting(ComponentEvent::id).doesNotHaveDuplicates();
  }

  @Test
  void driftIsReportedWhateverThePolicy() {
    FakeReleaseSource source = FakeReleaseSource.create();
    RecordingSink sink = watch(source, Map.of(ComponentId.of("podinfo"), INSTALLED),
        EmissionPolicy.transitionsOnly());
    HelmRelease installed = installed();
    source.apply(installed);
    source.apply(installed.at(DRIFT_AT).drifted(SUMMARY));

    assertThat(sink.events()).extracting(ComponentEvent::cause).containsExactly(EmissionCause.DRIFT_DETECTED);
  }
}
