package io.helmwatch.jobs;

import java.util.List;

/**
 * A page of an {@link Execution}'s log lines.
 *
 * @param lines the lines from {@code offset}, at most the limit asked for
 * @param offset the index of the first line in the page
 * @param total how many lines the execution has
 * @since 0.1
 */
public record LogPage(List<LogLine> lines, long offset, long total) {

  public LogPage {
    lines = List.copyOf(lines);
  }

  /** {@code true} when lines follow this page. */
  public boolean hasMore() {
    return offset + lines.size() < total;
  }

  /** The offset of the next page. */
  public long nextOffset() {
    return offset + lines.size();
  }
}
