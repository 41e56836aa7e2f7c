package io.helmwatch.cli;

import io.helmwatch.core.ComponentEvent;
import io.helmwatch.core.EventSink;
import io.helmwatch.core.WatchNotice;
import io.helmwatch.core.WatchOutcome;
import io.helmwatch.core.WatchResult;

/** What the program prints: events, notices and the outcome, plus its own remarks. */
interface Output extends EventSink {

  /** A remark of the program itself (the demo's watcher restart, where the jobs table is). */
  void banner(String text);

  /**
   * This output as one watcher's primary sink: it does not close the output when that watcher closes, and
   * hides the {@code cancelled} outcome of a watcher the program replaced on purpose.
   */
  default EventSink forWatcher() {
    Output self = this;
    return new EventSink() {
      @Override
      public void onEvent(ComponentEvent event) {
        self.onEvent(event);
      }

      @Override
      public void onNotice(WatchNotice notice) {
        self.onNotice(notice);
      }

      @Override
      public void onOutcome(WatchResult result) {
        if (result.outcome() != WatchOutcome.CANCELLED) {
          self.onOutcome(result);
        }
      }

      @Override
      public String name() {
        return self.name();
      }
    };
  }
}
