package io.helmwatch.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.helmwatch.core.ComponentState;
import io.helmwatch.core.flux.FluxHelmReleaseDeriver;
import org.junit.jupiter.api.Test;

class FakeReleaseSourceTest {

  @Test
  void fixturesReadLikeTheObjectsTheyStandFor() {
    HelmRelease upgraded = HelmReleases.named("bp-cilium").installed().bumpGeneration();
    assertThat(upgraded.generation()).isEqualTo(2);
    assertThat(upgraded.conditions()).singleElement().satisfies(c -> {
      assertThat(c.type()).isEqualTo("Ready");
      assertThat(c.observedGeneration()).isEqualTo(1);
    });
    assertThat(FluxHelmReleaseDeriver.instance().state(upgraded.toObservation()))
        .isEqualTo(ComponentState.INSTALLING);
  }

  @Test
  void theBootstrapKitListsElevenReleasesAfterTheirDependencies() {
    var kit = HelmReleases.bootstrapKit();
    assertThat(kit).hasSize(11);
    var seen = new java.util.HashSet<String>();
    for (HelmRelease r : kit) {
      assertThat(seen).containsAll(r.dependsOn());
      seen.add(r.name());
    }
  }

  @Test
  void patchingAnUnknownReleaseSaysWhichAreKnown() {
    FakeReleaseSource source = FakeReleaseSource.create().apply(HelmReleases.named("a"));
    assertThatThrownBy(() -> source.patch("b", HelmRelease::installed))
        .hasMessageContaining("No HelmRelease fixture primary/flux-system/b; known: [primary/flux-system/a]");
  }

  @Test
  void aStartedSourceCannotBeStartedTwice() {
    FakeReleaseSource source = FakeReleaseSource.create();
    RecordingListener listener = new RecordingListener();
    source.start(listener);
    assertThatThrownBy(() -> source.start(listener)).isInstanceOf(IllegalStateException.class);
  }

  private static final class RecordingListener implements io.helmwatch.core.ReleaseSource.Listener {
    @Override
    public void upsert(io.helmwatch.core.ReleaseObservation observation) {}

    @Override
    public void delete(io.helmwatch.core.ReleaseKey key) {}

    @Override
    public void synced() {}

    @Override
    public void error(String cluster, String message, Throwable cause) {}

    @Override
    public void stopped(String cluster, String reason) {}
  }
}
