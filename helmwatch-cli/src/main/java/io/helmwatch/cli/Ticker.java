package io.helmwatch.cli;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Redraws a live table once a second so its clocks move between events; nothing for other outputs. */
final class Ticker implements AutoCloseable {
  private final ScheduledExecutorService executor;

  private Ticker(ScheduledExecutorService executor) {
    this.executor = executor;
  }

  static Ticker start(Output output) {
    ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "helmwatch-table-ticker");
      t.setDaemon(true);
      return t;
    });
    if (output instanceof TableOutput table) {
      executor.scheduleAtFixedRate(table::tick, 1, 1, TimeUnit.SECONDS);
    }
    return new Ticker(executor);
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
