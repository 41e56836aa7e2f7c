package io.helmwatch.cli;

import io.helmwatch.core.ComponentEvent;
import io.helmwatch.core.ComponentId;
import io.helmwatch.core.ComponentState;
import io.helmwatch.core.WatchNotice;
import io.helmwatch.core.WatchResult;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A live table for terminals, redrawn in place: a header with counts and elapsed time, then one row per
 * component (state in colour, time since its last change, message). Notices print above the table; a
 * component reported stuck shows {@code [stuck]} before its message until its next event. Over
 * several clusters the rows are grouped by cluster, each group under a line naming it.
 */
final class TableOutput implements Output {
  private static final String RESET = "\u001b[0m";

  private final PrintWriter out;
  private final Clock clock;
  private final Instant started;
  private final Map<ComponentId, Row> rows = new LinkedHashMap<>();
  private final List<String> clusterOrder;
  private final List<String> notices = new ArrayList<>();
  private int drawnLines;
  private int expected;

  /** {@code stuck}: a stuck notice came for the component since its last event. */
  private record Row(String cluster, ComponentState state, Instant since, String message, boolean stuck) {}

  /**
   * {@code clusterOrder}: the order of the groups; a cluster not in it comes after those that are, by name, so
   * that the table reads the same however the clusters' events interleave.
   */
  TableOutput(PrintWriter out, Clock clock, int expected, List<String> clusterOrder) {
    this.clusterOrder = List.copyOf(clusterOrder);
    this.out = out;
    this.clock = clock;
    this.started = clock.instant();
    this.expected = expected;
  }

  @Override
  public synchronized void onEvent(ComponentEvent e) {
    if (e.state() == ComponentState.REMOVED) {
      rows.remove(e.component());
    } else {
      rows.put(e.component(),
          new Row(e.release().cluster(), e.state(), e.time(), Text.oneLine(e.message()), false));
    }
    redraw();
  }

  private int byClusterOrder(String a, String b) {
    int i = clusterOrder.indexOf(a);
    int j = clusterOrder.indexOf(b);
    if (i >= 0 || j >= 0) {
      return i < 0 ? 1 : j < 0 ? -1 : Integer.compare(i, j);
    }
    return a.compareTo(b);
  }

  @Override
  public synchronized void onNotice(WatchNotice n) {
    notices.add(n.level().name() + " " + Text.oneLine(n.message()));
    ComponentId component = n.component();
    Row row = component == null ? null : rows.get(component);
    if (n.kind() == WatchNotice.Kind.STUCK && row != null) {
      rows.put(component, new Row(row.cluster(), row.state(), row.since(), row.message(), true));
    }
    redraw();
  }

  @Override
  public synchronized void onOutcome(WatchResult result) {
    redraw();
    out.println(Text.summary(result));
    out.flush();
    drawnLines = 0;
  }

  @Override
  public synchronized void banner(String text) {
    notices.add("-- " + text);
    redraw();
  }

  /** Redraws so the elapsed time moves between events. */
  synchronized void tick() {
    if (drawnLines > 0) {
      redraw();
    }
  }

  @Override
  public String name() {
    return "table";
  }

  private void redraw() {
    StringBuilder s = new StringBuilder();
    if (drawnLines > 0) {
      s.append("\u001b[").append(drawnLines).append('F').append("\u001b[J");
    }
    for (String notice : notices) {
      s.append(notice).append('\n');
    }
    notices.clear();
    List<String> lines = new ArrayList<>();
    lines.add(header());
    lines.add(String.format("%-28s %-11s %8s  %s", "COMPONENT", "STATE", "SINCE", "MESSAGE"));
    Instant now = clock.instant();
    List<String> clusters = rows.values().stream().map(Row::cluster).distinct().sorted(this::byClusterOrder)
        .toList();
    for (String cluster : clusters) {
      if (clusters.size() > 1) {
        lines.add("cluster " + cluster);
      }
      rows.forEach((id, row) -> {
        if (row.cluster().equals(cluster)) {
          lines.add(String.format("%-28s %s%-11s%s %8s  %s", id, colour(row.state()), row.state().wireName(), RESET,
              clockTime(Duration.between(row.since(), now)), (row.stuck() ? "[stuck] " : "") + row.message()));
        }
      });
    }
    for (String line : lines) {
      s.append(line).append('\n');
    }
    drawnLines = lines.size();
    out.print(s);
    out.flush();
  }

  private String header() {
    Map<ComponentState, Integer> counts = new EnumMap<>(ComponentState.class);
    rows.values().forEach(r -> counts.merge(r.state(), 1, Integer::sum));
    int total = Math.max(expected, rows.size());
    return String.format("%d/%d installed, %d installing, %d failed, %s elapsed",
        counts.getOrDefault(ComponentState.INSTALLED, 0), total,
        counts.getOrDefault(ComponentState.INSTALLING, 0), counts.getOrDefault(ComponentState.FAILED, 0),
        clockTime(Duration.between(started, clock.instant())));
  }

  static String clockTime(Duration d) {
    long seconds = Math.max(0, d.getSeconds());
    return seconds >= 3600
        ? String.format("%d:%02d:%02d", seconds / 3600, (seconds / 60) % 60, seconds % 60)
        : String.format("%02d:%02d", seconds / 60, seconds % 60);
  }

  private static String colour(ComponentState state) {
    return switch (state) {
      case INSTALLED -> "\u001b[32m";
      case INSTALLING -> "\u001b[36m";
      case DEGRADED -> "\u001b[33m";
      case FAILED -> "\u001b[31m";
      case SUSPENDED -> "\u001b[35m";
      case PENDING, REMOVED -> "\u001b[2m";
    };
  }
}
