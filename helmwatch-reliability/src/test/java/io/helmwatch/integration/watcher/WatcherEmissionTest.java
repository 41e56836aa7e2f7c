package io.helmwatch.integration.watcher;

import static io.helmwatch.core.ComponentState.DEGRADED;
import static io.helmwatch.core.ComponentState.FAILED;
import static io.helmwatch.core.ComponentState.INSTALLED;
import static io.helmwatch.core.ComponentState.INSTALLING;
import static io.helmwatch.core.ComponentState.PENDING;
import static io.helmwatch.core.ComponentState.REMOVED;
import static org.assertj.core.api.Assertions.assertThat;

import io.helmwatch.core.ComponentEvent;
import io.helmwatch.core.ComponentId;
import io.helmwatch.core.ComponentState;
import io.helmwatch.core.Derivation;
import io.helmwatch.core.EmissionCause;
import io.helmwatch.core.EmissionPolicy;
import io.helmwatch.core.EventSink;
import io.helmwatch.core.ReleaseObservation;
import io.helmwatch.core.StateDeriver;
import io.helmwatch.core.WatchNotice;
import io.helmwatch.core.Watcher;
import io.helmwatch.testing.FakeReleaseSource;
import io.helmwatch.testing.HelmReleases;
import io.helmwatch.testing.ManualTime;
import io.helmwatch.testing.RecordingSink;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Watcher section of the original behaviour, and the emission policies. */
class WatcherEmissionTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  private final FakeReleaseSource source = FakeReleaseSource.create();
  private final ManualTime time = ManualTime.create();
  private final RecordingSink primary = new RecordingSink("primary");
  private Watcher watcher;

  private Watcher.Builder builder() {
    return Watcher.builder(source).sink(primary).clock(time.clock()).scheduler(time).continuous();
  }

  private Watcher start(Watcher.Builder b) {
    watcher = b.build();
    watcher.start();
    return watcher;
  }

  @AfterEach
  void close() {
    if (watcher != null) {
      watcher.close();
    }
  }

  @Test
  void attachTimeReadyReleasesEmitExactlyOneInstalledEachOnPrimaryAndSubscribe() {
    for (String name : List.of("bp-self-sovereign-cutover", "bp-powerdns", "bp-catalyst-platform", "bp-reloader")) {
      source.apply(HelmReleases.named(name).installed());
    }
    watcher = builder().namePrefix("bp-").build();
    RecordingSink subscriber = new RecordingSink("bridge");
    var subscription = watcher.subscribe(subscriber);
    watcher.start();
    assertThat(subscription.flush(WAIT)).as("the subscriber's lane drained").isTrue();

    for (RecordingSink sink : List.of(primary, subscriber)) {
      assertThat(sink.events())
          .extracting(e -> e.component().value(), ComponentEvent::state, ComponentEvent::cause)
          .containsExactlyInAnyOrder(
              org.assertj.core.groups.Tuple.tuple("self-sovereign-cutover", INSTALLED, EmissionCause.FIRST_OBSERVATION),
              org.assertj.core.groups.Tuple.tuple("powerdns", INSTALLED, EmissionCause.FIRST_OBSERVATION),
              org.assertj.core.groups.Tuple.tuple("catalyst-platform", INSTALLED, EmissionCause.FIRST_OBSERVATION),
              org.assertj.core.groups.Tuple.tuple("reloader", INSTALLED, EmissionCause.FIRST_OBSERVATION));
    }
    assertThat(subscriber.events()).isEqualTo(primary.events());
  }

  @Test
  void firstObservationNeverDedupsAcrossWatchers() {
    for (String name : List.of("bp-a", "bp-b", "bp-c", "bp-d")) {
      source.apply(HelmReleases.named(name).installed());
    }
    start(builder().namePrefix("bp-"));
    assertThat(primary.events()).hasSize(4);
    watcher.close();

    RecordingSink afterRestart = new RecordingSink("after-restart");
    watcher = Watcher.builder(source).sink(afterRestart).namePrefix("bp-").continuous()
        .clock(time.clock()).scheduler(time).build();
    watcher.start();

    assertThat(source.starts()).isEqualTo(2);
    assertThat(afterRestart.events()).extracting(e -> e.component().value())
        .containsExactlyInAnyOrder("a", "b", "c", "d");
    assertThat(afterRestart.events()).allMatch(e -> e.state() == INSTALLED);
  }

  @Test
  void firstObservationEmitsEvenWhenStateMapPreSeeded() {
    source.apply(HelmReleases.named("bp-cilium").installed());
    start(builder().namePrefix("bp-").priorStates(Map.of(ComponentId.of("cilium"), INSTALLED)));

    ComponentEvent event = primary.takeEvent(WAIT);
    assertThat(event.state()).isEqualTo(INSTALLED);
    assertThat(event.previous()).isEqualTo(INSTALLED);
    assertThat(event.cause()).isEqualTo(EmissionCause.FIRST_OBSERVATION);
  }

  @Test
  void transitionsOnlyReproducesTheOriginalBugOnAPreSeededWatcher() {
    source.apply(HelmReleases.named("bp-cilium").installed());
    start(builder()
        .namePrefix("bp-")
        .policy(EmissionPolicy.transitionsOnly())
        .priorStates(Map.of(ComponentId.of("cilium"), INSTALLED)));

    assertThat(primary.events()).as("the restarted watcher never reports the installed release").isEmpty();
    assertThat(watcher.snapshot()).extracting(s -> s.state()).containsExactly(INSTALLED);
  }

  @Test
  void firstObservationIsEmittedWhateverTheState() {
    source.apply(HelmReleases.named("bp-cilium"));
    start(builder());
    assertThat(primary.takeEvent(WAIT).state()).isEqualTo(PENDING);
  }

  @Test
  void fiftyStatusPatchesThatChangeNothingDerivedEmitNothing() {
    source.apply(HelmReleases.named("bp-cilium").progressing());
    start(builder());
    primary.takeEvent(WAIT);

    source.churn("bp-cilium", 50);
    source.resyncStorm(3);
    source.relist();

    assertThat(primary.events()).hasSize(1);
    assertThat(watcher.stats().suppressed()).isEqualTo(54);
  }

  @Test
  void realTransitionsAreEmittedInOrderWithTheirPreviousState() {
    source.apply(HelmReleases.named("bp-cert-manager").dependsOn("bp-cilium").waitingForDependency());
    start(builder().namePrefix("bp-"));
    source.patch("bp-cert-manager", hr -> hr.progressing());
    source.patch("bp-cert-manager", hr -> hr.notReady("HealthCheckFailed", "pods crash-looping"));
    source.patch("bp-cert-manager", hr -> hr.installed());

    assertThat(primary.statesOf("cert-manager")).containsExactly(PENDING, INSTALLING, DEGRADED, INSTALLED);
    assertThat(primary.eventsFor("cert-manager"))
        .extracting(ComponentEvent::previous)
        .containsExactly(null, PENDING, INSTALLING, DEGRADED);
    assertThat(primary.eventsFor("cert-manager").get(0).dependsOn()).containsExactly(ComponentId.of("cilium"));
  }

  @Test
  void readyForAnOlderGenerationReadsInstallingUntilTheNewGenerationIsReady() {
    source.apply(HelmReleases.named("podinfo").installed());
    start(builder());
    source.bumpGeneration("podinfo");
    source.churn("podinfo", 5);
    source.patch("podinfo", hr -> hr.ready("UpgradeSucceeded", "Helm upgrade succeeded"));

    assertThat(primary.statesOf("podinfo")).containsExactly(INSTALLED, INSTALLING, INSTALLED);
    assertThat(primary.eventsFor("podinfo").get(1).message()).isEqualTo("Upgrading to generation 2");
  }

  @Test
  void eventsCarryTheLevelMessageAndTimeOfTheInjectedClock() {
    source.apply(HelmReleases.named("bp-gitea").runningAction().installFailed("chart gitea not found"));
    start(builder());
    ComponentEvent event = primary.takeEvent(WAIT);
    assertThat(event.state()).isEqualTo(FAILED);
    assertThat(event.level()).isEqualTo(io.helmwatch.core.EventLevel.ERROR);
    assertThat(event.message()).startsWith("RetriesExceeded: Failed to install after 1 attempt(s)")
        .endsWith("chart gitea not found");
    assertThat(event.time()).isEqualTo(time.now());
  }

  @Test
  void deletionEmitsRemovedByDefault() {
    source.apply(HelmReleases.named("podinfo").installed());
    start(builder());
    source.delete("podinfo");
    ComponentEvent removed = primary.awaitEvents(2, WAIT).get(1);
    assertThat(removed.state()).isEqualTo(REMOVED);
    assertThat(removed.previous()).isEqualTo(INSTALLED);
    assertThat(removed.cause()).isEqualTo(EmissionCause.DELETED);
    assertThat(watcher.snapshot()).isEmpty();
  }

  @Test
  void pendingDeletionEmitsRemovedOnceAndTheFinalDeleteNothingMore() {
    source.apply(HelmReleases.named("podinfo").installed());
    start(builder());
    source.patch("podinfo", hr -> hr.markedForDeletion());
    source.delete("podinfo");
    assertThat(primary.statesOf("podinfo")).containsExactly(INSTALLED, REMOVED);
  }

  @Test
  void deletionEmitsNothingWhenDeletionEventsAreOff() {
    source.apply(HelmReleases.named("podinfo").installed());
    start(builder().emitDeletions(false));
    source.delete("podinfo");
    assertThat(primary.statesOf("podinfo")).containsExactly(INSTALLED);
  }

  @Test
  void recreatedReleaseIsAFirstObservationAgain() {
    source.apply(HelmReleases.named("podinfo").installed());
    start(builder());
    source.delete("podinfo");
    source.apply(HelmReleases.named("podinfo"));
    assertThat(primary.eventsFor("podinfo")).extracting(ComponentEvent::cause)
        .containsExactly(EmissionCause.FIRST_OBSERVATION, EmissionCause.DELETED, EmissionCause.FIRST_OBSERVATION);
  }

  @Test
  void everyObservationEmitsChurnAsRepeated() {
    source.apply(HelmReleases.named("podinfo").installed());
    start(builder().policy(EmissionPolicy.everyObservation()));
    source.churn("podinfo", 3);
    assertThat(primary.eventsFor("podinfo")).extracting(ComponentEvent::cause)
        .containsExactly(EmissionCause.FIRST_OBSERVATION, EmissionCause.REPEATED, EmissionCause.REPEATED,
            EmissionCause.REPEATED);
  }

  @Test
  void defaultWatchesEveryReleaseWithItsNameAsId() {
    source.apply(HelmReleases.named("bp-cilium")).apply(HelmReleases.named("podinfo"));
    start(builder());
    assertThat(primary.events()).extracting(e -> e.component().value()).containsExactly("bp-cilium", "podinfo");
  }

  @Test
  void namePrefixKeepsOnlyPrefixedReleasesAndStripsThePrefix() {
    source.apply(HelmReleases.named("bp-cilium")).apply(HelmReleases.named("podinfo"));
    start(builder().namePrefix("bp-"));
    assertThat(primary.events()).extracting(e -> e.component().value()).containsExactly("cilium");
  }

  @Test
  void aDeriverThatThrowsYieldsDegradedAndOneNotice() {
    StateDeriver broken = new StateDeriver() {
      @Override
      public Derivation derive(ReleaseObservation observation) {
        throw new IllegalStateException("boom");
      }
    };
    source.apply(HelmReleases.named("podinfo").installed());
    start(builder().deriver(broken));
    source.churn("podinfo", 3);

    assertThat(primary.statesOf("podinfo")).containsExactly(DEGRADED);
    assertThat(primary.notices()).extracting(WatchNotice::kind).containsExactly(WatchNotice.Kind.MALFORMED_OBJECT);
    assertThat(watcher.stats().derivationFailures()).isEqualTo(4);
  }

  @Test
  void aThrowingSinkIsCountedAndDoesNotStopTheWatchOrOtherSinks() {
    EventSink throwing = event -> {
      throw new IllegalStateException("sink down");
    };
    source.apply(HelmReleases.named("podinfo").progressing());
    watcher = builder().sink(throwing).build();
    RecordingSink other = new RecordingSink();
    var subscription = watcher.subscribe(other);
    watcher.start();
    source.patch("podinfo", hr -> hr.installed());

    assertThat(subscription.flush(WAIT)).isTrue();
    assertThat(other.statesOf("podinfo")).containsExactly(INSTALLING, INSTALLED);
    assertThat(watcher.stats().sinkFailures()).isEqualTo(2);
  }

  @Test
  void sourceErrorsBecomeNoticesNamingTheCluster() {
    start(builder());
    source.fail("watch connection dropped");
    assertThat(primary.notices()).singleElement().satisfies(n -> {
      assertThat(n.kind()).isEqualTo(WatchNotice.Kind.SOURCE_ERROR);
      assertThat(n.cluster()).isEqualTo("primary");
      assertThat(n.message()).isEqualTo("watch connection dropped");
    });
  }

  @Test
  void closingASubscriptionStopsDeliveryAndClosesItsSink() {
    source.apply(HelmReleases.named("podinfo").progressing());
    start(builder());
    RecordingSink late = new RecordingSink();
    var subscription = watcher.subscribe(late);
    source.patch("podinfo", hr -> hr.notReady("ValuesError", "bad values"));
    subscription.close();
    source.patch("podinfo", hr -> hr.installed());

    assertThat(late.statesOf("podinfo")).containsExactly(ComponentState.DEGRADED);
    assertThat(late.isClosed()).isTrue();
    assertThat(subscription.isActive()).isFalse();
  }
}
