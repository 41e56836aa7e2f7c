package io.helmwatch.support;

/**
 * Used heap after forced collections: the figure retained-memory measurements compare.
 *
 * @since 0.1
 */
public final class UsedHeap {
  private UsedHeap() {}

  /**
   * Used heap in bytes after five {@link System#gc()} calls, the smallest reading taken: one collection
   * may leave objects that the next frees.
   */
  public static long afterGc() {
    Runtime rt = Runtime.getRuntime();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      used = Math.min(used, rt.totalMemory() - rt.freeMemory());
    }
    return used;
  }
}
