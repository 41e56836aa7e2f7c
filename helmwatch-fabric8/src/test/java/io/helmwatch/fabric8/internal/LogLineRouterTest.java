package io.helmwatch.fabric8.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.helmwatch.core.ComponentLog;
import io.helmwatch.core.ComponentNamer;
import io.helmwatch.core.MessageRedactor;
import io.helmwatch.core.ReleaseFilter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** From a parsed line to the component's log, without a cluster. */
class LogLineRouterTest {
  private static final Instant NOW = Instant.parse("2024-05-01T10:00:00Z");
  private static final String CILIUM = "{\"level\":\"info\",\"msg\":\"m\",\"controllerKind\":\"HelmRelease\","
      + "\"HelmRelease\":{\"name\":\"bp-cilium\",\"namespace\":\"flux-system\"}}";

  private final List<ComponentLog> routed = new ArrayList<>();
  private final List<String> errors = new ArrayList<>();

  private LogLineRouter router(Consumer<ComponentLog> target) {
    return new LogLineRouter("primary", ReleaseFilter.namePrefix("bp-"), ComponentNamer.stripPrefix("bp-"),
        MessageRedactor.none(), Clock.fixed(NOW, ZoneOffset.UTC), target, new TailerErrors(errors::add));
  }

  @Test
  void aLineWithoutAnyTimeIsStampedByTheClock() {
    router(routed::add).route(CILIUM, Long.MIN_VALUE, 0);

    assertThat(routed).singleElement().satisfies(l -> {
      assertThat(l.component().value()).isEqualTo("cilium");
      assertThat(l.time()).isEqualTo(NOW);
    });
  }

  @Test
  void aThrowingTargetIsReportedAtPowersOfTwoAndStillCounted() {
    LogLineRouter router = router(l -> {
      throw new IllegalStateException("boom");
    });
    for (int i = 0; i < 5; i++) {
      router.route(CILIUM, Long.MIN_VALUE, 0);
    }

    assertThat(errors).hasSize(3).allMatch(e -> e.contains("cilium") && e.contains("IllegalStateException: boom"));
    assertThat(errors.get(2)).contains("(4 failures so far)");
    assertThat(router.linesRouted()).isEqualTo(5);
  }

  @Test
  void anErrorFromTheTargetIsReportedAsAFailedLineAndNotThrown() {
    LogLineRouter router = router(l -> {
      throw new AssertionError("target blew up");
    });

    router.route(CILIUM, Long.MIN_VALUE, 0);
    router.route(CILIUM, Long.MIN_VALUE, 0);

    assertThat(errors).hasSize(2).allMatch(e -> e.contains("cilium") && e.contains("target blew up"));
  }

  @Test
  void anErrorFromTheErrorCallbackIsLoggedAndNotThrown() {
    TailerErrors throwing = new TailerErrors(message -> {
      throw new AssertionError("callback blew up");
    });
    try (CapturedLog log = CapturedLog.start()) {
      throwing.report("a stream broke");

      assertThat(log.text()).contains("a stream broke").contains("callback blew up");
    }
  }
}
