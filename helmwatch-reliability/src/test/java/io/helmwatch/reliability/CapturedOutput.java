package io.helmwatch.reliability;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Captures what is written to {@code System.err} and {@code System.out} (slf4j-simple writes to the
 * former, resolving it on every write) while still passing it through. Restores both on close.
 */
final class CapturedOutput implements AutoCloseable {
  private final PrintStream err = System.err;
  private final PrintStream out = System.out;
  private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

  private CapturedOutput() {
    System.setErr(new PrintStream(new Tee(err, captured), true, StandardCharsets.UTF_8));
    System.setOut(new PrintStream(new Tee(out, captured), true, StandardCharsets.UTF_8));
  }

  static CapturedOutput start() {
    return new CapturedOutput();
  }

  String text() {
    synchronized (captured) {
      return captured.toString(StandardCharsets.UTF_8);
    }
  }

  @Override
  public void close() {
    System.setErr(err);
    System.setOut(out);
  }

  private static final class Tee extends OutputStream {
    private final OutputStream passThrough;
    private final ByteArrayOutputStream copy;

    Tee(OutputStream passThrough, ByteArrayOutputStream copy) {
      this.passThrough = passThrough;
      this.copy = copy;
    }

    @Override
    public void write(int b) throws java.io.IOException {
      synchronized (copy) {
        copy.write(b);
      }
      passThrough.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws java.io.IOException {
      synchronized (copy) {
        copy.write(b, off, len);
      }
      passThrough.write(b, off, len);
    }
  }
}
