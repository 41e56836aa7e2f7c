package io.helmwatch.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link ReleaseSource} reports for one object at one moment: identity, generations, conditions,
 * dependencies, suspension and deletion.
 *
 * <p>Conditions are read through indexed accessors so that an adapter can serve them straight from the
 * object it received (for example fabric8's nested maps) without copying: deriving the state of an update
 * whose state did not change then allocates nothing. An observation handed to {@link
 * ReleaseSource.Listener#upsert} is read during that call only; the {@link Watcher} keeps an immutable
 * {@link #copyOf copy} of what it needs, so sources may serve a view that they reuse.
 *
 * <p>Build immutable observations with {@link #builder(ReleaseKey)}. Accessors never throw on malformed
 * input: missing values read as empty strings, {@code 0} or {@code null} as documented.
 */
public interface ReleaseObservation {

  ReleaseKey key();

  /** {@code metadata.generation}, {@code 0} when absent. */
  long generation();

  /** {@code status.observedGeneration}, {@code 0} when absent. */
  long observedGeneration();

  /** Number of entries in {@code status.conditions}. */
  int conditionCount();

  /** Type of condition {@code index}, empty when absent. */
  String conditionType(int index);

  /** Status of condition {@code index} as sent, empty when absent. */
  String conditionStatus(int index);

  /** Reason of condition {@code index}, empty when absent. */
  String conditionReason(int index);

  /** Message of condition {@code index}, empty when absent. */
  String conditionMessage(int index);

  /** {@code observedGeneration} of condition {@code index}, {@code 0} when absent. */
  long conditionObservedGeneration(int index);

  /** {@code lastTransitionTime} of condition {@code index}, {@code null} when absent or unparseable. */
  @Nullable Instant conditionLastTransitionTime(int index);

  /** The objects named in {@code spec.dependsOn}, in the order given. */
  List<ReleaseKey> dependsOn();

  /** {@code spec.suspend}. */
  boolean suspended();

  /** {@code metadata.deletionTimestamp} is set. */
  boolean deletionPending();

  /** Index of the first condition of {@code type}, or {@code -1}. Allocates nothing. */
  default int indexOfCondition(String type) {
    int n = conditionCount();
    for (int i = 0; i < n; i++) {
      if (type.equals(conditionType(i))) {
        return i;
      }
    }
    return -1;
  }

  /** Condition {@code index} as a value. */
  default Condition condition(int index) {
    return new Condition(
        conditionType(index),
        conditionStatus(index),
        conditionReason(index),
        conditionMessage(index),
        conditionLastTransitionTime(index),
        conditionObservedGeneration(index));
  }

  /** All conditions as values (a copy). */
  default List<Condition> conditions() {
    int n = conditionCount();
    List<Condition> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(condition(i));
    }
    return List.copyOf(out);
  }

  /** An immutable copy; returns {@code observation} itself when it is already one. */
  static ReleaseObservation copyOf(ReleaseObservation observation) {
    if (observation instanceof Snapshot) {
      return observation;
    }
    return new Snapshot(
        observation.key(),
        observation.generation(),
        observation.observedGeneration(),
        observation.conditions(),
        List.copyOf(observation.dependsOn()),
        observation.suspended(),
        observation.deletionPending());
  }

  static Builder builder(ReleaseKey key) {
    return new Builder(key);
  }

  /** Builds immutable observations; for adapters that copy, for fakes and for tests. */
  final class Builder {
    private final ReleaseKey key;
    private long generation;
    private long observedGeneration;
    private final List<Condition> conditions = new ArrayList<>();
    private final List<ReleaseKey> dependsOn = new ArrayList<>();
    private boolean suspended;
    private boolean deletionPending;

    private Builder(ReleaseKey key) {
      this.key = Objects.requireNonNull(key, "key");
    }

    public Builder generation(long generation) {
      this.generation = generation;
      return this;
    }

    public Builder observedGeneration(long observedGeneration) {
      this.observedGeneration = observedGeneration;
      return this;
    }

    public Builder condition(Condition condition) {
      conditions.add(Objects.requireNonNull(condition, "condition"));
      return this;
    }

    public Builder conditions(List<Condition> conditions) {
      conditions.forEach(this::condition);
      return this;
    }

    public Builder dependsOn(ReleaseKey dependency) {
      dependsOn.add(Objects.requireNonNull(dependency, "dependency"));
      return this;
    }

    public Builder suspended(boolean suspended) {
      this.suspended = suspended;
      return this;
    }

    public Builder deletionPending(boolean deletionPending) {
      this.deletionPending = deletionPending;
      return this;
    }

    public ReleaseObservation build() {
      return new Snapshot(
          key,
          generation,
          observedGeneration,
          List.copyOf(conditions),
          List.copyOf(dependsOn),
          suspended,
          deletionPending);
    }
  }

  /** The immutable implementation. */
  record Snapshot(
      ReleaseKey key,
      long generation,
      long observedGeneration,
      List<Condition> conditions,
      List<ReleaseKey> dependsOn,
      boolean suspended,
      boolean deletionPending)
      implements ReleaseObservation {

    @Override
    public int conditionCount() {
      return conditions.size();
    }

    @Override
    public String conditionType(int index) {
      return conditions.get(index).type();
    }

    @Override
    public String conditionStatus(int index) {
      return conditions.get(index).status();
    }

    @Override
    public String conditionReason(int index) {
      return conditions.get(index).reason();
    }

    @Override
    public String conditionMessage(int index) {
      return conditions.get(index).message();
    }

    @Override
    public long conditionObservedGeneration(int index) {
      return conditions.get(index).observedGeneration();
    }

    @Override
    public @Nullable Instant conditionLastTransitionTime(int index) {
      return conditions.get(index).lastTransitionTime();
    }

    @Override
    public Condition condition(int index) {
      return conditions.get(index);
    }
  }
}
