package io.helmwatch.jcstress;

import io.helmwatch.core.Condition;
import io.helmwatch.core.ReleaseKey;
import io.helmwatch.core.ReleaseObservation;
import java.time.Instant;

/** The observations the tests replay: one release, installed or installing, as helm-controller writes them. */
final class Releases {
  static final ReleaseKey KEY = ReleaseKey.of("flux-system", "podinfo");

  static final ReleaseObservation INSTALLED = ReleaseObservation.builder(KEY).generation(1).observedGeneration(1)
      .condition(new Condition("Ready", Condition.TRUE, "InstallSucceeded", "Helm install succeeded", Instant.EPOCH, 1))
      .build();

  static final ReleaseObservation INSTALLING = ReleaseObservation.builder(KEY).generation(1).observedGeneration(-1)
      .condition(new Condition("Reconciling", Condition.TRUE, "Progressing", "Running 'install' action", Instant.EPOCH, 1))
      .condition(new Condition("Ready", Condition.UNKNOWN, "Progressing", "Running 'install' action", Instant.EPOCH, 1))
      .build();

  private Releases() {}
}
