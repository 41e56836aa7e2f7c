package io.helmwatch.moduletests;

import io.helmwatch.core.ComponentEvent;
import io.helmwatch.core.ComponentSnapshot;
import io.helmwatch.core.EventSink;
import io.helmwatch.core.WatchNotice;
import io.helmwatch.core.WatchResult;
import java.util.ArrayList;
import java.util.List;

/** A user's own sink, in the user's module: one line per delivery, kept in memory. Thread-safe. */
public final class LinesSink implements EventSink {
  private final List<String> lines = new ArrayList<>();

  @Override
  public synchronized void onEvent(ComponentEvent e) {
    lines.add("event " + e.component() + " " + e.state().wireName() + " " + e.message().replace('\n', ' '));
  }

  @Override
  public synchronized void onNotice(WatchNotice notice) {
    lines.add("notice " + notice.kind() + " " + notice.message().replace('\n', ' '));
  }

  @Override
  public synchronized void onSnapshot(List<ComponentSnapshot> snapshot) {
    lines.add("snapshot " + snapshot.size());
  }

  @Override
  public synchronized void onOutcome(WatchResult result) {
    lines.add("outcome " + result.outcome());
  }

  @Override
  public String name() {
    return "lines";
  }

  /** The lines so far, in the order delivered. */
  public synchronized List<String> lines() {
    return List.copyOf(lines);
  }
}
