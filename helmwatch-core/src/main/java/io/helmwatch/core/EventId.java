package io.helmwatch.core;

import io.helmwatch.core.internal.EventIdHasher;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The deterministic id of a {@link ComponentEvent}: every watcher that sees a release make the same
 * transition at the same generation gives it the same id, after any restart, so that a consumer can
 * deduplicate what several watchers (or one restarted watcher) report.
 *
 * <p>The id is a UUID string of version 8 (RFC 9562: custom, here name-based) whose 122 free bits are the
 * first bits of the SHA-256 of this UTF-8 text, one field a line, each line {@code <name>=<value>}:
 *
 * <pre>
 * helmwatch-event-id/1
 * cluster=&lt;ReleaseKey.cluster&gt;
 * namespace=&lt;ReleaseKey.namespace&gt;
 * name=&lt;ReleaseKey.name&gt;
 * uid=&lt;metadata.uid, empty when the source does not know it&gt;
 * generation=&lt;metadata.generation, decimal&gt;
 * observedGeneration=&lt;status.observedGeneration, decimal&gt;
 * previous=&lt;previous state's wire name, empty when none&gt;
 * state=&lt;state's wire name&gt;
 * drift=&lt;only for an event about drift, see below&gt;
 * </pre>
 *
 * The {@code drift} line is present only when the event reports drift ({@link ReleaseDetails#drifted()}):
 * {@code detected <t>}, or when it reports its end (cause {@link EmissionCause#DRIFT_CORRECTED}): {@code
 * corrected <t>}, where {@code <t>} is the {@code lastTransitionTime} of the {@code Drifted} condition in
 * ISO-8601 form (empty when absent). That time is written by helm-controller, so every watcher, and a watcher
 * restarted with {@linkplain Watcher.Builder#priorStates prior states} that finds the release still drifted,
 * gives the same drift the same id, while a drift that comes back later is a new fact. Events without drift
 * have no such line, so their ids are those of releases that never drifted.
 *
 * Values are written with {@code \} as {@code \\} and a line feed as {@code \n}, so no two field lists give
 * the same text. What makes two events distinct is therefore the release (and its incarnation, by uid), the
 * spec generation and the generation the controller last acted on, and the transition (previous and new
 * state). The component id is left out because it is a naming choice of the watcher, not a fact about the
 * release; the emission cause is left out so that a restarted watcher given the last reported states as
 * {@linkplain Watcher.Builder#priorStates prior states} reproduces the id of the transition it re-reports.
 * Events that repeat a state at the same generation (cause {@code REPEATED}) share an id: they are
 * duplicates. The time, message and details are left out: they differ between watchers for the same fact.
 *
 * @since 0.1
 */
public final class EventId {
  private EventId() {}

  /** The id of the event in which {@code release} went from {@code previous} to {@code state}. */
  public static String of(ReleaseKey release, @Nullable String uid, long generation, long observedGeneration,
      @Nullable ComponentState previous, ComponentState state) {
    Objects.requireNonNull(release, "release");
    Objects.requireNonNull(state, "state");
    return EventIdHasher.of(release, uid, generation, observedGeneration, previous, state);
  }

  /**
   * The id of the event in which {@code release} went from {@code previous} to {@code state} with the drift
   * line {@code drift} ({@code null} for none: then the same as {@link #of(ReleaseKey, String, long, long,
   * ComponentState, ComponentState)}).
   */
  public static String of(ReleaseKey release, @Nullable String uid, long generation, long observedGeneration,
      @Nullable ComponentState previous, ComponentState state, @Nullable String drift) {
    Objects.requireNonNull(release, "release");
    Objects.requireNonNull(state, "state");
    return EventIdHasher.of(release, uid, generation, observedGeneration, previous, state, drift);
  }

  /**
   * The {@code drift} line of an event id: {@code detected <time>} or {@code corrected <time>}, {@code time}
   * the {@code Drifted} condition's {@code lastTransitionTime} ({@code null} when absent).
   */
  public static String driftLine(boolean detected, @Nullable Instant time) {
    return (detected ? "detected " : "corrected ") + (time == null ? "" : time.toString());
  }

  /** The id of an event derived from {@code observation} (its key, uid and generations). */
  public static String of(ReleaseObservation observation, @Nullable ComponentState previous,
      ComponentState state) {
    return of(observation.key(), observation.uid(), observation.generation(),
        observation.observedGeneration(), previous, state);
  }
}
