package io.helmwatch.core.internal.json;

import static org.assertj.core.api.Assertions.assertThat;

import io.helmwatch.core.ComponentEvent;
import io.helmwatch.core.ComponentId;
import io.helmwatch.core.ComponentSnapshot;
import io.helmwatch.core.ComponentState;
import io.helmwatch.core.EmissionCause;
import io.helmwatch.core.EventLevel;
import io.helmwatch.core.ReleaseDetails;
import io.helmwatch.core.ReleaseKey;
import io.helmwatch.core.WatchNotice;
import io.helmwatch.core.WatchOutcome;
import io.helmwatch.core.WatchResult;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventJsonTest {
  private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void eventHasTheDocumentedFieldsInOrder() {
    ComponentEvent e = new ComponentEvent(ComponentId.of("sin-2:reloader"),
        new ReleaseKey("sin-2", "flux-system", "bp-reloader"), ComponentState.INSTALLED, ComponentState.INSTALLING,
        EmissionCause.TRANSITION, EventLevel.INFO, "ok", T, List.of(ComponentId.of("cilium")),
        new ReleaseDetails("UpgradeSucceeded", "upgrade", "reloader", "1.2.0", "v1.2.0", 0, 1, 0),
        "0d5a3c2e-1f4b-8a6c-9d7e-112233445566", "6f1c9e0a-uid", java.time.Duration.ofSeconds(725, 250_000_000));
    assertThat(EventJson.event(e)).isEqualTo("{\"schema\":1,\"type\":\"event\",\"time\":\"2026-01-01T00:00:00Z\","
        + "\"id\":\"0d5a3c2e-1f4b-8a6c-9d7e-112233445566\","
        + "\"component\":\"sin-2:reloader\",\"cluster\":\"sin-2\",\"namespace\":\"flux-system\","
        + "\"name\":\"bp-reloader\",\"uid\":\"6f1c9e0a-uid\",\"state\":\"installed\",\"previous\":\"installing\",\"cause\":\"transition\","
        + "\"level\":\"info\",\"message\":\"ok\",\"recoveredSeconds\":725.25,\"dependsOn\":[\"cilium\"],"
        + "\"details\":{\"readyReason\":\"UpgradeSucceeded\",\"action\":\"upgrade\",\"chartName\":\"reloader\","
        + "\"chartVersion\":\"1.2.0\",\"appVersion\":\"v1.2.0\",\"failures\":0,\"installFailures\":1,"
        + "\"upgradeFailures\":0,\"historyAction\":\"\",\"releaseVersion\":0,\"attemptDuration\":null,"
        + "\"ociDigest\":\"\",\"drifted\":false,\"driftSummary\":\"\"}}");
  }

  @Test
  void detailsCarryTheNewestReleaseTheAttemptAndTheDrift() {
    ComponentEvent e = new ComponentEvent(ComponentId.of("podinfo"), ReleaseKey.of("podinfo", "podinfo"),
        ComponentState.INSTALLED, ComponentState.INSTALLED, EmissionCause.DRIFT_DETECTED, EventLevel.INFO, "ok", T,
        List.of(), new ReleaseDetails("UpgradeSucceeded", "upgrade", "podinfo", "6.5.4+0a1b2c3d4e5f", "6.5.4", 0, 0,
            0, "upgrade", 3, java.time.Duration.ofMillis(12_500), "sha256:0a1b2c", true,
            "Cluster state of release podinfo/podinfo.v3 has drifted from the desired state:\n"
                + "Deployment/podinfo/podinfo changed (0 additions, 1 changes, 0 removals)"),
        "0d5a3c2e-1f4b-8a6c-9d7e-112233445566", null);
    assertThat(EventJson.event(e))
        .contains("\"cause\":\"drift_detected\"")
        .endsWith("\"upgradeFailures\":0,\"historyAction\":\"upgrade\",\"releaseVersion\":3,"
            + "\"attemptDuration\":12.5,\"ociDigest\":\"sha256:0a1b2c\",\"drifted\":true,\"driftSummary\":"
            + "\"Cluster state of release podinfo/podinfo.v3 has drifted from the desired state:\\n"
            + "Deployment/podinfo/podinfo changed (0 additions, 1 changes, 0 removals)\"}}");
  }

  @Test
  void eventWithoutAKnownUidWritesNullAndItsComputedId() {
    ComponentEvent e = new ComponentEvent(ComponentId.of("cilium"), ReleaseKey.of("flux-system", "cilium"),
        ComponentState.PENDING, null, EmissionCause.FIRST_OBSERVATION, EventLevel.INFO, "", T, List.of());
    assertThat(EventJson.event(e))
        .contains("\"id\":\"" + e.id() + "\",")
        .contains(",\"uid\":null,")
        .contains(",\"recoveredSeconds\":null,");
  }

  @Test
  void aRecoveredClusterIsASourceRecoveredNoticeNamingIt() {
    assertThat(EventJson.notice(new WatchNotice(WatchNotice.Kind.SOURCE_RECOVERED, EventLevel.INFO,
        "watching again", T, "sin-2")))
        .isEqualTo("{\"schema\":1,\"type\":\"notice\",\"time\":\"2026-01-01T00:00:00Z\","
            + "\"kind\":\"source_recovered\",\"level\":\"info\",\"message\":\"watching again\","
            + "\"cluster\":\"sin-2\"}");
  }

  @Test
  void aStuckNoticeNamesItsComponent() {
    assertThat(EventJson.notice(new WatchNotice(WatchNotice.Kind.STUCK, EventLevel.WARN,
        "podinfo has been installing for 10m", T, "primary", ComponentId.of("podinfo"))))
        .isEqualTo("{\"schema\":1,\"type\":\"notice\",\"time\":\"2026-01-01T00:00:00Z\","
            + "\"kind\":\"stuck\",\"level\":\"warn\",\"message\":\"podinfo has been installing for 10m\","
            + "\"cluster\":\"primary\",\"component\":\"podinfo\"}");
  }

  @Test
  void noticeSnapshotAndOutcome() {
    assertThat(EventJson.notice(new WatchNotice(WatchNotice.Kind.SOURCE_ERROR, EventLevel.WARN, "dropped", T, null)))
        .isEqualTo("{\"schema\":1,\"type\":\"notice\",\"time\":\"2026-01-01T00:00:00Z\",\"kind\":\"source_error\","
            + "\"level\":\"warn\",\"message\":\"dropped\",\"cluster\":null}");
    ComponentSnapshot s = new ComponentSnapshot(ComponentId.of("cilium"), ComponentState.PENDING,
        ReleaseKey.of("flux-system", "bp-cilium"), null, "", List.of());
    assertThat(EventJson.snapshot(List.of(s), T)).isEqualTo("{\"schema\":1,\"type\":\"snapshot\","
        + "\"time\":\"2026-01-01T00:00:00Z\",\"components\":[{\"component\":\"cilium\",\"cluster\":\"primary\","
        + "\"namespace\":\"flux-system\",\"name\":\"bp-cilium\",\"state\":\"pending\",\"readySince\":null,"
        + "\"message\":\"\",\"dependsOn\":[],\"details\":{\"readyReason\":\"\",\"action\":\"\","
        + "\"chartName\":\"\",\"chartVersion\":\"\",\"appVersion\":\"\",\"failures\":0,\"installFailures\":0,"
        + "\"upgradeFailures\":0,\"historyAction\":\"\",\"releaseVersion\":0,\"attemptDuration\":null,"
        + "\"ociDigest\":\"\",\"drifted\":false,\"driftSummary\":\"\"}}]}");
    WatchResult r = new WatchResult(WatchOutcome.NOT_RECONCILING, Map.of(ComponentId.of("a"), ComponentState.FAILED));
    assertThat(EventJson.outcome(r, T)).isEqualTo("{\"schema\":1,\"type\":\"outcome\",\"time\":\"2026-01-01T00:00:00Z\","
        + "\"outcome\":\"flux-not-reconciling\",\"states\":{\"a\":\"failed\"}}");
  }

  @Test
  void quoteEscapesWhatJsonRequiresAndKeepsUnicode() {
    assertThat(EventJson.quote("a\"b\\c\n\r\t\b\f\u0000\u001f")).isEqualTo("\"a\\\"b\\\\c\\n\\r\\t\\b\\f\\u0000\\u001f\"");
    assertThat(EventJson.quote("héllo 世界 🚀 /")).isEqualTo("\"héllo 世界 🚀 /\"");
    assertThat(EventJson.quote("\u2028\u2029")).isEqualTo("\"\\u2028\\u2029\"");
    assertThat(EventJson.quote("x\ud800y\udc00")).isEqualTo("\"x\\ud800y\\udc00\"");
  }
}
