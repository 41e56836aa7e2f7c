package io.helmwatch.core.internal.engine;

import io.helmwatch.core.ComponentId;
import io.helmwatch.core.ComponentState;
import io.helmwatch.core.Derivation;
import io.helmwatch.core.ReleaseKey;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** One component's state in a watch. Written under the engine's gate; read without it on the churn path. */
final class Track {
  private static final Track[] NO_TRACKS = {};

  final ReleaseKey key;
  final ComponentId id;
  /** The state known from before this watcher, if any: the previous state of the first event. */
  final @Nullable ComponentState prior;
  volatile @Nullable ComponentState state;
  /** Set after {@link #state} so that a reader who sees it also sees the state. */
  volatile boolean observed;
  /**
   * What the watcher keeps of the observation at the last state change or emission: what it waits on, when
   * its Ready condition last changed, and what was derived from it (redacted; {@code null} until the first
   * observation).
   */
  List<ReleaseKey> dependsOn = List.of();
  @Nullable Instant readySince;
  /** The release's uid and generations then: what an event's {@code EventId} is made of. */
  @Nullable String uid;
  /** Written under the gate; the churn path reads it without the lock (a stale value only costs the gate). */
  long generation;
  long observedGeneration;
  /** Whether an event was emitted for this track: from the second on, {@link #idLines} are kept. */
  boolean emitted;
  /** {@code EventIdHasher.releaseLines} of {@link #key} and {@link #idLinesUid}; {@code null} until kept. */
  byte @Nullable [] idLines;
  @Nullable String idLinesUid;
  @Nullable Derivation derivation;
  /** The deriver's last message before and after redaction: an equal message is not redacted again. */
  @Nullable String unredactedMessage;
  @Nullable String redactedMessage;
  /**
   * The ids of {@link #dependsOnIdsFor} as last reported, and the track each key resolved to then ({@code
   * null} when not watched, so named by the namer): reused while the keys and their tracks stay the same.
   */
  List<ComponentId> dependsOnIds = List.of();
  List<ReleaseKey> dependsOnIdsFor = dependsOn;
  @Nullable Track[] dependsOnTracks = NO_TRACKS;
  /** Set once the track left its table: a later observation of the release makes a new track. */
  volatile boolean removed;
  /** Whether the termination gate's counters include this track. */
  boolean counted;
  boolean failureReported;

  Track(ReleaseKey key, ComponentId id, @Nullable ComponentState prior) {
    this.key = key;
    this.id = id;
    this.prior = prior;
  }
}
