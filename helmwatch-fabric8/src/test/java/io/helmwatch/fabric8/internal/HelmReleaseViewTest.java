package io.helmwatch.fabric8.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.helmwatch.core.ReleaseKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HelmReleaseViewTest {
  private final HelmReleaseView view = new HelmReleaseView("primary");

  private static GenericKubernetesResource resource(Object status) {
    GenericKubernetesResource r = new GenericKubernetesResource();
    ObjectMeta m = new ObjectMeta();
    m.setName("app");
    m.setNamespace("flux-system");
    m.setGeneration(3L);
    m.setResourceVersion("7");
    r.setMetadata(m);
    r.setAdditionalProperty("status", status);
    return r;
  }

  private static Map<String, Object> condition(Object type, Object status) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("type", type);
    c.put("status", status);
    return c;
  }

  @Test
  void readsConditionsInPlace() {
    Map<String, Object> ready = condition("Ready", "True");
    ready.put("reason", "InstallSucceeded");
    ready.put("observedGeneration", 3);
    ready.put("lastTransitionTime", "2026-01-01T00:00:00Z");
    var r = resource(Map.of("conditions", List.of(ready), "observedGeneration", 3L));
    HelmReleaseView v = view.read(r);
    assertThat(v.malformation()).isNull();
    assertThat(v.generation()).isEqualTo(3);
    assertThat(v.observedGeneration()).isEqualTo(3);
    assertThat(v.indexOfCondition("Ready")).isZero();
    assertThat(v.conditionReason(0)).isEqualTo("InstallSucceeded");
    assertThat(v.conditionObservedGeneration(0)).isEqualTo(3);
    assertThat(v.conditionLastTransitionTime(0)).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
  }

  @Test
  void readsSpecTimeoutAndTheNewestReleasesHelmStatus() {
    var r = resource(Map.of("history", List.of(Map.of("status", "deployed", "chartVersion", "1.1.0"),
        Map.of("status", "superseded", "chartVersion", "1.0.0"))));
    r.setAdditionalProperty("spec", Map.of("timeout", "10m30s"));
    HelmReleaseView v = view.read(r);
    assertThat(v.timeout()).isEqualTo("10m30s");
    assertThat(v.latestReleaseStatus()).isEqualTo("deployed");
  }

  @Test
  void aMissingOrMalformedTimeoutAndHistoryReadEmpty() {
    var r = resource(Map.of("history", List.of("not an object")));
    r.setAdditionalProperty("spec", Map.of("timeout", 300));
    HelmReleaseView v = view.read(r);
    assertThat(v.timeout()).isEmpty();
    assertThat(v.latestReleaseStatus()).isEmpty();
    assertThat(view.read(resource(Map.of())).timeout()).isEmpty();
    assertThat(view.read(resource(Map.of())).latestReleaseStatus()).isEmpty();
  }

  @Test
  void keysAreReusedAcrossReads() {
    var a = view.read(resource(Map.of())).key();
    var b = view.read(resource(Map.of())).key();
    assertThat(a).isSameAs(b);
  }

  @Test
  void conditionsThatAreNotAListReadAsNone() {
    HelmReleaseView v = view.read(resource(Map.of("conditions", "Ready")));
    assertThat(v.conditionCount()).isZero();
    assertThat(v.malformation()).contains("not a list");
  }

  @Test
  void entriesThatAreNotMapsReadAsEmpty() {
    List<Object> conditions = new ArrayList<>();
    conditions.add("Ready=True");
    conditions.add(null);
    HelmReleaseView v = view.read(resource(Map.of("conditions", conditions)));
    assertThat(v.conditionCount()).isEqualTo(2);
    assertThat(v.conditionType(0)).isEmpty();
    assertThat(v.conditionStatus(1)).isEmpty();
    assertThat(v.conditionLastTransitionTime(0)).isNull();
    assertThat(v.malformation()).isNotNull();
  }

  @Test
  void numbersSentAsStringsReadAsZero() {
    Map<String, Object> ready = condition("Ready", "True");
    ready.put("observedGeneration", "3");
    HelmReleaseView v = view.read(resource(Map.of("conditions", List.of(ready), "observedGeneration", "3")));
    assertThat(v.observedGeneration()).isZero();
    assertThat(v.conditionObservedGeneration(0)).isZero();
    assertThat(v.malformation()).contains("not a number");
  }

  @Test
  void nonStringFieldsAndBadTimesReadAsDefaults() {
    Map<String, Object> ready = condition(42, true);
    ready.put("lastTransitionTime", "yesterday");
    HelmReleaseView v = view.read(resource(Map.of("conditions", List.of(ready))));
    assertThat(v.conditionType(0)).isEmpty();
    assertThat(v.conditionStatus(0)).isEmpty();
    assertThat(v.conditionLastTransitionTime(0)).isNull();
    assertThat(v.conditionMessage(7)).isEmpty();
  }

  @Test
  void hugeMessagesAreCut() {
    Map<String, Object> ready = condition("Ready", "False");
    ready.put("message", "x".repeat(1_000_000));
    HelmReleaseView v = view.read(resource(Map.of("conditions", List.of(ready))));
    assertThat(v.conditionMessage(0)).hasSize(HelmReleaseView.MAX_MESSAGE_LENGTH);
  }

  @Test
  void statusThatIsNotAnObjectReadsAsNoStatus() {
    HelmReleaseView v = view.read(resource("broken"));
    assertThat(v.conditionCount()).isZero();
    assertThat(v.observedGeneration()).isZero();
    assertThat(v.malformation()).contains("status");
  }

  @Test
  void dependsOnDefaultsToTheOwnNamespaceAndSkipsBadEntries() {
    var r = resource(Map.of());
    r.setAdditionalProperty("spec", Map.of("suspend", true, "dependsOn",
        List.of(Map.of("name", "cilium"), Map.of("name", "x", "namespace", "other"), "junk", Map.of())));
    HelmReleaseView v = view.read(r);
    assertThat(v.suspended()).isTrue();
    assertThat(v.dependsOn()).extracting(k -> k.namespace() + "/" + k.name())
        .containsExactly("flux-system/cilium", "other/x");
  }

  @Test
  void dependsOnIsAnUnmodifiableListOfEveryUsableEntryInOrder() {
    for (int size = 0; size <= 4; size++) {
      List<Object> entries = new ArrayList<>();
      List<String> expected = new ArrayList<>();
      for (int i = 0; i < size; i++) {
        entries.add(Map.of("name", "dep" + i));
        entries.add(Map.of("namespace", "nameless"));
        expected.add("flux-system/dep" + i);
      }
      var r = resource(Map.of());
      r.setAdditionalProperty("spec", Map.of("dependsOn", entries));

      List<ReleaseKey> deps = view.read(r).dependsOn();

      assertThat(deps).as("%d named entries", size).extracting(k -> k.namespace() + "/" + k.name())
          .containsExactlyElementsOf(expected);
      assertThat(List.copyOf(deps)).as("unmodifiable, so kept without a copy").isSameAs(deps);
    }
  }

  @Test
  void aSingleDependsOnEntryIsReadLikeAnyOther() {
    var named = resource(Map.of());
    named.setAdditionalProperty("spec", Map.of("dependsOn", List.of(Map.of("name", "cilium", "namespace", "kube"))));
    assertThat(view.read(named).dependsOn()).extracting(k -> k.namespace() + "/" + k.name())
        .containsExactly("kube/cilium");

    var nameless = resource(Map.of());
    nameless.setAdditionalProperty("spec", Map.of("dependsOn", List.of(Map.of("namespace", "kube"))));
    assertThat(view.read(nameless).dependsOn()).isEmpty();
  }

  @Test
  void resourcesWithoutANameAreNotRead() {
    GenericKubernetesResource r = new GenericKubernetesResource();
    assertThat(view.read(r)).isNull();
  }
}
