package io.helmwatch.testing;

import io.helmwatch.core.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Time that moves only when a test says so: a {@link Clock} and a {@link Scheduler} whose tasks run, on the
 * calling thread, when {@link #advance} passes their due time.
 *
 * <pre>{@code
 * ManualTime time = ManualTime.at(Instant.parse("2026-05-15T19:16:00Z"));
 * Watcher watcher = Watcher.builder(source).clock(time.clock()).scheduler(time).build();
 * time.advance(Duration.ofMinutes(60)); // the timeout fires now
 * }</pre>
 *
 * @since 0.1
 */
public final class ManualTime implements Scheduler {
  private final Object lock = new Object();
  private final List<Task> tasks = new ArrayList<>();
  private Instant now;
  private long sequence;

  private ManualTime(Instant start) {
    this.now = Objects.requireNonNull(start, "start");
  }

  /** Time standing at {@code start}. */
  public static ManualTime at(Instant start) {
    return new ManualTime(start);
  }

  /** Time standing at {@link HelmReleases#DEFAULT_TIME}. */
  public static ManualTime create() {
    return at(HelmReleases.DEFAULT_TIME);
  }

  public Instant now() {
    synchronized (lock) {
      return now;
    }
  }

  /** A UTC clock that reads this time. */
  public Clock clock() {
    return new ManualClock(ZoneOffset.UTC);
  }

  /** Tasks scheduled and not yet run or cancelled. */
  public int pendingTasks() {
    synchronized (lock) {
      return (int) tasks.stream().filter(t -> !t.cancelled).count();
    }
  }

  @Override
  public Cancellable schedule(Runnable task, Duration delay) {
    Objects.requireNonNull(task, "task");
    synchronized (lock) {
      Task t = new Task(now.plus(delay.isNegative() ? Duration.ZERO : delay), sequence++, task);
      tasks.add(t);
      return () -> {
        synchronized (lock) {
          t.cancelled = true;
          tasks.remove(t);
        }
      };
    }
  }

  /**
   * Moves time forward by {@code by}, running each task that falls due, in due order, with the clock set to
   * its due time. Tasks scheduled by those tasks run too if they fall due within the advance.
   */
  public void advance(Duration by) {
    if (by.isNegative()) {
      throw new IllegalArgumentException("time does not go back: " + by);
    }
    Instant target;
    synchronized (lock) {
      target = now.plus(by);
    }
    while (true) {
      Task next;
      synchronized (lock) {
        next = tasks.stream()
            .filter(t -> !t.cancelled && !t.due.isAfter(target))
            .min(Comparator.comparing((Task t) -> t.due).thenComparingLong(t -> t.seq))
            .orElse(null);
        if (next == null) {
          now = target;
          return;
        }
        tasks.remove(next);
        now = next.due;
      }
      next.task.run();
    }
  }

  private static final class Task {
    final Instant due;
    final long seq;
    final Runnable task;
    volatile boolean cancelled;

    Task(Instant due, long seq, Runnable task) {
      this.due = due;
      this.seq = seq;
      this.task = task;
    }
  }

  private final class ManualClock extends Clock {
    private final ZoneId zone;

    ManualClock(ZoneId zone) {
      this.zone = zone;
    }

    @Override
    public ZoneId getZone() {
      return zone;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return new ManualClock(zone);
    }

    @Override
    public Instant instant() {
      return now();
    }
  }
}
