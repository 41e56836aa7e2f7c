package io.helmwatch.jobs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where each valid line of one execution's log file starts, so that {@link FileJobStore#lines} reads a page
 * by seeking to it instead of reading the whole file. Built by one pass over the file on first use, then
 * extended over whatever was appended since: each byte is scanned (and each line parsed) once.
 *
 * <p>A line counts when it ends with a newline and parses; an unreadable line and a last line without its
 * newline (an interrupted append) are skipped with a warning, as a reader of the whole file would. The
 * partial tail is rescanned on the next refresh, so once the store cuts it off and appends after it the
 * index carries on. Not thread-safe: the store's per-deployment lock guards it.
 */
final class LogFileIndex {
  private static final Logger log = LoggerFactory.getLogger(LogFileIndex.class);
  private static final int CHUNK = 64 * 1024;

  private final Path file;
  /** Warns once per file: the store's set of files already warned about. */
  private final Predicate<Path> firstWarning;
  private long[] starts = new long[64];
  private int count;
  /** Scanned up to here: just after the last complete line. */
  private long end;
  /** Complete lines scanned, valid or not, for the line numbers of warnings. */
  private long linesSeen;

  LogFileIndex(Path file, Predicate<Path> firstWarning) {
    this.file = file;
    this.firstWarning = firstWarning;
  }

  /** Extends the index over lines appended since the last call; returns the number of valid lines. */
  long refresh(FileChannel ch) throws IOException {
    long size = ch.size();
    if (size < end) {
      // Shorter than what was indexed: the file was replaced; start over.
      count = 0;
      end = 0;
      linesSeen = 0;
    }
    end = forEachLine(ch, end, size, (start, line, len) -> {
      accept(start, line, len);
      return true;
    });
    if (end < size && firstWarning.test(file)) {
      log.warn("Skipped the last line of {}: it is incomplete ({} bytes without a newline), left by an"
          + " interrupted append", file, size - end);
    }
    return count;
  }

  /** Up to {@code limit} valid lines from valid line {@code offset}, reading only the bytes they span. */
  List<LogLine> read(FileChannel ch, long offset, int limit) throws IOException {
    List<LogLine> page = new ArrayList<>(Math.min(limit, 256));
    if (offset >= count) {
      return page;
    }
    int to = (int) Math.min(count, offset + limit);
    int[] k = {(int) offset};
    forEachLine(ch, starts[k[0]], end, (start, line, len) -> {
      // Unreadable lines between two valid ones do not start at an indexed offset: skipped.
      if (start == starts[k[0]]) {
        page.add(JobCodec.readLine(new String(line, 0, len, StandardCharsets.UTF_8)));
        k[0]++;
      }
      return k[0] < to;
    });
    if (k[0] < to) {
      throw new IOException(file + " is shorter than its indexed lines");
    }
    return page;
  }

  /** Receives one complete line: where it starts and its bytes without the newline. */
  @FunctionalInterface
  private interface LineVisitor {
    /** @return {@code false} to stop */
    boolean line(long start, byte[] bytes, int length);
  }

  /**
   * Calls {@code visitor} with each complete line of {@code ch} between {@code from} and {@code until}, in
   * chunks, until it returns {@code false}; returns where the first line not visited starts.
   */
  private static long forEachLine(FileChannel ch, long from, long until, LineVisitor visitor)
      throws IOException {
    ByteBuffer buf = ByteBuffer.allocate((int) Math.min(CHUNK, Math.max(1, until - from)));
    byte[] line = new byte[256];
    int len = 0;
    long pos = from;
    long lineStart = from;
    while (pos < until) {
      buf.clear();
      int n = ch.read(buf, pos);
      if (n <= 0) {
        break;
      }
      byte[] a = buf.array();
      for (int i = 0; i < n; i++) {
        if (a[i] != '\n') {
          if (len == line.length) {
            line = Arrays.copyOf(line, len * 2);
          }
          line[len++] = a[i];
          continue;
        }
        boolean more = visitor.line(lineStart, line, len);
        lineStart = pos + i + 1;
        len = 0;
        if (!more) {
          return lineStart;
        }
      }
      pos += n;
    }
    return lineStart;
  }

  private void accept(long start, byte[] line, int len) {
    linesSeen++;
    try {
      JobCodec.readLine(new String(line, 0, len, StandardCharsets.UTF_8));
    } catch (RuntimeException e) {
      if (firstWarning.test(file)) {
        log.warn("Skipped unreadable line {} of {}: {}", linesSeen, file, e.getMessage());
      }
      return;
    }
    if (count == starts.length) {
      starts = Arrays.copyOf(starts, count * 2);
    }
    starts[count++] = start;
  }
}
