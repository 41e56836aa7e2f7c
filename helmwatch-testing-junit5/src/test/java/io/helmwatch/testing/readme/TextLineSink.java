package io.helmwatch.testing.readme;

import io.helmwatch.core.ComponentEvent;
import io.helmwatch.core.EventSink;
import io.helmwatch.core.sink.RetryableSinkException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;

/** The README's custom sink: one human-readable line per event. */
public final class TextLineSink implements EventSink {
  private final Writer out;

  public TextLineSink(Writer out) {
    this.out = out;
  }

  @Override
  public void onEvent(ComponentEvent e) {
    try {
      out.write(e.component() + " " + e.state().wireName() + " " + e.message().replace('\n', ' ') + "\n");
      out.flush();
    } catch (IOException ex) {
      throw new RetryableSinkException("cannot write: " + ex.getMessage(), ex); // the lane retries
    }
  }

  @Override
  public void close() {
    try {
      out.close();
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }
}
