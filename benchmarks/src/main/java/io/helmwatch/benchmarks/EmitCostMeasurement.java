package io.helmwatch.benchmarks;

import io.helmwatch.core.EmissionPolicy;
import io.helmwatch.core.ReleaseSource;
import io.helmwatch.core.Subscription;
import io.helmwatch.core.Watcher;
import java.lang.management.ManagementFactory;
import java.time.Duration;

/**
 * The per-update cost on the source thread in thread CPU time and allocated bytes, over rounds long enough
 * for the JIT to settle even when the machine is shared: {@code ChurnDedupeBenchmark}'s {@code helmwatch}
 * path (same objects, same hand-off, {@code transitionEvery=100}) under a policy, delivering either to a
 * synchronous primary sink or to one {@link Watcher#subscribe subscriber lane} with a no-op sink. Not JMH:
 * it reads the thread's own counters, which waiting for a core does not inflate.
 *
 * <p>Arguments: {@code components} (default 100), {@code everyObservation|firstObservationOrTransition|transitions}
 * (default {@code everyObservation}: every update is emitted, most as a repeat; {@code transitions}: the default
 * policy with every update a real transition of its component, so every update is emitted as one), {@code sync|lane} (default {@code lane}),
 * rounds of 200,000 updates (default 10). Prints each round; the last rounds are the settled figure.
 */
public final class EmitCostMeasurement {
  private static final int UPDATES_PER_ROUND = 200_000;

  private EmitCostMeasurement() {}

  public static void main(String[] args) {
    int components = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    String policy = args.length > 1 ? args[1] : "everyObservation";
    boolean lane = args.length <= 2 || args[2].equals("lane");
    int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 10;

    ChurnWorkload updates = new ChurnWorkload(components, policy.equals("transitions") ? 1 : 100);
    CapturedListenerSource source = new CapturedListenerSource();
    Watcher.Builder builder = Watcher.builder(source).namePrefix("bp-").continuous().policy(switch (policy) {
      case "everyObservation" -> EmissionPolicy.everyObservation();
      case "firstObservationOrTransition", "transitions" -> EmissionPolicy.firstObservationOrTransition();
      default -> throw new IllegalArgumentException("Unknown policy " + policy);
    });
    Object[] consumed = new Object[1];
    if (!lane) {
      builder.sink(event -> consumed[0] = event);
    }
    Watcher watcher = builder.build();
    Subscription subscription = lane ? watcher.subscribe(event -> {}) : null;
    ReleaseSource.Listener listener = source.start(watcher);
    InformerHandoff handoff = new InformerHandoff(listener);
    for (int c = 0; c < components; c++) {
      handoff.deliver(updates.initial(c));
    }
    listener.synced();

    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long self = Thread.currentThread().getId();
    System.out.printf("%d components, %s, %s%n", components, policy, lane ? "one lane" : "synchronous sink");
    for (int r = 0; r < rounds; r++) {
      long cpu = threads.getCurrentThreadCpuTime();
      long bytes = threads.getThreadAllocatedBytes(self);
      long wall = System.nanoTime();
      for (int i = 0; i < UPDATES_PER_ROUND; i++) {
        handoff.deliver(updates.next());
      }
      wall = System.nanoTime() - wall;
      bytes = threads.getThreadAllocatedBytes(self) - bytes;
      cpu = threads.getCurrentThreadCpuTime() - cpu;
      System.out.printf("round %2d: %,7.0f ns/update thread CPU, %,6.1f B/update, %,8.0f ns/update wall%n", r,
          cpu / (double) UPDATES_PER_ROUND, bytes / (double) UPDATES_PER_ROUND, wall / (double) UPDATES_PER_ROUND);
      if (subscription != null && !subscription.flush(Duration.ofSeconds(60))) {
        throw new IllegalStateException("the lane did not drain within 60 s");
      }
    }
    System.out.println(watcher.stats() + (subscription != null ? " " + subscription.stats() : ""));
    watcher.close();
    handoff.checkWellFormed();
  }
}
