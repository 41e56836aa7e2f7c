package io.helmwatch.testing;

import io.helmwatch.core.ComponentState;
import io.helmwatch.core.flux.FluxHelmReleaseDeriver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Plays helm-controller for a kit of releases: writes the status sequence a real controller writes, in
 * dependency order, with churn.
 *
 * <p>Each release starts with no status ({@code observedGeneration: -1}); while a dependency is not
 * installed it reads {@code Reconciling=True} and {@code Ready=False/DependencyNotReady}; then the install
 * action runs ({@code lastAttemptedGeneration} set, {@code Reconciling} and {@code Ready=Unknown}
 * "Running 'install' action") and succeeds ({@code Released} and {@code Ready=True/InstallSucceeded}, a
 * history entry, {@code observedGeneration} patched). These are the writes of {@link HelmRelease}'s step
 * methods, in helm-controller's order.
 *
 * <p>A release named by {@link Builder#fail} fails every attempt: {@code Ready=False/InstallFailed} with
 * {@code Reconciling=True/ProgressingWithRetry} while its remediation retries last (the release is
 * uninstalled and tried again), then {@code Stalled=True/RetriesExceeded}; its dependants wait forever.
 * Under {@code RetryOnFailure} ({@link HelmRelease#retryOnFailureStrategy()}, {@link
 * HelmRelease#retryOnFailureBefore143()}) there is no remediation and no stall: every round after a failed
 * attempt (the {@code retryInterval} passing) runs the next attempt, an upgrade of the failed release, so a
 * release that fails every attempt keeps the rollout going for ever; drive it with {@link #start} and {@link
 * Rollout#round()}. A release named by {@link Builder#failOnce} fails its first attempt and is installed by
 * the retry, one named by {@link Builder#failAttempts} its first {@code n}. A release
 * named by {@link Builder#upgrade} has its generation bumped once installed (the stale Ready then reads
 * installing) and is upgraded. Every write is followed by {@link Builder#churn} writes that change only
 * {@code lastHandledReconcileAt}.
 *
 * <p>Work happens in rounds: in each round every release moves at most one step, judged on the state at the
 * start of the round, so dependency order is visible. {@link #run} calls the pacer between rounds; tests
 * pass {@code d -> {}} and run at full speed, deterministically.
 *
 * <pre>{@code
 * HelmControllerSimulator sim = HelmControllerSimulator.builder(HelmReleases.bootstrapKit())
 *     .fail("bp-gitea").churn(3).build();
 * sim.run(source::apply, pause -> {});
 * }</pre>
 *
 * @since 0.1
 */
public final class HelmControllerSimulator {

  /** Pauses between rounds; the demo sleeps, tests do nothing. */
  @FunctionalInterface
  public interface Pacer {
    void pause(Duration duration) throws InterruptedException;
  }

  private enum Phase { NEW, WAITING, RUNNING, FAILED_ATTEMPT, REMEDIATED, INSTALLED, UPGRADING, STALLED }

  private final List<HelmRelease> kit;
  private final Set<String> failing;
  private final Map<String, Integer> failingFirst;
  private final Set<String> upgrading;
  private final int churn;
  private final Duration roundDelay;

  private HelmControllerSimulator(Builder b) {
    this.kit = List.copyOf(b.kit);
    this.failing = Set.copyOf(b.failing);
    this.failingFirst = Map.copyOf(b.failingFirst);
    this.upgrading = Set.copyOf(b.upgrading);
    this.churn = b.churn;
    this.roundDelay = b.roundDelay;
  }

  public static Builder builder(List<HelmRelease> kit) {
    return new Builder(kit);
  }

  /** Runs the whole rollout; returns the number of writes made. */
  public int run(HelmReleaseWriter writer, Pacer pacer) throws InterruptedException {
    Rollout rollout = start(writer);
    while (!rollout.finished()) {
      pacer.pause(roundDelay);
      rollout.round();
    }
    return rollout.writes();
  }

  /** Creates the releases (no status yet) and returns the rollout to drive round by round. */
  public Rollout start(HelmReleaseWriter writer) {
    return new Rollout(writer);
  }

  /**
   * The state each release will end in, as {@link FluxHelmReleaseDeriver} reads it: what a correct watcher
   * must report last.
   */
  public Map<String, ComponentState> finalTruth() {
    Map<String, ComponentState> truth = new LinkedHashMap<>();
    for (HelmRelease r : kit) {
      truth.put(r.name(), blockedOrFailed(r, truth));
    }
    return truth;
  }

  /** A release whose dependency never installs never starts, so it stays pending even if set to fail. */
  private ComponentState blockedOrFailed(HelmRelease r, Map<String, ComponentState> decided) {
    for (String dep : r.dependsOn()) {
      ComponentState d = decided.get(dep);
      if (d != null && d != ComponentState.INSTALLED) {
        return ComponentState.PENDING;
      }
    }
    if (failing.contains(r.name())) {
      // RetryOnFailure never gives up: the last state seen is a failed attempt being retried.
      return r.retryOnFailure() ? ComponentState.DEGRADED : ComponentState.FAILED;
    }
    // n failed attempts are retried only when the release has n retries left (or retries forever).
    int failures = failingFirst.getOrDefault(r.name(), 0);
    boolean retried = r.retryOnFailure() || r.installRetries() < 0 || failures <= r.installRetries();
    return retried ? ComponentState.INSTALLED : ComponentState.FAILED;
  }

  /** One rollout in progress. Not thread-safe: drive it from one thread. */
  public final class Rollout {
    private final HelmReleaseWriter writer;
    private final Map<String, HelmRelease> current = new LinkedHashMap<>();
    private final Map<String, Phase> phase = new LinkedHashMap<>();
    private final Set<String> upgraded = new java.util.HashSet<>();
    private final Map<String, Integer> failedAttempts = new java.util.HashMap<>();
    private int writes;
    private boolean changed = true;

    private Rollout(HelmReleaseWriter writer) {
      this.writer = Objects.requireNonNull(writer, "writer");
      for (HelmRelease r : kit) {
        phase.put(r.name(), Phase.NEW);
        write(r);
      }
    }

    /** {@code true} once a round changed nothing. */
    public boolean finished() {
      return !changed;
    }

    public int writes() {
      return writes;
    }

    /** What a correct watcher derives from the objects written so far, by release name. */
    public Map<String, ComponentState> expectedStates() {
      Map<String, ComponentState> states = new LinkedHashMap<>();
      current.forEach((name, r) -> states.put(name, FluxHelmReleaseDeriver.instance().state(r.toObservation())));
      return states;
    }

    /** Moves every release one step; returns whether anything changed. */
    public boolean round() {
      Map<String, Phase> before = Map.copyOf(phase);
      changed = false;
      for (HelmRelease r : kit) {
        String name = r.name();
        HelmRelease now = current.get(name);
        HelmRelease next = step(now, before.get(name), before);
        if (next != null) {
          write(next);
          changed = true;
        }
      }
      return changed;
    }

    private HelmRelease step(HelmRelease r, Phase p, Map<String, Phase> before) {
      String name = r.name();
      boolean depsInstalled = r.dependsOn().stream().allMatch(d -> before.get(d) == null
          || before.get(d) == Phase.INSTALLED || before.get(d) == Phase.UPGRADING);
      switch (p) {
        case NEW:
        case WAITING:
          if (!depsInstalled) {
            if (p == Phase.WAITING) {
              return null;
            }
            phase.put(name, Phase.WAITING);
            return waitFor(r, before);
          }
          phase.put(name, Phase.RUNNING);
          return r.runningAction();
        case RUNNING:
          int failed = failedAttempts.getOrDefault(name, 0);
          if (failing.contains(name) || failed < failingFirst.getOrDefault(name, 0)) {
            failedAttempts.put(name, failed + 1);
            HelmRelease attempt = r.actionFailed(HelmRelease.DEFAULT_ERROR);
            phase.put(name, isStalled(attempt) ? Phase.STALLED : Phase.FAILED_ATTEMPT);
            return attempt;
          }
          phase.put(name, Phase.INSTALLED);
          return r.actionSucceeded();
        case FAILED_ATTEMPT:
          if (r.retryOnFailure()) {
            // No remediation: after retryInterval the failed release is upgraded.
            phase.put(name, Phase.RUNNING);
            return r.runningAction();
          }
          phase.put(name, Phase.REMEDIATED);
          return r.remediated();
        case REMEDIATED:
          phase.put(name, Phase.RUNNING);
          return r.runningAction();
        case INSTALLED:
          if (upgrading.contains(name) && upgraded.add(name)) {
            phase.put(name, Phase.UPGRADING);
            return r.bumpGeneration().chartVersion(nextVersion(r.chartVersion()));
          }
          return null;
        case UPGRADING:
          phase.put(name, Phase.RUNNING);
          return r.runningAction();
        default:
          return null;
      }
    }

    private boolean isStalled(HelmRelease r) {
      return r.conditions().stream().anyMatch(c -> c.type().equals(FluxHelmReleaseDeriver.STALLED));
    }

    private String nextVersion(String version) {
      int dot = version.indexOf('.');
      return dot < 0 ? version + ".1" : (Integer.parseInt(version.substring(0, dot)) + 1) + version.substring(dot);
    }

    private HelmRelease waitFor(HelmRelease r, Map<String, Phase> before) {
      String dep = r.dependsOn().stream().filter(d -> before.get(d) != Phase.INSTALLED).findFirst()
          .orElse(r.dependsOn().get(0));
      return r.waitingFor(dep);
    }

    private void write(HelmRelease r) {
      writer.write(r);
      writes++;
      HelmRelease last = r;
      for (int i = 0; i < churn; i++) {
        last = last.touch();
        writer.write(last);
        writes++;
      }
      current.put(r.name(), last);
    }
  }

  /** Configures a {@link HelmControllerSimulator}. */
  public static final class Builder {
    private final List<HelmRelease> kit;
    private final List<String> failing = new ArrayList<>();
    private final Map<String, Integer> failingFirst = new LinkedHashMap<>();
    private final List<String> upgrading = new ArrayList<>();
    private int churn = 2;
    private Duration roundDelay = Duration.ofMillis(500);

    private Builder(List<HelmRelease> kit) {
      if (kit.isEmpty()) {
        throw new IllegalArgumentException("the kit is empty");
      }
      this.kit = List.copyOf(kit);
    }

    /**
     * Every install attempt of {@code name} fails: helm-controller retries while its remediation retries
     * last (the release reads degraded), then gives up ({@code Stalled}, failed).
     */
    public Builder fail(String name) {
      failing.add(known(name));
      return this;
    }

    /** The first install attempt of {@code name} fails; helm-controller's retry installs it. */
    public Builder failOnce(String name) {
      return failAttempts(name, 1);
    }

    /**
     * The first {@code attempts} attempts of {@code name} fail; the next one installs it, if helm-controller
     * gets that far ({@code RetryOnFailure}, or enough remediation retries; else it stalls).
     *
     * @throws IllegalArgumentException when {@code attempts < 1} or {@code name} is not in the kit
     */
    public Builder failAttempts(String name, int attempts) {
      if (attempts < 1) {
        throw new IllegalArgumentException("attempts must be >= 1, was " + attempts);
      }
      failingFirst.put(known(name), attempts);
      return this;
    }

    /** {@code name} is upgraded (generation bumped) once installed. */
    public Builder upgrade(String name) {
      upgrading.add(known(name));
      return this;
    }

    /** Status patches that change nothing derived after each real one. Default 2. */
    public Builder churn(int churn) {
      if (churn < 0) {
        throw new IllegalArgumentException("churn must be >= 0, was " + churn);
      }
      this.churn = churn;
      return this;
    }

    /** The pause between rounds handed to the pacer. Default 500 ms. */
    public Builder roundDelay(Duration roundDelay) {
      if (roundDelay.isNegative()) {
        throw new IllegalArgumentException("roundDelay must not be negative, was " + roundDelay);
      }
      this.roundDelay = roundDelay;
      return this;
    }

    public HelmControllerSimulator build() {
      return new HelmControllerSimulator(this);
    }

    private String known(String name) {
      if (kit.stream().noneMatch(r -> r.name().equals(name))) {
        throw new IllegalArgumentException("'" + name + "' is not in the kit; known: "
            + kit.stream().map(HelmRelease::name).toList());
      }
      return name;
    }
  }
}
