package io.helmwatch.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.helmwatch.core.ComponentEvent;
import io.helmwatch.core.Watcher;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WatchEventFramesTest {

  @Test
  void framesDecodeToEachComponentsOwnRelease() {
    WatchEventFrames frames = new WatchEventFrames(3, 0);
    Set<String> uids = new HashSet<>();
    for (int c = 0; c < 3; c++) {
      GenericKubernetesResource release = WatchEventFrames.decode(frames.initial(c));
      assertThat(release.getKind()).isEqualTo("HelmRelease");
      assertThat(release.getMetadata().getName()).isEqualTo("bp-component-" + c);
      assertThat(release.getMetadata().getManagedFields()).hasSize(2);
      uids.add(release.getMetadata().getUid());
    }
    assertThat(uids).hasSize(3);
  }

  @Test
  void copiesOfAComponentDifferInResourceVersionAndLastHandledReconcileAt() {
    WatchEventFrames frames = new WatchEventFrames(1, 0);
    GenericKubernetesResource first = WatchEventFrames.decode(frames.next());
    GenericKubernetesResource second = WatchEventFrames.decode(frames.next());

    assertThat(second.getMetadata().getResourceVersion()).isNotEqualTo(first.getMetadata().getResourceVersion());
    assertThat(status(second).get("lastHandledReconcileAt")).isNotEqualTo(status(first).get("lastHandledReconcileAt"));
    assertThat(status(second).get("conditions")).isEqualTo(status(first).get("conditions"));
  }

  @Test
  void oneUpdateInTransitionEveryIsEmittedByBothHandlers() {
    int components = 50;
    WatchEventFrames frames = new WatchEventFrames(components, 100);
    List<SeedLiteralBaseline.SeedEvent> seedEvents = new ArrayList<>();
    SeedLiteralBaseline seed = new SeedLiteralBaseline(seedEvents::add);
    List<ComponentEvent> events = new ArrayList<>();
    CapturedListenerSource source = new CapturedListenerSource();
    try (Watcher watcher = Watcher.builder(source).namePrefix("bp-").sink(events::add).continuous().build()) {
      InformerHandoff handoff = new InformerHandoff(source.start(watcher));
      for (int c = 0; c < components; c++) {
        GenericKubernetesResource release = WatchEventFrames.decode(frames.initial(c));
        handoff.deliver(release);
        seed.processEvent(release);
      }
      for (int u = 0; u < 1_000; u++) {
        GenericKubernetesResource release = WatchEventFrames.decode(frames.next());
        handoff.deliver(release);
        seed.processEvent(release);
      }
      handoff.checkWellFormed();
    }

    assertThat(seedEvents).hasSize(components + 10);
    assertThat(events).hasSize(components + 10);
    assertThat(seedEvents.subList(0, components)).allMatch(e -> e.state().equals("installed"));
    // Every 100th update hits the same slot of a pass of 50, so one component flips back and forth.
    assertThat(seedEvents.subList(components, components + 10)).extracting(SeedLiteralBaseline.SeedEvent::state)
        .containsExactly("installing", "installed", "installing", "installed", "installing", "installed",
            "installing", "installed", "installing", "installed");
  }

  @SuppressWarnings("unchecked")
  private static java.util.Map<String, Object> status(GenericKubernetesResource release) {
    return (java.util.Map<String, Object>) release.getAdditionalProperties().get("status");
  }
}
