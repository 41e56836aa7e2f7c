package io.helmwatch.benchmarks;

import io.helmwatch.core.ComponentEvent;
import io.helmwatch.core.ComponentId;
import io.helmwatch.core.ComponentState;
import io.helmwatch.core.EmissionCause;
import io.helmwatch.core.EventLevel;
import io.helmwatch.core.ReleaseKey;
import io.helmwatch.jobs.FileJobStore;
import io.helmwatch.jobs.JobsBridge;
import io.helmwatch.jobs.LogLine;
import io.helmwatch.jobs.LogPage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * What a {@link JobsBridge} over a {@link FileJobStore} costs on a real disk, with every fsync the store
 * makes. Not JMH: the figures are dominated by fsync latency, which one number per run states well enough.
 *
 * <ul>
 *   <li><b>events/s</b>: {@code components} jobs are created (not timed), then {@code rounds} rounds in which
 *       every component goes installing then installed: each event appends its line and records the job
 *       (opening or finishing an execution), so every event is durable before the next.
 *   <li><b>page read</b>: one execution with {@code lines} log lines; the mean time of reading a page of 50
 *       lines at its start and at its end.
 * </ul>
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.helmwatch.benchmarks.FileJobStoreMeasurement \
 *     [dir] [components=200] [rounds=5] [lines=100000]
 * </pre>
 *
 * <p>{@code dir} (default: a new directory under the system temp directory, removed afterwards) must be on
 * the disk to measure; a tmpfs makes fsync free.
 */
public final class FileJobStoreMeasurement {
  private static final int PAGE = 50;
  private static final int PAGE_READS = 200;

  private FileJobStoreMeasurement() {}

  public static void main(String[] args) throws IOException {
    Path dir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("helmwatch-jobstore-");
    int components = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    int lines = args.length > 3 ? Integer.parseInt(args[3]) : 100_000;
    try {
      events(dir.resolve("events"), components, rounds);
      pages(dir.resolve("pages"), lines);
    } finally {
      if (args.length == 0) {
        delete(dir);
      }
    }
  }

  private static void events(Path root, int components, int rounds) {
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    try (FileJobStore store = FileJobStore.open(root)) {
      JobsBridge bridge = JobsBridge.builder(store, "bench").build();
      for (int c = 0; c < components; c++) {
        bridge.onEvent(event(c, ComponentState.PENDING, t));
      }
      long start = System.nanoTime();
      for (int r = 0; r < rounds; r++) {
        for (int c = 0; c < components; c++) {
          bridge.onEvent(event(c, ComponentState.INSTALLING, t));
          bridge.onEvent(event(c, ComponentState.INSTALLED, t));
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      int events = 2 * rounds * components;
      System.out.printf("FileJobStore events: %d components, %d events in %.2f s: %.0f events/s%n",
          components, events, seconds, events / seconds);
    }
  }

  private static void pages(Path root, int lines) {
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    try (FileJobStore store = FileJobStore.open(root)) {
      JobsBridge bridge = JobsBridge.builder(store, "bench").build();
      bridge.onEvent(event(0, ComponentState.INSTALLING, t));
      String job = bridge.jobName(ComponentId.of("c0"));
      for (int i = 1; i < lines; i++) {
        store.appendLine("bench", job, 1, new LogLine(t, EventLevel.INFO, "helm-controller line " + i
            + ": reconciling chart, waiting for resources to become ready"));
      }
      long total = store.lines("bench", job, 1, 0, 1).total();
      double first = pageMicros(store, job, 0);
      double last = pageMicros(store, job, total - PAGE);
      System.out.printf("FileJobStore page read: %d lines, %d-line page: first %.0f us, last %.0f us%n",
          total, PAGE, first, last);
    }
  }

  private static double pageMicros(FileJobStore store, String job, long offset) {
    long start = System.nanoTime();
    long sink = 0;
    for (int i = 0; i < PAGE_READS; i++) {
      LogPage page = store.lines("bench", job, 1, offset, PAGE);
      sink += page.lines().size();
    }
    if (sink != (long) PAGE * PAGE_READS) {
      throw new IllegalStateException("short pages: " + sink);
    }
    return (System.nanoTime() - start) / 1e3 / PAGE_READS;
  }

  private static ComponentEvent event(int component, ComponentState state, Instant t) {
    String id = "c" + component;
    return new ComponentEvent(ComponentId.of(id), ReleaseKey.of("flux-system", id), state, null,
        EmissionCause.TRANSITION, EventLevel.of(state), "state " + state.wireName(), t, List.of());
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
