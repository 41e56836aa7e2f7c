package io.helmwatch.core;

import java.util.Objects;

/**
 * Decides which objects a watcher follows. Called before any derivation work for objects it has not
 * accepted yet, so it must be cheap.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface ReleaseFilter {

  boolean accept(ReleaseKey key);

  /** Every object. */
  static ReleaseFilter all() {
    return key -> true;
  }

  /** Objects whose name starts with {@code prefix}. */
  static ReleaseFilter namePrefix(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    return key -> key.name().startsWith(prefix);
  }
}
