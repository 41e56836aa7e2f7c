package io.helmwatch.core;

import io.helmwatch.core.internal.Checks;

/**
 * The stable id a user sees for a component: {@code cilium}, or {@code sin-2:reloader} for a component of a
 * secondary cluster.
 *
 * @param value the id
 * @since 0.1
 */
public record ComponentId(String value) implements Comparable<ComponentId> {

  public ComponentId {
    Checks.notBlank(value, "component id");
  }

  public static ComponentId of(String value) {
    return new ComponentId(value);
  }

  /** {@code name} in the {@link ReleaseKey#PRIMARY primary} cluster, {@code cluster:name} elsewhere. */
  public static ComponentId qualified(String cluster, String name) {
    return ReleaseKey.PRIMARY.equals(cluster) ? new ComponentId(name) : new ComponentId(cluster + ":" + name);
  }

  @Override
  public int compareTo(ComponentId other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
