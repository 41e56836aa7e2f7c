package io.helmwatch.core.internal.json;

import io.helmwatch.core.ComponentEvent;
import io.helmwatch.core.ComponentId;
import io.helmwatch.core.ComponentSnapshot;
import io.helmwatch.core.ComponentState;
import io.helmwatch.core.ReleaseDetails;
import io.helmwatch.core.ReleaseKey;
import io.helmwatch.core.WatchNotice;
import io.helmwatch.core.WatchResult;
import io.helmwatch.core.internal.json.JsonStrings;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The JSON form of what a watcher emits, shared by {@link JsonLinesSink} and {@link WebhookSink}: one object
 * per event, notice, snapshot or outcome, on one line. Schema version {@value #SCHEMA}; fields are only ever
 * added within a version, so readers should ignore fields they do not know.
 *
 * <p>Every object has {@code "schema":1}, {@code "type"} ({@code event}, {@code notice}, {@code snapshot},
 * {@code outcome}) and {@code "time"} (RFC 3339, UTC, e.g. {@code 2026-01-01T00:00:00Z}; for events and
 * notices the watcher's time, for snapshots and outcomes the time the sink wrote them). Then:
 *
 * <ul>
 *   <li>{@code event}: {@code id} (the event's deterministic id, a UUID string: see {@link
 *       io.helmwatch.core.EventId}), {@code component}, {@code cluster}, {@code namespace}, {@code name},
 *       {@code uid} (the release's {@code metadata.uid}, or {@code null} when the source does not know it),
 *       {@code state},
 *       {@code previous} (a state or {@code null}), {@code cause} ({@code first_observation}, {@code
 *       transition}, {@code repeated}, {@code deleted}, {@code drift_detected}, {@code drift_corrected}),
 *       {@code level} ({@code info}, {@code warn}, {@code error}), {@code message}, {@code recoveredSeconds}
 *       (on an {@code installed} event that ends a degraded or failed episode, the seconds it lasted: {@link
 *       ComponentEvent#recovered()}; {@code null} otherwise), {@code dependsOn} (component ids), {@code
 *       details} (below);
 *   <li>{@code notice}: {@code kind} (e.g. {@code source_error}, {@code stuck}), {@code level}, {@code
 *       message}, {@code cluster} (or {@code null}), and {@code component} for a notice about one component
 *       ({@code stuck}), absent otherwise;
 *   <li>{@code snapshot}: {@code components}, an array of {@code component}, {@code cluster}, {@code
 *       namespace}, {@code name}, {@code state}, {@code readySince} (RFC 3339 or {@code null}), {@code
 *       message}, {@code dependsOn}, {@code details};
 *   <li>{@code outcome}: {@code outcome} ({@code ready}, {@code failed}, {@code timeout}, {@code
 *       flux-not-reconciling}, {@code cancelled}) and {@code states}, an object of component id to state.
 * </ul>
 *
 * {@code details} is what helm-controller last did with the release, always present: {@code readyReason}
 * (the Ready condition's reason, e.g. {@code InstallFailed}), {@code action} ({@code install}, {@code
 * upgrade}, {@code test}, {@code rollback}, {@code uninstall}), {@code chartName}, {@code chartVersion},
 * {@code appVersion} (empty strings when unknown), the numbers {@code failures}, {@code
 * installFailures}, {@code upgradeFailures}, then {@code historyAction} ({@code status.history[0].action},
 * empty when unknown), {@code releaseVersion} (the Helm revision, {@code 0} when unknown), {@code
 * attemptDuration} (the last release action's duration in seconds, a decimal number, or {@code null}),
 * {@code ociDigest} (empty when none), {@code drifted} (a boolean) and {@code driftSummary} (helm-controller's
 * diff summary while drifted, else empty).
 *
 * <p>States are lower case ({@code pending}, {@code installing}, {@code installed}, {@code degraded}, {@code
 * failed}, {@code suspended}, {@code removed}).
 */
public final class EventJson {
  /** The schema version written in every object. */
  public static final int SCHEMA = 1;

  private EventJson() {}

  public static String event(ComponentEvent e) {
    StringBuilder b = start("event", e.time(), 320 + e.message().length());
    b.append(",\"id\":");
    quote(b, e.id());
    b.append(",\"component\":");
    quote(b, e.component().value());
    release(b, e.release());
    b.append(",\"uid\":");
    quoteOrNull(b, e.uid());
    b.append(",\"state\":");
    quote(b, e.state().wireName());
    b.append(",\"previous\":");
    ComponentState previous = e.previous();
    quoteOrNull(b, previous == null ? null : previous.wireName());
    b.append(",\"cause\":");
    quote(b, lower(e.cause().name()));
    b.append(",\"level\":");
    quote(b, lower(e.level().name()));
    b.append(",\"message\":");
    quote(b, e.message());
    b.append(",\"recoveredSeconds\":");
    secondsOrNull(b, e.recovered());
    ids(b, e.dependsOn());
    details(b, e.details());
    return b.append('}').toString();
  }

  /** Seconds as a plain decimal without trailing zeros ({@code 300}, {@code 12.5}), or {@code null}. */
  private static void secondsOrNull(StringBuilder b, @Nullable Duration d) {
    if (d == null) {
      b.append("null");
    } else {
      b.append(BigDecimal.valueOf(d.getSeconds()).add(BigDecimal.valueOf(d.getNano(), 9))
          .stripTrailingZeros().toPlainString());
    }
  }

  public static String notice(WatchNotice n) {
    StringBuilder b = start("notice", n.time(), 128 + n.message().length());
    b.append(",\"kind\":");
    quote(b, lower(n.kind().name()));
    b.append(",\"level\":");
    quote(b, lower(n.level().name()));
    b.append(",\"message\":");
    quote(b, n.message());
    b.append(",\"cluster\":");
    quoteOrNull(b, n.cluster());
    ComponentId component = n.component();
    if (component != null) {
      b.append(",\"component\":");
      quote(b, component.value());
    }
    return b.append('}').toString();
  }

  /** A snapshot written at {@code time}. */
  public static String snapshot(List<ComponentSnapshot> snapshot, Instant time) {
    StringBuilder b = start("snapshot", time, 64 + 200 * snapshot.size());
    b.append(",\"components\":[");
    for (int i = 0; i < snapshot.size(); i++) {
      ComponentSnapshot s = snapshot.get(i);
      b.append(i == 0 ? "{" : ",{").append("\"component\":");
      quote(b, s.component().value());
      release(b, s.release());
      b.append(",\"state\":");
      quote(b, s.state().wireName());
      b.append(",\"readySince\":");
      Instant readySince = s.readySince();
      quoteOrNull(b, readySince == null ? null : readySince.toString());
      b.append(",\"message\":");
      quote(b, s.message());
      ids(b, s.dependsOn());
      details(b, s.details());
      b.append('}');
    }
    return b.append("]}").toString();
  }

  /** An outcome written at {@code time}. */
  public static String outcome(WatchResult result, Instant time) {
    StringBuilder b = start("outcome", time, 64 + 40 * result.states().size());
    b.append(",\"outcome\":");
    quote(b, result.outcome().wireName());
    b.append(",\"states\":{");
    boolean first = true;
    for (Map.Entry<ComponentId, ComponentState> e : result.states().entrySet()) {
      if (!first) {
        b.append(',');
      }
      first = false;
      quote(b, e.getKey().value());
      b.append(':');
      quote(b, e.getValue().wireName());
    }
    return b.append("}}").toString();
  }

  /** {@code value} as a JSON string literal, quotes included. */
  public static String quote(String value) {
    StringBuilder b = new StringBuilder(value.length() + 2);
    quote(b, value);
    return b.toString();
  }

  /** Appends {@code value} as a JSON string literal (see {@link JsonStrings#quote}). */
  static void quote(StringBuilder b, String value) {
    JsonStrings.quote(b, value);
  }

  private static StringBuilder start(String type, Instant time, int size) {
    StringBuilder b = new StringBuilder(size);
    b.append("{\"schema\":").append(SCHEMA).append(",\"type\":\"").append(type).append("\",\"time\":\"")
        .append(time).append('"');
    return b;
  }

  private static void release(StringBuilder b, ReleaseKey key) {
    b.append(",\"cluster\":");
    quote(b, key.cluster());
    b.append(",\"namespace\":");
    quote(b, key.namespace());
    b.append(",\"name\":");
    quote(b, key.name());
  }

  private static void ids(StringBuilder b, List<ComponentId> ids) {
    b.append(",\"dependsOn\":[");
    for (int i = 0; i < ids.size(); i++) {
      if (i > 0) {
        b.append(',');
      }
      quote(b, ids.get(i).value());
    }
    b.append(']');
  }

  private static void details(StringBuilder b, ReleaseDetails d) {
    b.append(",\"details\":{\"readyReason\":");
    quote(b, d.readyReason());
    b.append(",\"action\":");
    quote(b, d.action());
    b.append(",\"chartName\":");
    quote(b, d.chartName());
    b.append(",\"chartVersion\":");
    quote(b, d.chartVersion());
    b.append(",\"appVersion\":");
    quote(b, d.appVersion());
    b.append(",\"failures\":").append(d.failures())
        .append(",\"installFailures\":").append(d.installFailures())
        .append(",\"upgradeFailures\":").append(d.upgradeFailures());
    b.append(",\"historyAction\":");
    quote(b, d.historyAction());
    b.append(",\"releaseVersion\":").append(d.releaseVersion());
    b.append(",\"attemptDuration\":");
    secondsOrNull(b, d.attemptDuration());
    b.append(",\"ociDigest\":");
    quote(b, d.ociDigest());
    b.append(",\"drifted\":").append(d.drifted());
    b.append(",\"driftSummary\":");
    quote(b, d.driftSummary());
    b.append('}');
  }

  private static void quoteOrNull(StringBuilder b, @Nullable String value) {
    if (value == null) {
      b.append("null");
    } else {
      quote(b, value);
    }
  }

  private static String lower(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}
