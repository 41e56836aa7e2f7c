package io.helmwatch.core;

import static io.helmwatch.core.ComponentState.INSTALLED;
import static io.helmwatch.core.ComponentState.INSTALLING;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EmissionPolicyTest {

  @Test
  void defaultEmitsFirstObservationEvenWhenThePriorStateIsTheSame() {
    assertThat(EmissionPolicy.firstObservationOrTransition().shouldEmit(true, INSTALLED, INSTALLED)).isTrue();
  }

  @Test
  void defaultEmitsTransitionsAndSuppressesChurn() {
    EmissionPolicy p = EmissionPolicy.firstObservationOrTransition();
    assertThat(p.shouldEmit(false, INSTALLING, INSTALLED)).isTrue();
    assertThat(p.shouldEmit(false, INSTALLED, INSTALLED)).isFalse();
  }

  @Test
  void transitionsOnlyMissesAnAlreadyInstalledFirstObservationWhenPreSeeded() {
    EmissionPolicy p = EmissionPolicy.transitionsOnly();
    assertThat(p.shouldEmit(true, INSTALLED, INSTALLED)).isFalse();
    assertThat(p.shouldEmit(true, null, INSTALLED)).isTrue();
  }

  @Test
  void everyObservationEmitsChurnToo() {
    assertThat(EmissionPolicy.everyObservation().shouldEmit(false, INSTALLED, INSTALLED)).isTrue();
  }
}
