package io.helmwatch.reliability;

import io.helmwatch.core.ComponentEvent;
import io.helmwatch.core.ComponentState;
import io.helmwatch.jobs.Execution;
import io.helmwatch.jobs.ExecutionStatus;
import io.helmwatch.jobs.Job;
import io.helmwatch.jobs.JobStore;
import io.helmwatch.jobs.LogLine;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The invariants of a run, counted rather than asserted one by one so that a run reports every violation
 * at once: per lane, the last delivered state of each component equals the final truth, no terminal state
 * is missing, no two consecutive events of a component carry the same state; for the jobs table, one
 * execution per install attempt and no duplicate lines.
 */
final class Invariants {
  private final Map<String, ComponentState> truth;
  private final List<String> violations = new ArrayList<>();
  private long events;
  private long lost;
  private long duplicates;
  private long missingTerminals;

  Invariants(Map<String, ComponentState> truth) {
    this.truth = truth;
  }

  static Map<String, List<ComponentState>> byComponent(List<ComponentEvent> events) {
    Map<String, List<ComponentState>> out = new LinkedHashMap<>();
    for (ComponentEvent e : events) {
      out.computeIfAbsent(e.component().value(), k -> new ArrayList<>()).add(e.state());
    }
    return out;
  }

  /**
   * Checks one lane's delivered events. With a {@code reference} (the primary sink's sequence), a lane that
   * coalesced nothing must have delivered exactly the same sequence per component, and a coalescing lane a
   * subsequence of it that ends in the same state.
   */
  void lane(String lane, List<ComponentEvent> delivered, Map<String, List<ComponentState>> reference,
      boolean coalesced) {
    events += delivered.size();
    Map<String, List<ComponentState>> got = byComponent(delivered);
    for (Map.Entry<String, ComponentState> t : truth.entrySet()) {
      List<ComponentState> states = got.getOrDefault(t.getKey(), List.of());
      ComponentState last = states.isEmpty() ? null : states.get(states.size() - 1);
      if (last != t.getValue()) {
        lost++;
        violations.add(lane + ": " + t.getKey() + " ended " + last + ", truth " + t.getValue() + " " + states);
      }
      for (int i = 1; i < states.size(); i++) {
        if (states.get(i) == states.get(i - 1)) {
          duplicates++;
          violations.add(lane + ": " + t.getKey() + " repeated " + states.get(i) + " " + states);
        }
      }
      List<ComponentState> ref = reference.getOrDefault(t.getKey(), List.of());
      long refTerminals = ref.stream().filter(ComponentState::isTerminal).count();
      long gotTerminals = states.stream().filter(ComponentState::isTerminal).count();
      boolean missing = coalesced
          ? t.getValue().isTerminal() && last != t.getValue() || !isSubsequence(states, ref)
          : gotTerminals < refTerminals || !states.equals(ref);
      if (missing && !reference.isEmpty()) {
        missingTerminals++;
        violations.add(lane + ": " + t.getKey() + " delivered " + states + ", primary saw " + ref);
      }
    }
  }

  /**
   * Checks the jobs table of {@code deployment}: each component's job is in its truth's state; all
   * executions but the last are finished and the last matches the truth; with {@code attempts}, the number
   * of executions equals it; no execution log repeats a line.
   */
  void jobs(JobStore store, String deployment, Map<String, Integer> attempts) {
    for (Map.Entry<String, ComponentState> t : truth.entrySet()) {
      String name = "install-" + t.getKey();
      Job job = store.job(deployment, name).orElse(null);
      if (job == null) {
        lost++;
        violations.add("jobs: no job " + name);
        continue;
      }
      if (job.state() != t.getValue()) {
        lost++;
        violations.add("jobs: " + name + " is " + job.state() + ", truth " + t.getValue());
      }
      List<Execution> executions = job.executions();
      Integer expected = attempts.get(t.getKey());
      if (expected != null && executions.size() != expected) {
        violations.add("jobs: " + name + " has " + executions.size() + " executions for " + expected
            + " install attempts");
        duplicates += Math.max(0, executions.size() - expected);
        lost += Math.max(0, expected - executions.size());
      }
      for (int i = 0; i < executions.size(); i++) {
        Execution e = executions.get(i);
        boolean lastOne = i == executions.size() - 1;
        ExecutionStatus want = t.getValue() == ComponentState.INSTALLED ? ExecutionStatus.SUCCEEDED
            : t.getValue() == ComponentState.FAILED ? ExecutionStatus.FAILED : null;
        if ((!lastOne && e.isRunning()) || (lastOne && want != null && e.status() != want)) {
          lost++;
          violations.add("jobs: " + name + " execution " + e.number() + " is " + e.status());
        }
        List<LogLine> lines = store.lines(deployment, name, e.number(), 0, 10_000).lines();
        for (int l = 1; l < lines.size(); l++) {
          if (lines.get(l).message().equals(lines.get(l - 1).message())) {
            duplicates++;
            violations.add("jobs: " + name + " execution " + e.number() + " repeats '"
                + lines.get(l).message() + "'");
          }
        }
      }
    }
  }

  /** Install attempts as the bridge counts them: one per run of non-pending states after pending or a finish. */
  static Map<String, Integer> attempts(Map<String, List<ComponentState>> sequences) {
    Map<String, Integer> out = new LinkedHashMap<>();
    sequences.forEach((component, states) -> {
      int n = 0;
      boolean open = false;
      for (ComponentState s : states) {
        if (!open && s != ComponentState.PENDING) {
          n++;
          open = true;
        }
        if (s.isTerminal()) {
          open = false;
        }
      }
      out.put(component, n);
    });
    return out;
  }

  private static boolean isSubsequence(List<ComponentState> sub, List<ComponentState> of) {
    int j = 0;
    for (ComponentState s : of) {
      if (j < sub.size() && sub.get(j) == s) {
        j++;
      }
    }
    return j == sub.size();
  }

  long events() {
    return events;
  }

  long lost() {
    return lost;
  }

  long duplicates() {
    return duplicates;
  }

  long missingTerminals() {
    return missingTerminals;
  }

  List<String> violations() {
    return violations;
  }

  String summary(String run, long faults) {
    return "[reliability] " + run + ": faults injected " + faults + ", events " + events + ", duplicates "
        + duplicates + ", lost " + lost + ", terminal missing " + missingTerminals;
  }
}
