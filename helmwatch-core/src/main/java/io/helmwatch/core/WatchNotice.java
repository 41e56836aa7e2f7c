package io.helmwatch.core;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A watch-level diagnostic: about the watch or a source, or, for {@link Kind#STUCK}, about one component
 * whose state has not moved for too long (a diagnosis, not a state change: no {@link ComponentEvent}).
 *
 * @param kind what happened
 * @param level severity
 * @param message human-readable detail (never contains credentials)
 * @param time when the watcher noticed (its clock)
 * @param cluster the cluster concerned, when there is one
 * @param component the component concerned, for {@link Kind#STUCK}; {@code null} for the watch-level kinds
 * @since 0.1
 */
public record WatchNotice(
    Kind kind, EventLevel level, String message, Instant time, @Nullable String cluster,
    @Nullable ComponentId component) {

  public WatchNotice {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(time, "time");
  }

  /** A notice that concerns no single component. */
  public WatchNotice(Kind kind, EventLevel level, String message, Instant time, @Nullable String cluster) {
    this(kind, level, message, time, cluster, null);
  }

  /** The kinds of notices. */
  public enum Kind {
    /** No release appeared within the first-seen timeout; the watch goes on. */
    FIRST_SEEN_TIMEOUT,
    /** The overall timeout ended the watch. */
    TIMEOUT,
    /** A source reported an error (watch dropped, request refused, ...). */
    SOURCE_ERROR,
    /**
     * A source that had reported an error delivers again (its watch is back): with several clusters, says
     * which one is healthy again.
     */
    SOURCE_RECOVERED,
    /** A source stopped delivering for good. */
    SOURCE_STOPPED,
    /** An object could not be derived normally; it was given a defined state. */
    MALFORMED_OBJECT,
    /**
     * A component stayed {@link ComponentState#INSTALLING installing} or {@link ComponentState#DEGRADED
     * degraded} past its stuck threshold ({@link Watcher.Builder#stuckAfter}): once per stay in that state;
     * the message names the component, the state, how long, and what the release shows. Carries {@link
     * WatchNotice#component()}.
     */
    STUCK
  }
}
