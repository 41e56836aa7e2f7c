package io.helmwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.helmwatch.core.ComponentEvent;
import io.helmwatch.core.ComponentId;
import io.helmwatch.core.ComponentState;
import io.helmwatch.core.EmissionCause;
import io.helmwatch.core.EventLevel;
import io.helmwatch.core.ReleaseDetails;
import io.helmwatch.core.ReleaseKey;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The table's cluster groups come in a fixed order, whichever cluster's events arrive first. */
class TableOutputTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void groupsComePrimaryFirstThenAsTheContextsWereGivenWhateverArrivesFirst() {
    StringWriter text = new StringWriter();
    TableOutput table = new TableOutput(new PrintWriter(text), Clock.fixed(T0, ZoneOffset.UTC), 3,
        List.of(ReleaseKey.PRIMARY, "west", "east"));

    table.onEvent(event("east", "east:cilium"));
    table.onEvent(event("west", "west:cilium"));
    table.onEvent(event(ReleaseKey.PRIMARY, "cilium"));

    String drawn = text.toString();
    String last = drawn.substring(drawn.lastIndexOf("COMPONENT"));
    assertThat(last.indexOf("cluster primary")).as("primary's group in:%n%s", last).isPositive();
    assertThat(last.indexOf("cluster primary")).as("primary before west in:%n%s", last)
        .isLessThan(last.indexOf("cluster west"));
    assertThat(last.indexOf("cluster west")).as("west before east, as given, in:%n%s", last)
        .isLessThan(last.indexOf("cluster east"));
  }

  private static ComponentEvent event(String cluster, String id) {
    ReleaseKey key = new ReleaseKey(cluster, "flux-system", "cilium");
    return new ComponentEvent(ComponentId.of(id), key, ComponentState.INSTALLED, null,
        EmissionCause.FIRST_OBSERVATION, EventLevel.INFO, "Helm install succeeded", T0, List.of(),
        ReleaseDetails.NONE, "id-" + id, "uid-" + id);
  }
}
