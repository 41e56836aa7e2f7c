package io.helmwatch.cloudevents;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudevents.CloudEvent;
import io.helmwatch.core.ComponentEvent;
import io.helmwatch.core.ComponentId;
import io.helmwatch.core.ComponentState;
import io.helmwatch.core.EmissionCause;
import io.helmwatch.core.EventLevel;
import io.helmwatch.core.ReleaseDetails;
import io.helmwatch.core.ReleaseKey;
import io.helmwatch.core.WatchNotice;
import io.helmwatch.core.WatchOutcome;
import io.helmwatch.core.WatchResult;
import io.helmwatch.core.internal.json.EventJson;
import io.helmwatch.core.sink.EventFormat;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CloudEventsFormatTest {
  private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
  private static final ComponentEvent EVENT = new ComponentEvent(ComponentId.of("sin-2:reloader"),
      new ReleaseKey("sin-2", "flux-system", "bp-reloader"), ComponentState.INSTALLED, ComponentState.INSTALLING,
      EmissionCause.TRANSITION, EventLevel.INFO, "Helm upgrade succeeded", T, List.of(),
      ReleaseDetails.NONE, "5f2c0a51-7d3e-8b1a-9c4d-0e6f7a8b9c0d", "uid-1");

  @Test
  void structuredModeIsOneCloudEventObjectWithTheSchemaOneObjectAsData() {
    EventFormat.Message m = CloudEventsFormat.structured().event(EVENT);
    assertThat(m.contentType()).isEqualTo("application/cloudevents+json");
    assertThat(m.headers()).isEmpty();
    assertThat(m.body()).doesNotContain("\n");

    CloudEvent ce = CloudEventsSpec.structured(m.body());
    assertThat(ce.getId()).isEqualTo(EVENT.id());
    assertThat(ce.getSource()).hasToString("//helmwatch/sin-2/flux-system/bp-reloader");
    assertThat(ce.getType()).isEqualTo("io.helmwatch.component.installed");
    assertThat(ce.getSubject()).isEqualTo("sin-2:reloader");
    assertThat(ce.getTime()).isEqualTo(OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC));
    assertThat(CloudEventsSpec.data(ce))
        .isEqualTo(CloudEventsSpec.tree(EventJson.event(EVENT).getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void binaryModePutsTheAttributesInCeHeadersAndTheSchemaOneObjectInTheBody() {
    EventFormat.Message m = CloudEventsFormat.binary().event(EVENT);
    assertThat(m.contentType()).isEqualTo("application/json");
    assertThat(m.body()).isEqualTo(EventJson.event(EVENT));
    Map<String, String> headers = new java.util.TreeMap<>(m.headers());
    headers.put("content-type", m.contentType());

    CloudEvent ce = CloudEventsSpec.binary(headers, m.body().getBytes(StandardCharsets.UTF_8));
    assertThat(ce.getId()).isEqualTo(EVENT.id());
    assertThat(ce.getType()).isEqualTo("io.helmwatch.component.installed");
    assertThat(ce.getSubject()).isEqualTo("sin-2:reloader");
    assertThat(m.headers()).containsEntry("ce-source", "//helmwatch/sin-2/flux-system/bp-reloader");
  }

  @Test
  void everyStateHasItsOwnType() {
    for (ComponentState state : ComponentState.values()) {
      ComponentEvent e = new ComponentEvent(ComponentId.of("c"), ReleaseKey.of("ns", "c"), state, null,
          EmissionCause.FIRST_OBSERVATION, EventLevel.INFO, "", T, List.of());
      assertThat(CloudEventsSpec.structured(CloudEventsFormat.structured().event(e).body()).getType())
          .isEqualTo("io.helmwatch.component." + state.wireName());
    }
  }

  @Test
  void noticesSnapshotsAndOutcomesAreWatchEventsWithContentIds() {
    WatchNotice notice = new WatchNotice(WatchNotice.Kind.SOURCE_ERROR, EventLevel.WARN, "dropped", T, "sin-2");
    CloudEvent n = CloudEventsSpec.structured(CloudEventsFormat.structured().notice(notice).body());
    assertThat(n.getType()).isEqualTo("io.helmwatch.watch.notice.source_error");
    assertThat(n.getSource()).hasToString("//helmwatch/sin-2");
    assertThat(n.getSubject()).isNull();
    assertThat(n.getId()).isEqualTo(CloudEventsSpec.structured(CloudEventsFormat.structured().notice(notice)
        .body()).getId());

    WatchResult result = new WatchResult(WatchOutcome.READY, Map.of(ComponentId.of("a"), ComponentState.INSTALLED));
    CloudEvent o = CloudEventsSpec.structured(CloudEventsFormat.structured().outcome(result, T).body());
    assertThat(o.getType()).isEqualTo("io.helmwatch.watch.outcome");
    assertThat(o.getSource()).hasToString("//helmwatch");
    JsonNode data = CloudEventsSpec.data(o);
    assertThat(data.path("outcome").asText()).isEqualTo("ready");
    CloudEvent later = CloudEventsSpec.structured(
        CloudEventsFormat.structured().outcome(result, T.plusSeconds(1)).body());
    assertThat(later.getId()).isNotEqualTo(o.getId());

    CloudEvent s = CloudEventsSpec.structured(CloudEventsFormat.structured().snapshot(List.of(), T).body());
    assertThat(s.getType()).isEqualTo("io.helmwatch.watch.snapshot");
  }

  @Test
  void sourceSegmentsArePercentEncoded() {
    assertThat(CloudEventsFormat.source("eu west/1", "ns", "grüße"))
        .hasToString("//helmwatch/eu%20west%2F1/ns/gr%C3%BC%C3%9Fe");
  }
}
