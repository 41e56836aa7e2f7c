package io.helmwatch.core;

import io.helmwatch.core.internal.Checks;

/**
 * Identity of one watched object: the cluster it lives in, its namespace and its name.
 *
 * @param cluster the name the source gives its cluster ({@value #PRIMARY} for a single cluster)
 * @param namespace the object's namespace
 * @param name the object's name
 * @since 0.1
 */
public record ReleaseKey(String cluster, String namespace, String name) {

  /** The cluster name of a single-cluster setup; components of this cluster keep unqualified ids. */
  public static final String PRIMARY = "primary";

  public ReleaseKey {
    Checks.notBlank(cluster, "cluster");
    Checks.notBlank(namespace, "namespace");
    Checks.notBlank(name, "name");
  }

  /** A key in the {@value #PRIMARY} cluster. */
  public static ReleaseKey of(String namespace, String name) {
    return new ReleaseKey(PRIMARY, namespace, name);
  }

  /** {@code cluster/namespace/name}. */
  @Override
  public String toString() {
    return cluster + "/" + namespace + "/" + name;
  }
}
