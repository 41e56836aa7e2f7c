package io.helmwatch.cli;

import io.helmwatch.core.EventSink;
import io.helmwatch.core.sink.EventSinks;
import java.util.ArrayList;
import java.util.List;

/**
 * The sinks built from {@code --sink} specs, owned here until a watcher takes them with {@link #handOver()}:
 * on every path out of the command that does not get that far (a bad later spec, a cluster that cannot be
 * reached, Flux not installed) {@link #close()} closes each of them, once.
 */
final class SpecSinks implements AutoCloseable {
  private final List<EventSink> sinks;
  private boolean owned = true;

  private SpecSinks(List<EventSink> sinks) {
    this.sinks = sinks;
  }

  /** No sinks. */
  static SpecSinks none() {
    return new SpecSinks(List.of());
  }

  /**
   * A sink for each spec, in order; when one spec fails, the sinks built before it are closed.
   *
   * @throws IllegalArgumentException for a spec {@link EventSinks#fromSpec(String)} rejects
   */
  static SpecSinks build(List<String> specs) {
    SpecSinks built = new SpecSinks(new ArrayList<>(specs.size()));
    try {
      for (String spec : specs) {
        built.sinks.add(EventSinks.fromSpec(spec));
      }
    } catch (RuntimeException e) {
      try {
        built.close();
      } catch (RuntimeException closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
    return built;
  }

  /** The sinks, for the caller to close from now on (a watcher closes those subscribed to it). */
  List<EventSink> handOver() {
    owned = false;
    return List.copyOf(sinks);
  }

  /**
   * Closes every sink not handed over, each even when an earlier one failed.
   *
   * @throws RuntimeException the first failure, with the others suppressed
   */
  @Override
  public void close() {
    if (!owned) {
      return;
    }
    owned = false;
    RuntimeException failure = null;
    for (EventSink sink : sinks) {
      try {
        sink.close();
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
