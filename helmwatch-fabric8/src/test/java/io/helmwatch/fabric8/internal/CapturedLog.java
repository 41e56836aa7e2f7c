package io.helmwatch.fabric8.internal;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * What slf4j-simple writes while open: it looks {@code System.err} up on every line, so swapping the stream
 * is enough. The lines still reach the real stream, so a failing test's output stays readable.
 */
final class CapturedLog implements AutoCloseable {
  private final PrintStream original = System.err;
  private final ByteArrayOutputStream copy = new ByteArrayOutputStream();

  private CapturedLog() {
    System.setErr(new PrintStream(new FilterOutputStream(original) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        synchronized (copy) {
          copy.write(b, off, len);
        }
        out.write(b, off, len);
      }

      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }
    }, true, StandardCharsets.UTF_8));
  }

  static CapturedLog start() {
    return new CapturedLog();
  }

  String text() {
    synchronized (copy) {
      return copy.toString(StandardCharsets.UTF_8);
    }
  }

  @Override
  public void close() {
    System.setErr(original);
  }
}
