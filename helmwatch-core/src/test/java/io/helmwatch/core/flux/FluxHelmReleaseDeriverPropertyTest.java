package io.helmwatch.core.flux;

import static org.assertj.core.api.Assertions.assertThat;

import io.helmwatch.core.ComponentState;
import io.helmwatch.core.Condition;
import io.helmwatch.core.Derivation;
import io.helmwatch.core.ReleaseKey;
import io.helmwatch.core.ReleaseObservation;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The deriver is total: any condition list, however broken, derives to a defined state without throwing. */
class FluxHelmReleaseDeriverPropertyTest {

  @Property(tries = 2000)
  void deriverIsTotalOverArbitraryConditions(
      @ForAll("conditionLists") List<Condition> conditions,
      @ForAll("generations") long generation,
      @ForAll("generations") long observedGeneration,
      @ForAll boolean suspended,
      @ForAll boolean deleting) {
    ReleaseObservation o = ReleaseObservation.builder(ReleaseKey.of("flux-system", "bp-x"))
        .generation(generation)
        .observedGeneration(observedGeneration)
        .conditions(conditions)
        .suspended(suspended)
        .deletionPending(deleting)
        .build();

    ComponentState state = FluxHelmReleaseDeriver.instance().state(o);
    Derivation d = FluxHelmReleaseDeriver.instance().derive(o);

    assertThat(d.state()).isEqualTo(state);
    assertThat(d.message()).isNotNull();
    if (deleting) {
      assertThat(state).isEqualTo(ComponentState.REMOVED);
    }
  }

  @Provide
  Arbitrary<Long> generations() {
    return Arbitraries.oneOf(Arbitraries.longs().between(-2, 5), Arbitraries.of(Long.MAX_VALUE, Long.MIN_VALUE));
  }

  @Provide
  Arbitrary<List<Condition>> conditionLists() {
    Arbitrary<String> types = Arbitraries.oneOf(
        Arbitraries.of("Ready", "Stalled", "Reconciling", "Released", "TestSuccess", "", "ready"),
        Arbitraries.strings().ofMaxLength(8).injectNull(0.1));
    Arbitrary<String> statuses = Arbitraries.oneOf(
        Arbitraries.of("True", "False", "Unknown", "", "true", "Maybe"),
        Arbitraries.strings().ofMaxLength(5).injectNull(0.1));
    Arbitrary<String> reasons = Arbitraries.oneOf(
        Arbitraries.of(FluxReasons.class.getFields()).map(f -> {
          try {
            return (String) f.get(null);
          } catch (IllegalAccessException e) {
            throw new AssertionError(e);
          }
        }),
        Arbitraries.strings().ofMaxLength(12).injectNull(0.1));
    Arbitrary<String> messages = Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(80).injectNull(0.1),
        Arbitraries.of("dependency 'a/b' is not ready", "dependency '", "dependency 'x/' is not ready",
            "dependency '/'", "x".repeat(64 * 1024)));
    Arbitrary<Instant> times = Arbitraries.longs().between(0, 4_000_000_000L).map(Instant::ofEpochSecond)
        .injectNull(0.3);
    Arbitrary<Condition> condition = Combinators.combine(types, statuses, reasons, messages, times,
            Arbitraries.longs().between(-1, 6))
        .as(Condition::new);
    return condition.list().ofMaxSize(8);
  }
}
