package io.helmwatch.cli;

import io.helmwatch.core.ComponentEvent;
import io.helmwatch.core.ComponentId;
import io.helmwatch.core.ComponentState;
import io.helmwatch.core.WatchNotice;
import io.helmwatch.core.WatchResult;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One line per event, no escape codes: for logs and pipelines.
 *
 * <pre>
 * 2026-05-15T19:16:02Z cilium            pending -> installing  Running 'install' action
 * 2026-05-15T19:26:02Z cilium            stuck  cilium (flux-system/cilium) has been installing for 10m ...
 * </pre>
 *
 * A notice about one component ({@code stuck}) is written under the component's name, others under
 * {@code (watch)}. The outcome line is followed by one line per failed component with the message of its
 * last event, the error that failed it:
 *
 * <pre>
 * outcome: failed (2 components: 1 installed, 1 failed)
 *   gitea: upgrade attempt 3 of 3 failed: UpgradeFailed: Helm upgrade failed ...
 * </pre>
 */
final class PlainOutput implements Output {
  private final PrintWriter out;
  private final Map<ComponentId, String> lastMessages = new ConcurrentHashMap<>();

  PlainOutput(PrintWriter out) {
    this.out = out;
  }

  @Override
  public void onEvent(ComponentEvent e) {
    String from = e.previous() == null ? "-" : e.previous().wireName();
    java.time.Duration recovered = e.recovered();
    out.printf("%s %-24s %s -> %s  %s%s%n", Text.time(e.time()), e.component(), from,
        e.state().wireName(), Text.oneLine(e.message()),
        recovered == null ? "" : " (recovered after " + Text.duration(recovered) + ")");
    lastMessages.put(e.component(), e.message());
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
    result.states().forEach((component, state) -> {
      if (state == ComponentState.FAILED) {
        out.println("  " + component + ": " + Text.oneLine(lastMessages.getOrDefault(component, "")));
      }
    });
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
