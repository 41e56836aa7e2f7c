package io.helmwatch.cli;

import io.helmwatch.core.ComponentEvent;
import io.helmwatch.core.ComponentId;
import io.helmwatch.core.WatchNotice;
import io.helmwatch.core.WatchResult;
import java.io.PrintWriter;

/**
 * One line per event, no escape codes: for logs and pipelines.
 *
 * <pre>
 * 2026-05-15T19:16:02Z cilium            pending -> installing  Running 'install' action
 * 2026-05-15T19:26:02Z cilium            stuck  cilium (flux-system/cilium) has been installing for 10m ...
 * </pre>
 *
 * A notice about one component ({@code stuck}) is written under the component's name, others under
 * {@code (watch)}.
 */
final class PlainOutput implements Output {
  private final PrintWriter out;

  PlainOutput(PrintWriter out) {
    this.out = out;
  }

  @Override
  public void onEvent(ComponentEvent e) {
    String from = e.previous() == null ? "-" : e.previous().wireName();
    out.printf("%s %-24s %s -> %s  %s%n", Text.time(e.time()), e.component(), from,
        e.state().wireName(), Text.oneLine(e.message()));
    out.flush();
  }

  @Override
  public void onNotice(WatchNotice n) {
    ComponentId component = n.component();
    String level = n.level().name().toLowerCase(java.util.Locale.ROOT);
    out.printf("%s %-24s %s  %s%n", Text.time(n.time()), component == null ? "(watch)" : component.value(),
        n.kind() == WatchNotice.Kind.STUCK ? "stuck" : level, Text.oneLine(n.message()));
    out.flush();
  }

  @Override
  public void onOutcome(WatchResult result) {
    out.println(Text.summary(result));
    out.flush();
  }

  @Override
  public void banner(String text) {
    out.println("-- " + text);
    out.flush();
  }

  @Override
  public String name() {
    return "plain";
  }
}
