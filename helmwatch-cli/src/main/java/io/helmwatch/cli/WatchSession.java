package io.helmwatch.cli;

import io.helmwatch.core.ComponentId;
import io.helmwatch.core.ComponentSnapshot;
import io.helmwatch.core.ComponentState;
import io.helmwatch.core.EventSink;
import io.helmwatch.core.Watcher;
import io.helmwatch.jobs.JobStore;
import io.helmwatch.jobs.JobsBridge;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** One watcher with the program's output as primary sink and, optionally, a jobs bridge subscribed. */
final class WatchSession implements AutoCloseable {
  final Watcher watcher;

  private WatchSession(Watcher watcher) {
    this.watcher = watcher;
  }

  /**
   * Every sink is attached before the watcher starts, so each one sees every event from the first. Once the
   * watcher is built it owns {@code extraSinks}: it closes them on its close, or here when starting fails.
   */
  static WatchSession start(Watcher.Builder builder, Output output, @Nullable JobStore store, String deployment,
      SpecSinks extraSinks) {
    return started(assemble(builder, output, store, deployment, extraSinks));
  }

  /**
   * A watcher with the output as primary sink, {@code extraSinks} subscribed and, with a store, a new jobs
   * bridge attached; not started. It owns {@code extraSinks} once built, and is closed here if wiring fails.
   */
  static Watcher assemble(Watcher.Builder builder, Output output, @Nullable JobStore store, String deployment,
      SpecSinks extraSinks) {
    Watcher watcher;
    try {
      watcher = builder.sink(output.forWatcher()).build();
    } catch (RuntimeException | Error e) {
      extraSinks.close();
      throw e;
    }
    try {
      for (EventSink sink : extraSinks.handOver()) {
        watcher.subscribe(sink);
      }
      if (store != null) {
        // Seeded through the bridge's own lane, in order with the events queued before the sync.
        JobsBridge.builder(store, deployment).build().attach(watcher);
      }
    } catch (RuntimeException | Error e) {
      watcher.close();
      throw e;
    }
    return watcher;
  }

  /** Starts an {@linkplain #assemble assembled} watcher; closes it when starting fails. */
  static WatchSession started(Watcher watcher) {
    try {
      watcher.start();
    } catch (RuntimeException | Error e) {
      watcher.close();
      throw e;
    }
    return new WatchSession(watcher);
  }

  /**
   * Waits, at most {@code timeout}, until the watcher's view equals {@code expected} (by component id): the
   * demo uses it so that what it prints does not depend on how fast the informer is.
   */
  boolean settle(Map<String, ComponentState> expected, Function<String, ComponentId> ids, Duration timeout)
      throws InterruptedException {
    Map<ComponentId, ComponentState> want = new HashMap<>();
    expected.forEach((name, state) -> want.put(ids.apply(name), state));
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (watcher.result().isDone() || matches(watcher.snapshot(), want)) {
        return true;
      }
      Thread.sleep(5);
    }
    return false;
  }

  private static boolean matches(List<ComponentSnapshot> snapshot, Map<ComponentId, ComponentState> want) {
    if (snapshot.size() != want.size()) {
      return false;
    }
    for (ComponentSnapshot s : snapshot) {
      if (want.get(s.component()) != s.state()) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void close() {
    watcher.close();
  }
}
