package io.helmwatch.testing;

import io.helmwatch.core.ComponentEvent;
import io.helmwatch.core.ComponentId;
import io.helmwatch.core.ComponentSnapshot;
import io.helmwatch.core.ComponentState;
import io.helmwatch.core.EventSink;
import io.helmwatch.core.WatchNotice;
import io.helmwatch.core.WatchResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * An {@link EventSink} that records everything it receives, with bounded waits in the manner of
 * MockWebServer's {@code takeRequest(timeout, unit)}. Waits fail with an {@link AssertionError} that says
 * what was expected and what arrived. Thread-safe.
 *
 * @since 0.1
 */
public final class RecordingSink implements EventSink {
  /** What a sink received, in arrival order. */
  public sealed interface Received permits Event, Notice, Snapshot, Outcome {}

  public record Event(ComponentEvent event) implements Received {}

  public record Notice(WatchNotice notice) implements Received {}

  public record Snapshot(List<ComponentSnapshot> snapshot) implements Received {}

  public record Outcome(WatchResult result) implements Received {}

  private final String name;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final List<Received> received = new ArrayList<>();
  private final List<ComponentEvent> events = new ArrayList<>();
  private int taken;
  private boolean closed;

  public RecordingSink() {
    this("recording");
  }

  public RecordingSink(String name) {
    this.name = name;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void onEvent(ComponentEvent event) {
    record(new Event(event));
  }

  @Override
  public void onNotice(WatchNotice notice) {
    record(new Notice(notice));
  }

  @Override
  public void onSnapshot(List<ComponentSnapshot> snapshot) {
    record(new Snapshot(List.copyOf(snapshot)));
  }

  @Override
  public void onOutcome(WatchResult result) {
    record(new Outcome(result));
  }

  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void record(Received r) {
    lock.lock();
    try {
      received.add(r);
      if (r instanceof Event e) {
        events.add(e.event());
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Everything received, in order. */
  public List<Received> received() {
    lock.lock();
    try {
      return List.copyOf(received);
    } finally {
      lock.unlock();
    }
  }

  /** Every component event received, in order. */
  public List<ComponentEvent> events() {
    lock.lock();
    try {
      return List.copyOf(events);
    } finally {
      lock.unlock();
    }
  }

  /** The events of {@code component}, in order. */
  public List<ComponentEvent> eventsFor(String component) {
    ComponentId id = ComponentId.of(component);
    return events().stream().filter(e -> e.component().equals(id)).toList();
  }

  /** The states {@code component} went through, in order. */
  public List<ComponentState> statesOf(String component) {
    return eventsFor(component).stream().map(ComponentEvent::state).toList();
  }

  /** The last state received for {@code component}, if any. */
  public Optional<ComponentState> lastState(String component) {
    List<ComponentEvent> es = eventsFor(component);
    return es.isEmpty() ? Optional.empty() : Optional.of(es.get(es.size() - 1).state());
  }

  public List<WatchNotice> notices() {
    return received().stream().filter(Notice.class::isInstance).map(r -> ((Notice) r).notice()).toList();
  }

  public List<List<ComponentSnapshot>> snapshots() {
    return received().stream().filter(Snapshot.class::isInstance).map(r -> ((Snapshot) r).snapshot()).toList();
  }

  /** The outcome, if one arrived. */
  public Optional<WatchResult> outcome() {
    return received().stream().filter(Outcome.class::isInstance).map(r -> ((Outcome) r).result()).findFirst();
  }

  public boolean isClosed() {
    lock.lock();
    try {
      return closed;
    } finally {
      lock.unlock();
    }
  }

  /** Forgets everything received so far (waits then count from zero). */
  public void clear() {
    lock.lock();
    try {
      received.clear();
      events.clear();
      taken = 0;
    } finally {
      lock.unlock();
    }
  }

  /**
   * The next event not yet taken, waiting up to {@code timeout}.
   *
   * @throws AssertionError when none arrives in time
   */
  public ComponentEvent takeEvent(Duration timeout) {
    lock.lock();
    try {
      awaitLocked(() -> events.size() > taken, timeout, () -> "another event (" + (taken + 1) + ")");
      return events.get(taken++);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until at least {@code count} events have arrived; returns all events received so far.
   *
   * @throws AssertionError when fewer arrive in time
   */
  public List<ComponentEvent> awaitEvents(int count, Duration timeout) {
    lock.lock();
    try {
      awaitLocked(() -> events.size() >= count, timeout, () -> count + " events");
      return List.copyOf(events);
    } finally {
      lock.unlock();
    }
  }

  /** Waits for the first event that matches {@code condition}, described as {@code what} in a failure. */
  public ComponentEvent awaitEvent(Predicate<ComponentEvent> condition, String what, Duration timeout) {
    lock.lock();
    try {
      awaitLocked(() -> events.stream().anyMatch(condition), timeout, () -> what);
      return events.stream().filter(condition).findFirst().orElseThrow();
    } finally {
      lock.unlock();
    }
  }

  /** Waits until the last event of {@code component} is in {@code state}. */
  public ComponentEvent awaitState(String component, ComponentState state, Duration timeout) {
    ComponentId id = ComponentId.of(component);
    lock.lock();
    try {
      awaitLocked(() -> state == lastStateLocked(id), timeout, () -> component + " " + state.wireName());
      return events.stream().filter(e -> e.component().equals(id)).reduce((a, b) -> b).orElseThrow();
    } finally {
      lock.unlock();
    }
  }

  /** Waits for the outcome. */
  public WatchResult awaitOutcome(Duration timeout) {
    lock.lock();
    try {
      awaitLocked(() -> received.stream().anyMatch(Outcome.class::isInstance), timeout, () -> "an outcome");
      return received.stream().filter(Outcome.class::isInstance).map(r -> ((Outcome) r).result())
          .findFirst().orElseThrow();
    } finally {
      lock.unlock();
    }
  }

  /** Waits until the sink has been closed. */
  public void awaitClosed(Duration timeout) {
    lock.lock();
    try {
      awaitLocked(() -> closed, timeout, () -> "close()");
    } finally {
      lock.unlock();
    }
  }

  private @Nullable ComponentState lastStateLocked(ComponentId id) {
    ComponentState last = null;
    for (ComponentEvent e : events) {
      if (e.component().equals(id)) {
        last = e.state();
      }
    }
    return last;
  }

  private interface Check {
    boolean met();
  }

  private interface Describe {
    String what();
  }

  private void awaitLocked(Check check, Duration timeout, Describe expected) {
    long remaining = timeout.toNanos();
    try {
      while (!check.met()) {
        if (remaining <= 0) {
          throw new AssertionError("Sink '" + name + "' expected " + expected.what() + " within " + timeout
              + " but received " + received.size() + " items:" + describeLocked());
        }
        remaining = changed.awaitNanos(remaining);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("Interrupted while waiting for " + expected.what(), e);
    }
  }

  private String describeLocked() {
    if (received.isEmpty()) {
      return " (nothing)";
    }
    return received.stream().map(RecordingSink::describe).collect(Collectors.joining("\n  ", "\n  ", ""));
  }

  private static String describe(Received r) {
    if (r instanceof Event e) {
      ComponentEvent ev = e.event();
      return "event " + ev.component() + " " + (ev.previous() == null ? "-" : ev.previous().wireName())
          + " -> " + ev.state().wireName() + " (" + ev.cause() + ") " + ev.message();
    }
    if (r instanceof Notice n) {
      return "notice " + n.notice().kind() + ": " + n.notice().message();
    }
    if (r instanceof Snapshot s) {
      return "snapshot of " + s.snapshot().size() + " components";
    }
    return "outcome " + ((Outcome) r).result().outcome();
  }
}
