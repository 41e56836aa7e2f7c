package io.helmwatch.core.internal.engine;

import io.helmwatch.core.ComponentId;
import io.helmwatch.core.ComponentNamer;
import io.helmwatch.core.ComponentState;
import io.helmwatch.core.ReleaseFilter;
import io.helmwatch.core.ReleaseKey;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The watched components by release, with their ids. Lookups take no lock and allocate nothing for a known
 * release; a namer that would give two releases one id never merges them.
 */
final class ComponentTable {
  /** Under the name users configure: the facade's. */
  private static final Logger log = LoggerFactory.getLogger("io.helmwatch.core.Watcher");
  private static final Track[] NO_TRACKS = {};

  private final ComponentNamer namer;
  private final ReleaseFilter filter;
  private final Map<ComponentId, ComponentState> priorStates;
  private final ConcurrentHashMap<ReleaseKey, Track> tracks;
  /** Which release holds each id. */
  private final ConcurrentHashMap<ComponentId, ReleaseKey> owners;
  private final Function<ReleaseKey, Track> newTrack = this::newTrack;

  ComponentTable(ComponentNamer namer, ReleaseFilter filter, Map<ComponentId, ComponentState> priorStates) {
    this.namer = namer;
    this.filter = filter;
    this.priorStates = priorStates;
    // The components known from before are about those the initial list brings: no growth while it does.
    int expected = Math.max(16, priorStates.size());
    this.tracks = new ConcurrentHashMap<>(expected);
    this.owners = new ConcurrentHashMap<>(expected);
  }

  @Nullable Track get(ReleaseKey key) {
    return tracks.get(key);
  }

  /** The track of {@code key}, created on its first accepted observation; {@code null} when filtered out. */
  @Nullable Track getOrAdd(ReleaseKey key) {
    Track t = tracks.get(key);
    if (t != null) {
      return t;
    }
    return filter.accept(key) ? tracks.computeIfAbsent(key, newTrack) : null;
  }

  /**
   * Whether {@code t} is still the track of its release (a delete may have replaced it). A track is in the
   * map from its creation until {@link #remove}, which marks it, so no lookup is needed.
   */
  boolean isCurrent(Track t) {
    return !t.removed;
  }

  void remove(Track t) {
    if (tracks.remove(t.key, t)) {
      t.removed = true;
      owners.remove(t.id, t.key);
    }
  }

  Collection<Track> all() {
    return tracks.values();
  }

  int size() {
    return tracks.size();
  }

  /**
   * The ids of what {@code t} waits on: watched releases by their id, others by the namer's. Returns the list
   * it returned last time while the same keys resolve to the same tracks (or to none), so that an event in
   * steady state neither allocates nor calls the namer.
   */
  List<ComponentId> dependsOn(Track t) {
    List<ReleaseKey> keys = t.dependsOn;
    Track[] resolved = t.dependsOnTracks;
    if (keys == t.dependsOnIdsFor && sameTracks(keys, resolved)) {
      return t.dependsOnIds;
    }
    int n = keys.size();
    // no array for the ids of one dependency (the usual case) or none: a first observation is one call here
    ComponentId[] ids = n > 1 ? new ComponentId[n] : null;
    ComponentId only = null;
    Track[] tracksNow = n == 0 ? NO_TRACKS : new Track[n];
    for (int i = 0; i < n; i++) {
      ReleaseKey k = keys.get(i);
      Track dep = tracks.get(k);
      tracksNow[i] = dep;
      ComponentId id = dep != null ? dep.id : namer.name(k);
      if (ids != null) {
        ids[i] = id;
      } else {
        only = id;
      }
    }
    t.dependsOnIds = ids != null ? List.of(ids) : only != null ? List.of(only) : List.of();
    t.dependsOnIdsFor = keys;
    t.dependsOnTracks = tracksNow;
    return t.dependsOnIds;
  }

  private boolean sameTracks(List<ReleaseKey> keys, @Nullable Track[] resolved) {
    for (int i = 0; i < resolved.length; i++) {
      if (tracks.get(keys.get(i)) != resolved[i]) {
        return false;
      }
    }
    return true;
  }

  private Track newTrack(ReleaseKey key) {
    ComponentId id = namer.name(key);
    ReleaseKey owner = owners.putIfAbsent(id, key);
    if (owner != null && !owner.equals(key)) {
      ComponentId unique = ComponentId.qualified(key.cluster(), key.namespace() + "/" + key.name());
      log.warn("{} and {} would share the component id '{}'; {} is reported as '{}'",
          owner, key, id, key, unique);
      owners.putIfAbsent(unique, key);
      id = unique;
    }
    return new Track(key, id, priorStates.get(id));
  }
}
