package io.helmwatch.cli;

import io.helmwatch.core.ComponentEvent;
import io.helmwatch.core.WatchNotice;
import io.helmwatch.core.WatchResult;
import io.helmwatch.core.sink.JsonLinesSink;
import java.io.PrintWriter;

/** The JSON lines schema of {@link JsonLinesSink} on standard output; remarks go to standard error. */
final class JsonlOutput implements Output {
  private final JsonLinesSink sink;
  private final PrintWriter err;

  JsonlOutput(PrintWriter out, PrintWriter err) {
    this.sink = JsonLinesSink.to(out);
    this.err = err;
  }

  @Override
  public void onEvent(ComponentEvent event) {
    sink.onEvent(event);
  }

  @Override
  public void onNotice(WatchNotice notice) {
    sink.onNotice(notice);
  }

  @Override
  public void onOutcome(WatchResult result) {
    sink.onOutcome(result);
  }

  @Override
  public void banner(String text) {
    err.println(text);
    err.flush();
  }

  @Override
  public String name() {
    return "jsonl";
  }
}
