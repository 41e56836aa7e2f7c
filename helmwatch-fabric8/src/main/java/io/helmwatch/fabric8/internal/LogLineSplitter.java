package io.helmwatch.fabric8.internal;

import io.helmwatch.fabric8.HelmControllerLogTailer;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link OutputStream} a pod log stream writes into: cuts the bytes into lines, decodes each into one
 * reused buffer, reads the kubelet's {@code timestamps=true} prefix ({@code 2024-05-01T10:00:00.123456789Z
 * }) and hands the rest to a {@link Lines} receiver as a {@link CharSequence} that is only valid during the
 * call. No object is created per line; a line longer than {@link #MAX_LINE_BYTES} is cut there.
 *
 * <p>Written by one thread at a time (fabric8 serialises a log watch's writes); never throws, so a bad line
 * cannot end the stream: what a receiver throws, but an {@link OutOfMemoryError}, is logged.
 */
final class LogLineSplitter extends OutputStream {
  private static final Logger log = LoggerFactory.getLogger(HelmControllerLogTailer.class);


  /** Longer lines keep their first bytes only: enough for any helm-controller line worth routing. */
  static final int MAX_LINE_BYTES = 1 << 20;

  /** Receives the lines of one stream. */
  interface Lines {
    /**
     * One line without its end of line.
     *
     * @param text valid only during this call
     * @param epochSecond the kubelet timestamp's seconds, or {@link Long#MIN_VALUE} when the line has none
     * @param nano the kubelet timestamp's nanoseconds
     */
    void line(CharSequence text, long epochSecond, int nano);
  }

  private final Lines lines;
  private final boolean timestamps;
  private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPLACE)
      .onUnmappableCharacter(CodingErrorAction.REPLACE);
  private byte[] bytes = new byte[512];
  private ByteBuffer in = ByteBuffer.wrap(bytes);
  private int length;
  private CharBuffer chars = CharBuffer.allocate(512);
  private volatile boolean closed;

  LogLineSplitter(Lines lines, boolean timestamps) {
    this.lines = lines;
    this.timestamps = timestamps;
  }

  @Override
  public void write(int b) {
    if (closed) {
      return;
    }
    if (b == '\n') {
      endLine();
    } else {
      append((byte) b);
    }
  }

  @Override
  public void write(byte[] b, int off, int len) {
    int end = off + len;
    int from = off;
    for (int i = off; i < end && !closed; i++) {
      if (b[i] == '\n') {
        appendRange(b, from, i);
        endLine();
        from = i + 1;
      }
    }
    if (!closed) {
      appendRange(b, from, end);
    }
  }

  /**
   * The bytes after the last end of line, decoded; valid until the next write. An error answer the API
   * server sends instead of a log has no end of line.
   */
  CharSequence remainder() {
    return decode(length);
  }

  /** Stops handing out lines; a partial last line is dropped (the stream was cut mid-line). */
  @Override
  public void close() {
    closed = true;
  }

  private void append(byte b) {
    if (length == MAX_LINE_BYTES) {
      return;
    }
    ensure(length + 1);
    bytes[length++] = b;
  }

  private void appendRange(byte[] b, int from, int to) {
    int n = Math.min(to - from, MAX_LINE_BYTES - length);
    if (n <= 0) {
      return;
    }
    ensure(length + n);
    System.arraycopy(b, from, bytes, length, n);
    length += n;
  }

  private void ensure(int capacity) {
    if (capacity > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.min(MAX_LINE_BYTES, Math.max(capacity, bytes.length * 2)));
      in = ByteBuffer.wrap(bytes);
    }
  }

  private void endLine() {
    int n = length;
    if (n > 0 && bytes[n - 1] == '\r') {
      n--;
    }
    length = 0;
    if (n == 0) {
      return;
    }
    CharBuffer text = decode(n);
    long second = Long.MIN_VALUE;
    int nano = 0;
    if (timestamps) {
      int space = indexOfSpace(text);
      long parsed = space > 0 ? KubeletTime.epochSecond(text, 0, space) : Long.MIN_VALUE;
      if (parsed != Long.MIN_VALUE) {
        second = parsed;
        nano = KubeletTime.nano(text, 0, space);
        text.position(space + 1);
      }
    }
    try {
      lines.line(text, second, nano);
    } catch (OutOfMemoryError e) {
      throw e;
    } catch (Throwable e) {
      // The receiver reports its own failures; one it did not must not end the stream unseen.
      log.warn("A log line could not be handled: {}", e.toString(), e);
    }
  }

  private CharBuffer decode(int n) {
    if (chars.capacity() < n) {
      chars = CharBuffer.allocate(Math.max(n, chars.capacity() * 2));
    }
    chars.clear();
    decoder.reset();
    in.clear();
    in.limit(n);
    decoder.decode(in, chars, true);
    decoder.flush(chars);
    chars.flip();
    return chars;
  }

  private static int indexOfSpace(CharBuffer text) {
    int limit = Math.min(text.length(), 40);
    for (int i = 0; i < limit; i++) {
      if (text.charAt(i) == ' ') {
        return i;
      }
    }
    return -1;
  }
}
