package io.helmwatch.testing;

import io.helmwatch.core.Condition;
import io.helmwatch.core.ReleaseKey;
import io.helmwatch.core.ReleaseObservation;
import io.helmwatch.core.flux.FluxHelmReleaseDeriver;
import io.helmwatch.core.flux.FluxReasons;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An immutable HelmRelease fixture that reads like the object it stands for. Every {@code with}-style
 * method returns a new fixture. Conditions written by {@link #ready}, {@link #notReady}, {@link
 * #readyUnknown} and {@link #stalled} describe the current generation, as helm-controller writes them;
 * {@link #bumpGeneration()} makes them stale.
 *
 * <pre>{@code
 * HelmRelease cilium = HelmReleases.named("bp-cilium")
 *     .ready("InstallSucceeded", "Helm install succeeded for release kube-system/cilium.v1");
 * }</pre>
 */
public final class HelmRelease {
  private final String cluster;
  private final String namespace;
  private final String name;
  private final long generation;
  private final long observedGeneration;
  private final List<Condition> conditions;
  private final List<String> dependsOn;
  private final boolean suspended;
  private final boolean deleting;
  private final Instant time;
  private final long reconciles;

  HelmRelease(
      String cluster,
      String namespace,
      String name,
      long generation,
      long observedGeneration,
      List<Condition> conditions,
      List<String> dependsOn,
      boolean suspended,
      boolean deleting,
      Instant time,
      long reconciles) {
    this.cluster = cluster;
    this.namespace = namespace;
    this.name = name;
    this.generation = generation;
    this.observedGeneration = observedGeneration;
    this.conditions = List.copyOf(conditions);
    this.dependsOn = List.copyOf(dependsOn);
    this.suspended = suspended;
    this.deleting = deleting;
    this.time = time;
    this.reconciles = reconciles;
  }

  public String name() {
    return name;
  }

  public String namespace() {
    return namespace;
  }

  public String cluster() {
    return cluster;
  }

  public long generation() {
    return generation;
  }

  public long observedGeneration() {
    return observedGeneration;
  }

  public List<Condition> conditions() {
    return conditions;
  }

  public List<String> dependsOn() {
    return dependsOn;
  }

  public boolean suspended() {
    return suspended;
  }

  public boolean isDeleting() {
    return deleting;
  }

  /**
   * {@code status.lastHandledReconcileAt}: helm-controller bumps it on every reconcile, with nothing else
   * changing; empty before the first {@link #touch()}.
   */
  public String lastHandledReconcileAt() {
    return reconciles == 0 ? "" : "reconcile-" + reconciles;
  }

  /** A status patch that changes nothing derived: only {@link #lastHandledReconcileAt()} moves. */
  public HelmRelease touch() {
    return new HelmRelease(cluster, namespace, name, generation, observedGeneration, conditions, dependsOn,
        suspended, deleting, time, reconciles + 1);
  }

  /** The time stamped on conditions written from now on. */
  public Instant time() {
    return time;
  }

  public ReleaseKey key() {
    return new ReleaseKey(cluster, namespace, name);
  }

  /** {@code metadata.namespace}. Default {@code flux-system}. */
  public HelmRelease inNamespace(String namespace) {
    return new HelmRelease(cluster, namespace, name, generation, observedGeneration, conditions, dependsOn,
        suspended, deleting, time, reconciles);
  }

  /** The cluster it lives in. Default {@link ReleaseKey#PRIMARY}. */
  public HelmRelease inCluster(String cluster) {
    return new HelmRelease(cluster, namespace, name, generation, observedGeneration, conditions, dependsOn,
        suspended, deleting, time, reconciles);
  }

  /** {@code spec.dependsOn}, names in the same namespace. */
  public HelmRelease dependsOn(String... names) {
    return new HelmRelease(cluster, namespace, name, generation, observedGeneration, conditions,
        List.of(names), suspended, deleting, time, reconciles);
  }

  /** Conditions written from now on carry {@code time} as their {@code lastTransitionTime}. */
  public HelmRelease at(Instant time) {
    return new HelmRelease(cluster, namespace, name, generation, observedGeneration, conditions, dependsOn,
        suspended, deleting, Objects.requireNonNull(time, "time"), reconciles);
  }

  /** {@code metadata.generation}. */
  public HelmRelease generation(long generation) {
    return new HelmRelease(cluster, namespace, name, generation, observedGeneration, conditions, dependsOn,
        suspended, deleting, time, reconciles);
  }

  /** {@code status.observedGeneration}. */
  public HelmRelease observedGeneration(long observedGeneration) {
    return new HelmRelease(cluster, namespace, name, generation, observedGeneration, conditions, dependsOn,
        suspended, deleting, time, reconciles);
  }

  /** A spec change: {@code metadata.generation + 1}; the status still describes the old generation. */
  public HelmRelease bumpGeneration() {
    return generation(generation + 1);
  }

  /** {@code spec.suspend}. */
  public HelmRelease suspended(boolean suspended) {
    return new HelmRelease(cluster, namespace, name, generation, observedGeneration, conditions, dependsOn,
        suspended, deleting, time, reconciles);
  }

  /** {@code metadata.deletionTimestamp} set. */
  public HelmRelease markedForDeletion() {
    return new HelmRelease(cluster, namespace, name, generation, observedGeneration, conditions, dependsOn,
        suspended, true, time, reconciles);
  }

  /** {@code Ready=True} with {@code reason} and {@code message}, for the current generation. */
  public HelmRelease ready(String reason, String message) {
    return withCondition(FluxHelmReleaseDeriver.READY, Condition.TRUE, reason, message);
  }

  /** {@code Ready=True}, {@code InstallSucceeded}. */
  public HelmRelease installed() {
    return ready(FluxReasons.INSTALL_SUCCEEDED, "Helm install succeeded for release " + namespace + "/" + name);
  }

  /** {@code Ready=False} with {@code reason} and {@code message}, for the current generation. */
  public HelmRelease notReady(String reason, String message) {
    return withCondition(FluxHelmReleaseDeriver.READY, Condition.FALSE, reason, message);
  }

  /** {@code Ready=Unknown} with {@code reason} and {@code message}, for the current generation. */
  public HelmRelease readyUnknown(String reason, String message) {
    return withCondition(FluxHelmReleaseDeriver.READY, Condition.UNKNOWN, reason, message);
  }

  /** {@code Ready=Unknown}, {@code Progressing}: helm-controller is working on it. */
  public HelmRelease progressing() {
    return readyUnknown(FluxReasons.PROGRESSING, "Fulfilling prerequisites");
  }

  /** {@code Ready=False}, {@code DependencyNotReady} naming the first dependency. */
  public HelmRelease waitingForDependency() {
    String dep = dependsOn.isEmpty() ? "unknown" : dependsOn.get(0);
    return notReady(FluxReasons.DEPENDENCY_NOT_READY,
        "dependency '" + namespace + "/" + dep + "' is not ready");
  }

  /** {@code Stalled=True} with {@code reason} and {@code message}: helm-controller gave up. */
  public HelmRelease stalled(String reason, String message) {
    return withCondition(FluxHelmReleaseDeriver.STALLED, Condition.TRUE, reason, message);
  }

  /** Any condition of {@code type}, replacing one of the same type; for the current generation. */
  public HelmRelease withCondition(String type, String status, String reason, String message) {
    List<Condition> next = new ArrayList<>(conditions.size() + 1);
    for (Condition c : conditions) {
      if (!c.type().equals(type)) {
        next.add(c);
      }
    }
    next.add(new Condition(type, status, reason, message, time, generation));
    return new HelmRelease(cluster, namespace, name, generation, generation, next, dependsOn, suspended,
        deleting, time, reconciles);
  }

  /** Removes every condition of {@code type}. */
  public HelmRelease withoutCondition(String type) {
    List<Condition> next = new ArrayList<>(conditions);
    next.removeIf(c -> c.type().equals(type));
    return new HelmRelease(cluster, namespace, name, generation, observedGeneration, next, dependsOn,
        suspended, deleting, time, reconciles);
  }

  /** The observation a source would report for this object. */
  public ReleaseObservation toObservation() {
    ReleaseObservation.Builder b = ReleaseObservation.builder(key())
        .generation(generation)
        .observedGeneration(observedGeneration)
        .conditions(conditions)
        .suspended(suspended)
        .deletionPending(deleting);
    for (String dep : dependsOn) {
      b.dependsOn(new ReleaseKey(cluster, namespace, dep));
    }
    return b.build();
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("HelmRelease ").append(key()).append(" gen=").append(generation);
    for (Condition c : conditions) {
      s.append(' ').append(c.type()).append('=').append(c.status()).append('(').append(c.reason()).append(')');
    }
    return s.toString();
  }
}
