package io.helmwatch.core.internal.engine;

import io.helmwatch.core.ComponentId;
import io.helmwatch.core.ComponentState;
import io.helmwatch.core.Derivation;
import io.helmwatch.core.ReleaseKey;
import java.time.Duration;
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
  /**
   * Whether the release was drifted at the last observation that reached the gate ({@code
   * StateDeriver.drifted}); written under the gate, read by the churn path without it like {@link
   * #generation}. {@link #driftSince} is the {@code Drifted} condition's {@code lastTransitionTime} then.
   */
  boolean drifted;
  @Nullable Instant driftSince;
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
  /**
   * When the component entered {@link #state} on the watcher's clock: the time the change, or the first
   * observation, was applied. Written under the gate, with the state.
   */
  @Nullable Instant stateSince;
  /**
   * When the current trouble episode began: the watcher-clock time the component entered {@code degraded} or
   * {@code failed} after anything else; {@code null} outside an episode. Cleared by {@code installed}, whose
   * event carries the time since as {@code recovered}, and by a removal.
   */
  @Nullable Instant troubledSince;
  /**
   * The watcher-clock millisecond from which the current stay counts as stuck; {@link Long#MAX_VALUE} when it
   * cannot (a state that is not watched for it, or the stay was reported). Written under the gate; the stuck
   * sweep reads it without the lock to find candidates.
   */
  volatile long stuckAt = Long.MAX_VALUE;
  /** The threshold of the current stay; {@code null} while {@link #stuckAt} is not armed. */
  @Nullable Duration stuckAfter;
  /** Whether {@link #stuckAfter} is twice {@code spec.timeout}, rather than the watcher's or the default. */
  boolean stuckAfterFromTimeout;
  /**
   * What a stuck notice cites, as of the last observation that changed the state, the spec or was emitted:
   * references into that observation, nothing copied.
   */
  String readyStatus = "";
  String readyReason = "";
  String readyMessage = "";
  String latestReleaseStatus = "";
  String specTimeout = "";
  long lastAttemptedGeneration;
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
