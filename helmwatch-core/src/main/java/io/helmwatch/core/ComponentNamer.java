package io.helmwatch.core;

import java.util.Objects;

/**
 * Gives each watched object the id users see. Called once per component, not per update.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface ComponentNamer {

  ComponentId name(ReleaseKey key);

  /**
   * The object's name; qualified with its cluster ({@code sin-2:reloader}) outside the {@link
   * ReleaseKey#PRIMARY primary} cluster.
   */
  static ComponentNamer releaseName() {
    return key -> ComponentId.qualified(key.cluster(), key.name());
  }

  /** Like {@link #releaseName()}, with {@code prefix} removed from names that start with it. */
  static ComponentNamer stripPrefix(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    return key -> ComponentId.qualified(key.cluster(), stripped(key.name(), prefix));
  }

  /**
   * Ids unique across namespaces: {@code namespace/name} ({@code dev/podinfo}, {@code staging/podinfo}),
   * qualified with the cluster outside the primary ({@code sin-2:dev/podinfo}). The default when the
   * source watches more than one namespace.
   */
  static ComponentNamer namespaced() {
    return namespaced("");
  }

  /** Like {@link #namespaced()}, with {@code prefix} removed from names that start with it. */
  static ComponentNamer namespaced(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    return key -> ComponentId.qualified(key.cluster(), key.namespace() + "/" + stripped(key.name(), prefix));
  }

  private static String stripped(String name, String prefix) {
    return name.startsWith(prefix) && name.length() > prefix.length() ? name.substring(prefix.length()) : name;
  }
}
