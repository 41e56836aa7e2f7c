package io.helmwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.helmwatch.core.ComponentEvent;
import io.helmwatch.core.ComponentId;
import io.helmwatch.core.ComponentState;
import io.helmwatch.core.EmissionCause;
import io.helmwatch.core.EventLevel;
import io.helmwatch.core.ReleaseDetails;
import io.helmwatch.core.ReleaseKey;
import io.helmwatch.core.WatchNotice;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The table's cluster groups come in a fixed order, whichever cluster's events arrive first; stuck notices
 * read sensibly in every output.
 */
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

  @Test
  void aStuckComponentIsMarkedInItsRowUntilItsNextEvent() {
    StringWriter text = new StringWriter();
    TableOutput table = new TableOutput(new PrintWriter(text), Clock.fixed(T0, ZoneOffset.UTC), 1,
        List.of(ReleaseKey.PRIMARY));
    table.onEvent(event(ReleaseKey.PRIMARY, "cilium"));

    table.onNotice(stuck("cilium"));
    String drawn = text.toString();
    assertThat(drawn).contains("WARN cilium (flux-system/cilium) has been installing for 10m");
    assertThat(lastRow(drawn, "cilium")).contains("[stuck] Helm install succeeded");

    table.onEvent(event(ReleaseKey.PRIMARY, "cilium"));
    assertThat(lastRow(text.toString(), "cilium")).doesNotContain("[stuck]");
  }

  @Test
  void plainOutputWritesAStuckNoticeUnderTheComponentsName() {
    StringWriter text = new StringWriter();
    new PlainOutput(new PrintWriter(text)).onNotice(stuck("cilium"));
    assertThat(text.toString()).isEqualTo(
        "2026-01-01T00:10:00Z cilium                   stuck  cilium (flux-system/cilium) has been installing"
            + " for 10m (stuck after 10m): Ready=Unknown/Progressing%n".formatted());
  }

  @Test
  void jsonLinesCarryTheStuckNoticesKindAndComponent() {
    StringWriter text = new StringWriter();
    new JsonlOutput(new PrintWriter(text), new PrintWriter(new StringWriter())).onNotice(stuck("cilium"));
    assertThat(text.toString()).contains("\"kind\":\"stuck\"").contains("\"component\":\"cilium\"")
        .contains("\"level\":\"warn\"");
  }

  private static String lastRow(String drawn, String component) {
    String table = drawn.substring(drawn.lastIndexOf("COMPONENT"));
    return table.lines().filter(l -> l.startsWith(component)).reduce((a, b) -> b).orElseThrow();
  }

  private static WatchNotice stuck(String component) {
    return new WatchNotice(WatchNotice.Kind.STUCK, EventLevel.WARN, component + " (flux-system/" + component
        + ") has been installing for 10m (stuck after 10m): Ready=Unknown/Progressing",
        T0.plusSeconds(600), ReleaseKey.PRIMARY, ComponentId.of(component));
  }

  private static ComponentEvent event(String cluster, String id) {
    ReleaseKey key = new ReleaseKey(cluster, "flux-system", "cilium");
    return new ComponentEvent(ComponentId.of(id), key, ComponentState.INSTALLED, null,
        EmissionCause.FIRST_OBSERVATION, EventLevel.INFO, "Helm install succeeded", T0, List.of(),
        ReleaseDetails.NONE, "id-" + id, "uid-" + id);
  }
}
