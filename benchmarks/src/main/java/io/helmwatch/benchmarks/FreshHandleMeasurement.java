package io.helmwatch.benchmarks;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.helmwatch.core.ReleaseSource;
import io.helmwatch.core.Watcher;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.function.Consumer;

/**
 * The handler's cost per update on an object decoded just before, as in a live informer: each update's
 * watch frame is decoded ({@link WatchEventFrames#decode}, as fabric8 decodes it), then handed to the handler,
 * and only the handler is timed, by the thread's CPU clock read right before and right after it. Not JMH:
 * JMH's per-invocation setup costs tens of microseconds here, far more than the handler, while two reads of
 * the clock cost a fraction of a microsecond, and {@code bare} (a handler that does nothing) measures them.
 *
 * <p>Rounds alternate the three handlers on the same frames: {@code bare}, {@code helmwatch} ({@link
 * InformerHandoff} into a {@link Watcher}, default policy, a synchronous sink that only keeps the event),
 * {@code seedLiteral} ({@link SeedLiteralBaseline#processEvent}), each primed with the initial list.
 *
 * <p>Arguments: {@code components} (default 10000), {@code transitionEvery} (default 0: pure churn), rounds of
 * 100,000 updates per handler (default 8). Prints each round; the last rounds are the settled figure, handler
 * cost above {@code bare}.
 */
public final class FreshHandleMeasurement {
  private static final int UPDATES_PER_ROUND = 100_000;

  private FreshHandleMeasurement() {}

  public static void main(String[] args) {
    int components = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int transitionEvery = args.length > 1 ? Integer.parseInt(args[1]) : 0;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 8;

    Object[] consumed = new Object[1];
    CapturedListenerSource source = new CapturedListenerSource();
    Watcher watcher = Watcher.builder(source).namePrefix("bp-").sink(event -> consumed[0] = event).continuous()
        .build();
    ReleaseSource.Listener listener = source.start(watcher);
    InformerHandoff handoff = new InformerHandoff(listener);
    SeedLiteralBaseline seed = new SeedLiteralBaseline(event -> consumed[0] = event);

    String[] names = {"bare", "helmwatch", "seedLiteral"};
    List<Consumer<GenericKubernetesResource>> handlers =
        List.of(object -> consumed[0] = object, handoff::deliver, seed::processEvent);
    WatchEventFrames[] frames = new WatchEventFrames[handlers.size()];
    for (int h = 0; h < handlers.size(); h++) {
      frames[h] = new WatchEventFrames(components, transitionEvery);
      for (int c = 0; c < components; c++) {
        handlers.get(h).accept(WatchEventFrames.decode(frames[h].initial(c)));
      }
    }
    listener.synced();

    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    System.out.printf("%d components, transitionEvery %d: handler thread CPU per update, object decoded just"
        + " before%n", components, transitionEvery);
    for (int r = 0; r < rounds; r++) {
      double[] perUpdate = new double[handlers.size()];
      for (int h = 0; h < handlers.size(); h++) {
        Consumer<GenericKubernetesResource> handler = handlers.get(h);
        long handling = 0;
        for (int i = 0; i < UPDATES_PER_ROUND; i++) {
          GenericKubernetesResource object = WatchEventFrames.decode(frames[h].next());
          long before = threads.getCurrentThreadCpuTime();
          handler.accept(object);
          handling += threads.getCurrentThreadCpuTime() - before;
        }
        perUpdate[h] = handling / (double) UPDATES_PER_ROUND;
      }
      double helmwatch = perUpdate[1] - perUpdate[0];
      double original = perUpdate[2] - perUpdate[0];
      System.out.printf("round %d: %s %,.0f ns, %s %,.0f ns, %s %,.0f ns; above bare: helmwatch %,.0f ns,"
          + " original %,.0f ns, original/helmwatch %.1fx%n", r, names[0], perUpdate[0], names[1], perUpdate[1],
          names[2], perUpdate[2], helmwatch, original, original / helmwatch);
    }
    System.out.println(watcher.stats());
    watcher.close();
    handoff.checkWellFormed();
  }
}
