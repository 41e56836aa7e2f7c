package io.helmwatch.integration.watcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.helmwatch.core.ComponentState;
import io.helmwatch.core.Derivation;
import io.helmwatch.core.ReleaseObservation;
import io.helmwatch.core.StateDeriver;
import io.helmwatch.core.Watcher;
import io.helmwatch.testing.FakeReleaseSource;
import io.helmwatch.testing.HelmRelease;
import io.helmwatch.testing.HelmReleases;
import io.helmwatch.testing.ManualTime;
import io.helmwatch.testing.RecordingSink;
import org.junit.jupiter.api.Test;

/** A custom deriver that throws is logged once per object, with what it threw and where. */
class WatcherDerivationFailureLogTest {
  private static final String WARNING = "Could not derive the state of";

  private final FakeReleaseSource source = FakeReleaseSource.create();
  private final ManualTime time = ManualTime.create();

  @Test
  void aDeriverThatThrowsOnEveryUpdateIsLoggedOnceWithItsStackTrace() {
    StateDeriver broken = new StateDeriver() {
      @Override
      public Derivation derive(ReleaseObservation observation) {
        throw new IllegalArgumentException("deriver cannot read " + observation.key().name());
      }
    };
    String text = logOf(broken);
    assertThat(text).contains("java.lang.IllegalArgumentException: deriver cannot read podinfo")
        .contains("at " + WatcherDerivationFailureLogTest.class.getName());
    assertThat(text.split(WARNING, -1)).as("warnings for one object").hasSize(2);
  }

  @Test
  void aDeriverThatOnlyFailsToDescribeTheStateIsLoggedWithItsStackTrace() {
    StateDeriver broken = new StateDeriver() {
      @Override
      public ComponentState state(ReleaseObservation observation) {
        return ComponentState.INSTALLED;
      }

      @Override
      public Derivation derive(ReleaseObservation observation) {
        throw new UnsupportedOperationException("no message for " + observation.key().name());
      }
    };
    assertThat(logOf(broken)).contains("java.lang.UnsupportedOperationException: no message for podinfo")
        .contains("at " + WatcherDerivationFailureLogTest.class.getName());
  }

  private String logOf(StateDeriver deriver) {
    source.apply(HelmReleases.named("podinfo").installed());
    try (CapturedLog log = CapturedLog.start();
        Watcher watcher = Watcher.builder(source).sink(new RecordingSink()).deriver(deriver).continuous()
            .clock(time.clock()).scheduler(time).build()) {
      watcher.start();
      source.churn("podinfo", 3);
      source.patch("podinfo", HelmRelease::bumpGeneration);
      return log.text();
    }
  }
}
