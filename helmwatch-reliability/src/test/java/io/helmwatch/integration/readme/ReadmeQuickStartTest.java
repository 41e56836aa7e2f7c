package io.helmwatch.integration.readme;

import static org.assertj.core.api.Assertions.assertThat;

import io.helmwatch.core.ReleaseSource;
import io.helmwatch.core.WatchOutcome;
import io.helmwatch.core.WatchResult;
import io.helmwatch.core.Watcher;
import io.helmwatch.core.WatcherSettings;
import io.helmwatch.testing.FakeReleaseSource;
import io.helmwatch.testing.HelmReleases;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Keeps the README's quick-start example compiling and true. */
class ReadmeQuickStartTest {

  static WatchResult waitForKit(ReleaseSource source) {
    // --- README quick start: begin
    try (Watcher watcher = Watcher.builder(source)
        .namePrefix("bp-")                 // keep bp-* releases, report "cilium" for "bp-cilium"
        .expectAtLeast(11)                 // never read a partial cache as "done"
        .timeout(Duration.ofMinutes(30))
        .sink(event -> System.out.printf("%s %s -> %s: %s%n",
            event.component(), event.previous(), event.state(), event.message()))
        .build()) {
      watcher.subscribe(event -> { /* a second consumer: a UI, a jobs table, ... */ });
      return watcher.start().join();       // READY, FAILED, TIMEOUT or NOT_RECONCILING
    }
    // --- README quick start: end
  }

  @Test
  void quickStartWaitsForAnInstalledKit() {
    FakeReleaseSource source = FakeReleaseSource.create();
    HelmReleases.bootstrapKit().forEach(r -> source.apply(r.installed()));
    assertThat(waitForKit(source).outcome()).isEqualTo(WatchOutcome.READY);
    assertThat(WatcherSettings.fromEnvironment(Map.of())).isEqualTo(WatcherSettings.DEFAULTS);
  }
}
