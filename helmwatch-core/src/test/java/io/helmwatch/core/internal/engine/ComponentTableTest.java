package io.helmwatch.core.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.helmwatch.core.ComponentId;
import io.helmwatch.core.ComponentNamer;
import io.helmwatch.core.ReleaseFilter;
import io.helmwatch.core.ReleaseKey;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ComponentTableTest {
  private final ComponentTable table = new ComponentTable(ComponentNamer.releaseName(), ReleaseFilter.all(), Map.of());

  @Test
  void dependencyIdsAreReusedWhileTheyStayTheSame() {
    Track app = table.getOrAdd(key("apps", "app"));
    app.dependsOn = List.of(key("infra", "db"), key("infra", "cache"));

    List<ComponentId> first = table.dependsOn(app);

    assertThat(first).containsExactly(ComponentId.of("db"), ComponentId.of("cache"));
    assertThat(table.dependsOn(app)).isSameAs(first);
  }

  @Test
  void aDependencyWatchedUnderAnotherIdIsReportedByThatId() {
    table.getOrAdd(key("other", "cache"));
    Track app = table.getOrAdd(key("apps", "app"));
    app.dependsOn = List.of(key("infra", "db"), key("infra", "cache"));
    assertThat(table.dependsOn(app)).containsExactly(ComponentId.of("db"), ComponentId.of("cache"));

    Track cache = table.getOrAdd(key("infra", "cache"));

    assertThat(cache.id).isNotEqualTo(ComponentId.of("cache"));
    assertThat(table.dependsOn(app)).containsExactly(ComponentId.of("db"), cache.id);
  }

  @Test
  void changedDependenciesGiveTheirIds() {
    Track app = table.getOrAdd(key("apps", "app"));
    app.dependsOn = List.of(key("infra", "db"));
    assertThat(table.dependsOn(app)).containsExactly(ComponentId.of("db"));

    app.dependsOn = List.of();

    assertThat(table.dependsOn(app)).isEmpty();
  }

  @Test
  void aRemovedTrackIsNoLongerCurrentAndTheReleaseGetsANewOne() {
    Track first = table.getOrAdd(key("apps", "app"));
    assertThat(table.isCurrent(first)).isTrue();

    table.remove(first);
    Track second = table.getOrAdd(key("apps", "app"));

    assertThat(table.isCurrent(first)).isFalse();
    assertThat(second).isNotSameAs(first);
    assertThat(table.isCurrent(second)).isTrue();
    assertThat(table.get(key("apps", "app"))).isSameAs(second);
  }

  @Test
  void removingAReplacedTrackLeavesItsSuccessorCurrent() {
    Track first = table.getOrAdd(key("apps", "app"));
    table.remove(first);
    Track second = table.getOrAdd(key("apps", "app"));

    table.remove(first);

    assertThat(table.isCurrent(second)).isTrue();
    assertThat(table.get(key("apps", "app"))).isSameAs(second);
  }

  private static ReleaseKey key(String namespace, String name) {
    return new ReleaseKey(ReleaseKey.PRIMARY, namespace, name);
  }
}
