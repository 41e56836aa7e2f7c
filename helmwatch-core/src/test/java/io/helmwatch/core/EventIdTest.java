package io.helmwatch.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventIdTest {
  private static final ReleaseKey KEY = new ReleaseKey("sin-2", "flux-system", "bp-reloader");

  @Test
  void isTheDocumentedHashOfTheDocumentedText() throws Exception {
    String text = "helmwatch-event-id/1\ncluster=sin-2\nnamespace=flux-system\nname=bp-reloader\n"
        + "uid=7c1d\ngeneration=3\nobservedGeneration=2\nprevious=installing\nstate=installed\n";
    byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    String hex = HexFormat.of().formatHex(hash, 0, 16);

    String id = EventId.of(KEY, "7c1d", 3, 2, ComponentState.INSTALLING, ComponentState.INSTALLED);

    UUID uuid = UUID.fromString(id);
    assertThat(uuid.version()).isEqualTo(8);
    assertThat(uuid.variant()).isEqualTo(2);
    String expected = hex.substring(0, 12) + "8" + hex.substring(13, 16)
        + Integer.toHexString((Integer.parseInt(hex.substring(16, 17), 16) & 0x3) | 0x8) + hex.substring(17);
    assertThat(id.replace("-", "")).isEqualTo(expected);
  }

  @Test
  void aDriftLineIsHashedAfterTheStateAndOnlyWhenGiven() throws Exception {
    ReleaseKey key = ReleaseKey.of("podinfo", "podinfo");
    String drift = EventId.driftLine(true, java.time.Instant.parse("2026-01-01T01:00:00Z"));
    assertThat(drift).isEqualTo("detected 2026-01-01T01:00:00Z");
    String text = "helmwatch-event-id/1\ncluster=primary\nnamespace=podinfo\nname=podinfo\nuid=u\ngeneration=1\n"
        + "observedGeneration=1\nprevious=installed\nstate=installed\ndrift=detected 2026-01-01T01:00:00Z\n";
    byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    String id = EventId.of(key, "u", 1, 1, ComponentState.INSTALLED, ComponentState.INSTALLED, drift);
    assertThat(id.replace("-", "").substring(0, 12)).isEqualTo(HexFormat.of().formatHex(hash, 0, 6));
    assertThat(EventId.of(key, "u", 1, 1, ComponentState.INSTALLED, ComponentState.INSTALLED, null))
        .isEqualTo(EventId.of(key, "u", 1, 1, ComponentState.INSTALLED, ComponentState.INSTALLED));
    assertThat(EventId.driftLine(false, null)).isEqualTo("corrected ");
  }

  /** The documented text hashed by the JDK's own encoder, for any values. */
  private static String documented(ReleaseKey key, String uid, String previous, String state) throws Exception {
    String text = "helmwatch-event-id/1\n" + line("cluster", key.cluster()) + line("namespace", key.namespace())
        + line("name", key.name()) + line("uid", uid) + "generation=1\nobservedGeneration=1\n"
        + line("previous", previous) + line("state", state);
    byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    hash[6] = (byte) ((hash[6] & 0x0f) | 0x80);
    hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
    String hex = HexFormat.of().formatHex(hash, 0, 16);
    return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
        + hex.substring(16, 20) + "-" + hex.substring(20);
  }

  private static String line(String name, String value) {
    return name + "=" + value.replace("\\", "\\\\").replace("\n", "\\n") + "\n";
  }

  @Test
  void escapesAndNonAsciiValuesHashAsTheDocumentedUtf8Text() throws Exception {
    ReleaseKey odd = new ReleaseKey("zürich\\1", "flux-system", "bp-\u00e9t\u00e9\n\\x-\uD83D\uDE80");
    String uid = "uid-\\-\u6f22\u5b57";
    assertThat(EventId.of(odd, uid, 1, 1, ComponentState.INSTALLING, ComponentState.INSTALLED))
        .isEqualTo(documented(odd, uid, "installing", "installed"));
    String longUid = "u".repeat(600);
    assertThat(EventId.of(KEY, longUid, 1, 1, null, ComponentState.PENDING))
        .as("a value longer than the reused buffer").isEqualTo(documented(KEY, longUid, "", "pending"));
  }

  @Test
  void sameFactsGiveTheSameIdAndEachFactChangesIt() {
    String id = EventId.of(KEY, "u", 3, 3, ComponentState.INSTALLING, ComponentState.INSTALLED);
    assertThat(EventId.of(new ReleaseKey("sin-2", "flux-system", "bp-reloader"), "u", 3, 3,
        ComponentState.INSTALLING, ComponentState.INSTALLED)).isEqualTo(id);
    assertThat(List.of(
        EventId.of(new ReleaseKey("sin-3", "flux-system", "bp-reloader"), "u", 3, 3,
            ComponentState.INSTALLING, ComponentState.INSTALLED),
        EventId.of(new ReleaseKey("sin-2", "other", "bp-reloader"), "u", 3, 3,
            ComponentState.INSTALLING, ComponentState.INSTALLED),
        EventId.of(new ReleaseKey("sin-2", "flux-system", "reloader"), "u", 3, 3,
            ComponentState.INSTALLING, ComponentState.INSTALLED),
        EventId.of(KEY, null, 3, 3, ComponentState.INSTALLING, ComponentState.INSTALLED),
        EventId.of(KEY, "u", 4, 3, ComponentState.INSTALLING, ComponentState.INSTALLED),
        EventId.of(KEY, "u", 3, 4, ComponentState.INSTALLING, ComponentState.INSTALLED),
        EventId.of(KEY, "u", 3, 3, null, ComponentState.INSTALLED),
        EventId.of(KEY, "u", 3, 3, ComponentState.INSTALLING, ComponentState.DEGRADED)))
        .doesNotContain(id)
        .doesNotHaveDuplicates();
  }

  @Test
  void generationsAreWrittenInDecimalWhateverTheirSize() throws Exception {
    for (long g : new long[] {0, 7, 10, -1, 1234567890123L, Long.MAX_VALUE, Long.MIN_VALUE}) {
      String text = "helmwatch-event-id/1\ncluster=sin-2\nnamespace=flux-system\nname=bp-reloader\nuid=\n"
          + "generation=" + g + "\nobservedGeneration=" + (g == Long.MIN_VALUE ? 0 : -g) + "\nprevious=\n"
          + "state=pending\n";
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      hash[6] = (byte) ((hash[6] & 0x0f) | 0x80);
      hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
      String hex = HexFormat.of().formatHex(hash, 0, 16);
      assertThat(EventId.of(KEY, null, g, g == Long.MIN_VALUE ? 0 : -g, null, ComponentState.PENDING)
          .replace("-", "")).as("generation %d", g).isEqualTo(hex);
    }
  }

  @Test
  void fieldValuesCannotForgeAnotherFieldList() {
    String forged = EventId.of(new ReleaseKey("a\nnamespace=b", "c", "d"), null, 0, 0, null,
        ComponentState.PENDING);
    String plain = EventId.of(new ReleaseKey("a", "b\nnamespace=c", "d"), null, 0, 0, null,
        ComponentState.PENDING);
    assertThat(forged).isNotEqualTo(plain);
  }

  @Test
  void anObservationGivesItsKeyUidAndGenerations() {
    ReleaseObservation o = ReleaseObservation.builder(KEY).uid("u").generation(5).observedGeneration(4).build();
    assertThat(EventId.of(o, null, ComponentState.INSTALLING))
        .isEqualTo(EventId.of(KEY, "u", 5, 4, null, ComponentState.INSTALLING));
  }
}
