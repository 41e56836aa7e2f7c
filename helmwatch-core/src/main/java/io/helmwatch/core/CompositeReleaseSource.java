package io.helmwatch.core;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One source over several clusters: a watcher over it sees every cluster's objects, with keys that name
 * their cluster, so components outside {@link ReleaseKey#PRIMARY} get qualified ids ({@code
 * sin-2:reloader}).
 *
 * <p>It reports {@code synced()} once every cluster's initial list has synced, so a watch never ends on a
 * partial view. A cluster that cannot be reached reports its errors as notices and holds back only that
 * gate: the other clusters' events flow on, and the overall timeout ends the watch with the states reached.
 *
 * <pre>{@code
 * ReleaseSource all = CompositeReleaseSource.of(primarySource, sin2Source);
 * Watcher watcher = Watcher.builder(all).build();
 * }</pre>
 *
 * @since 0.1
 */
public final class CompositeReleaseSource implements ReleaseSource {
  private static final Logger log = LoggerFactory.getLogger(CompositeReleaseSource.class);

  private final List<ReleaseSource> sources;
  private final String cluster;

  private CompositeReleaseSource(List<ReleaseSource> sources) {
    if (sources.isEmpty()) {
      throw new IllegalArgumentException("at least one source is required");
    }
    Set<String> clusters = new HashSet<>();
    for (ReleaseSource s : sources) {
      if (!clusters.add(s.cluster())) {
        throw new IllegalArgumentException("two sources watch cluster '" + s.cluster()
            + "'; give each source its own cluster name");
      }
    }
    this.sources = List.copyOf(sources);
    this.cluster = String.join(",", clusters.stream().sorted().toList());
  }

  public static CompositeReleaseSource of(ReleaseSource... sources) {
    return new CompositeReleaseSource(List.of(sources));
  }

  public static CompositeReleaseSource of(List<? extends ReleaseSource> sources) {
    return new CompositeReleaseSource(new ArrayList<>(sources));
  }

  /** {@code true} when any of the sources spans namespaces. */
  @Override
  public boolean spansNamespaces() {
    for (ReleaseSource s : sources) {
      if (s.spansNamespaces()) {
        return true;
      }
    }
    return false;
  }

  /** The sources, in the order given. */
  public List<ReleaseSource> sources() {
    return sources;
  }

  /** The clusters' names, comma-separated. */
  @Override
  public String cluster() {
    return cluster;
  }

  @Override
  public void start(Listener listener) {
    SyncCounter counter = new SyncCounter(listener, sources.size());
    for (ReleaseSource source : sources) {
      try {
        source.start(new Forwarding(listener, counter));
      } catch (RuntimeException e) {
        log.warn("Source '{}' failed to start: {}", source.cluster(), e.toString());
        listener.error(source.cluster(), "could not start: " + e.getMessage(), e);
      }
    }
  }

  @Override
  public void close() {
    for (ReleaseSource source : sources) {
      try {
        source.close();
      } catch (RuntimeException e) {
        log.warn("Closing source '{}' failed: {}", source.cluster(), e.toString());
      }
    }
  }

  private static final class SyncCounter {
    private final Listener listener;
    private int remaining;

    SyncCounter(Listener listener, int sources) {
      this.listener = listener;
      this.remaining = sources;
    }

    void synced() {
      boolean all;
      synchronized (this) {
        all = --remaining == 0;
      }
      if (all) {
        listener.synced();
      }
    }
  }

  private static final class Forwarding implements Listener {
    private final Listener delegate;
    private final SyncCounter counter;
    private boolean synced;

    Forwarding(Listener delegate, SyncCounter counter) {
      this.delegate = delegate;
      this.counter = counter;
    }

    @Override
    public void upsert(ReleaseObservation observation) {
      delegate.upsert(observation);
    }

    @Override
    public void delete(ReleaseKey key) {
      delegate.delete(key);
    }

    @Override
    public void synced() {
      synchronized (this) {
        if (synced) {
          return;
        }
        synced = true;
      }
      counter.synced();
    }

    @Override
    public void error(String cluster, String message, @Nullable Throwable cause) {
      delegate.error(cluster, message, cause);
    }

    @Override
    public void recovered(String cluster, String message) {
      delegate.recovered(cluster, message);
    }

    @Override
    public void stopped(String cluster, String reason) {
      delegate.stopped(cluster, reason);
    }
  }
}
