package io.helmwatch.testing.junit5;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.helmwatch.core.ComponentEvent;
import io.helmwatch.core.ComponentId;
import io.helmwatch.core.ComponentSnapshot;
import io.helmwatch.core.ComponentState;
import io.helmwatch.core.EmissionCause;
import io.helmwatch.core.EmissionPolicy;
import io.helmwatch.core.EventLevel;
import io.helmwatch.core.EventSink;
import io.helmwatch.core.LaneOptions;
import io.helmwatch.core.ReleaseKey;
import io.helmwatch.core.Subscription;
import io.helmwatch.core.WatchNotice;
import io.helmwatch.core.WatchOutcome;
import io.helmwatch.core.WatchResult;
import io.helmwatch.core.Watcher;
import io.helmwatch.testing.FakeReleaseSource;
import io.helmwatch.testing.HelmReleases;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link EventSink} should meet, as a JUnit 5 test class to extend: supply {@link
 * #createSink()} and, if the sink's output can be read back, {@link #readBack()}.
 *
 * <pre>{@code
 * class MySinkTest extends EventSinkContract {
 *   private final StringWriter out = new StringWriter();
 *
 *   protected EventSink createSink() { return new MySink(out); }
 *
 *   protected Optional<List<String>> readBack() { return Optional.of(out.toString().lines().toList()); }
 * }
 * }</pre>
 *
 * <p>It checks that the sink has a name; takes every kind of event, notice, snapshot and outcome without
 * throwing; takes unusual but valid input (empty messages, unicode and control characters, a 64 KB message,
 * long dependency lists, extreme times); closes cleanly with or without deliveries; and works behind the
 * delivery lane of a {@link Watcher} subscription. With a read-back it also checks that events come out in
 * the order they went in and that everything delivered before {@link EventSink#close()} returned can be read
 * after it. Every event it sends carries an ASCII marker ({@code contract-<test>-<n>}) in its message; the
 * read-back only needs to contain the markers, in any encoding that keeps ASCII letters, digits and dashes as
 * they are. It uses helmwatch's exported API only, so it runs on the class path and on the module path alike.
 *
 * @since 0.1
 */
public abstract class EventSinkContract {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Pattern MARKER = Pattern.compile("contract-([a-z]+)-(\\d+)");

  private final List<EventSink> created = new ArrayList<>();
  private final List<EventSink> closed = new ArrayList<>();

  /** A new sink; called once per test (the contract closes it). */
  protected abstract EventSink createSink() throws Exception;

  /**
   * What the sink created last has written or sent, one entry per item (a line, a request body, a log
   * message), in the order received; called after the sink was closed. Empty when the sink cannot be read
   * back: the ordering and flush checks are then skipped.
   */
  protected Optional<List<String>> readBack() throws Exception {
    return Optional.empty();
  }

  /** How long a lane may take to deliver and close in {@link #worksBehindADeliveryLane()}. Default 10 s. */
  protected Duration laneTimeout() {
    return Duration.ofSeconds(10);
  }

  private EventSink sink() throws Exception {
    EventSink sink = createSink();
    assertTrue(sink != null, "createSink() returned null");
    created.add(sink);
    return sink;
  }

  private void close(EventSink sink) {
    closed.add(sink);
    assertDoesNotThrow(sink::close, () -> "close() of sink '" + sink.name() + "' threw");
  }

  @AfterEach
  void closeWhatTheTestLeftOpen() {
    for (EventSink sink : created) {
      if (!closed.contains(sink)) {
        sink.close();
      }
    }
  }

  @Test
  public void hasAName() throws Exception {
    EventSink sink = sink();
    String name = sink.name();
    assertTrue(name != null && !name.isBlank(), "name() must not be blank, was '" + name + "'");
    close(sink);
  }

  @Test
  public void takesEveryKindOfEventNoticeSnapshotAndOutcome() throws Exception {
    EventSink sink = sink();
    int n = 0;
    for (ComponentState state : ComponentState.values()) {
      for (EmissionCause cause : EmissionCause.values()) {
        for (ComponentState previous : new ComponentState[] {null, ComponentState.PENDING, state}) {
          ComponentEvent e = event("kinds", n++, "c" + state.ordinal(), state, previous, cause, "");
          assertDoesNotThrow(() -> sink.onEvent(e), () -> "onEvent(" + describe(e) + ") threw");
        }
      }
    }
    for (WatchNotice.Kind kind : WatchNotice.Kind.values()) {
      for (EventLevel level : EventLevel.values()) {
        for (String cluster : new String[] {null, "sin-2"}) {
          WatchNotice notice = new WatchNotice(kind, level, "contract notice " + kind, T0, cluster);
          assertDoesNotThrow(() -> sink.onNotice(notice), () -> "onNotice(" + kind + ", " + level + ") threw");
        }
      }
    }
    assertDoesNotThrow(() -> sink.onSnapshot(List.of()), "onSnapshot(empty) threw");
    assertDoesNotThrow(() -> sink.onSnapshot(snapshot()), "onSnapshot(3 components) threw");
    for (WatchOutcome outcome : WatchOutcome.values()) {
      WatchResult result = new WatchResult(outcome, outcome == WatchOutcome.NOT_RECONCILING ? Map.of()
          : Map.of(ComponentId.of("a"), ComponentState.INSTALLED, ComponentId.of("b"), ComponentState.FAILED));
      assertDoesNotThrow(() -> sink.onOutcome(result), () -> "onOutcome(" + outcome + ") threw");
    }
    close(sink);
    expectMarkers("kinds", n, false);
  }

  @Test
  public void takesUnusualButValidInput() throws Exception {
    EventSink sink = sink();
    Map<String, String> unusual = new LinkedHashMap<>();
    unusual.put("an empty message", "");
    unusual.put("unicode", "Ünïcödé 世界 مرحبا 🚀👩‍👩‍👧 \u00a0\u2028\u2029");
    unusual.put("control characters and quotes", "line1\nline2\r\n\t\"quoted\" \\back\\slash \u0000\u0007\u001b[31m");
    unusual.put("a 64 KB message", "x".repeat(64 * 1024));
    unusual.put("JSON and markup", "{\"a\":[1,2]} <b>&amp;</b> ${jndi:ldap://x} %s %n {}");
    int n = 0;
    for (Map.Entry<String, String> u : unusual.entrySet()) {
      int at = n++;
      // The marker leads so that a sink that shortens long messages keeps it.
      ComponentEvent e = event("unusual", at, "sin-2:reloader", ComponentState.DEGRADED, ComponentState.INSTALLING,
          EmissionCause.TRANSITION, u.getValue());
      assertDoesNotThrow(() -> sink.onEvent(e), () -> "onEvent with " + u.getKey() + " threw");
      WatchNotice notice = new WatchNotice(WatchNotice.Kind.SOURCE_ERROR, EventLevel.WARN, u.getValue(), T0, "sin-2");
      assertDoesNotThrow(() -> sink.onNotice(notice), () -> "onNotice with " + u.getKey() + " threw");
    }
    List<ComponentId> many = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      many.add(ComponentId.of("dep-" + i));
    }
    ComponentEvent longDeps = new ComponentEvent(ComponentId.of("c"), ReleaseKey.of("ns", "c"),
        ComponentState.PENDING, null, EmissionCause.FIRST_OBSERVATION, EventLevel.INFO, marker("unusual", n++),
        Instant.EPOCH, many);
    assertDoesNotThrow(() -> sink.onEvent(longDeps), "onEvent with 500 dependencies threw");
    ComponentEvent farFuture = new ComponentEvent(ComponentId.of("c"), ReleaseKey.of("ns", "c"),
        ComponentState.INSTALLED, ComponentState.PENDING, EmissionCause.TRANSITION, EventLevel.INFO,
        marker("unusual", n++), Instant.parse("9999-12-31T23:59:59.999999999Z"), List.of());
    assertDoesNotThrow(() -> sink.onEvent(farFuture), "onEvent at 9999-12-31T23:59:59.999999999Z threw");
    close(sink);
    expectMarkers("unusual", n, false);
  }

  @Test
  public void keepsTheOrderOfEvents() throws Exception {
    EventSink sink = sink();
    ComponentState[] walk = {ComponentState.PENDING, ComponentState.INSTALLING, ComponentState.DEGRADED,
        ComponentState.INSTALLING, ComponentState.INSTALLED};
    int n = 0;
    for (int round = 0; round < 40; round++) {
      for (int c = 0; c < 5; c++) {
        ComponentState state = walk[round % walk.length];
        sink.onEvent(event("order", n++, "component-" + c, state, null, EmissionCause.TRANSITION, ""));
      }
    }
    close(sink);
    expectMarkers("order", n, true);
  }

  @Test
  public void everythingDeliveredBeforeCloseCanBeReadAfterIt() throws Exception {
    EventSink sink = sink();
    for (int i = 0; i < 50; i++) {
      sink.onEvent(event("flush", i, "c", ComponentState.INSTALLING, null, EmissionCause.REPEATED, "flush me"));
    }
    sink.onOutcome(new WatchResult(WatchOutcome.CANCELLED, Map.of()));
    close(sink);
    expectMarkers("flush", 50, true);
  }

  @Test
  public void closesCleanlyWithoutAnyDelivery() throws Exception {
    close(sink());
  }

  /**
   * The sink subscribed to a {@link Watcher} behind a delivery lane, as applications use it: 20 observations
   * of three releases, each with a marker in its {@code Ready} message, go through the lane; the watcher's
   * close delivers what is queued and closes the sink.
   */
  @Test
  public void worksBehindADeliveryLane() throws Exception {
    EventSink sink = sink();
    FakeReleaseSource source = FakeReleaseSource.create();
    Subscription subscription;
    try (Watcher watcher = Watcher.builder(source).policy(EmissionPolicy.everyObservation()).continuous().build()) {
      subscription = watcher.subscribe(sink, LaneOptions.defaults().withCloseTimeout(laneTimeout()));
      watcher.start();
      for (int i = 0; i < 20; i++) {
        source.apply(HelmReleases.named("c" + (i % 3)).readyUnknown("Progressing", marker("lane", i)));
      }
      assertTrue(subscription.flush(laneTimeout()), "the lane did not deliver within " + laneTimeout());
      closed.add(sink);
    }
    assertFalse(subscription.isActive(), "the subscription is still active after the watcher closed");
    assertEquals(0, subscription.stats().failed(), () -> "the sink failed behind a lane: " + subscription.stats());
    expectMarkers("lane", 20, false);
  }

  /**
   * The read-back holds markers 0..count-1 of {@code test}, each once, in order. Without a read-back, a test
   * that checks nothing else is reported as aborted rather than passed.
   */
  private void expectMarkers(String test, int count, boolean onlyCheck) throws Exception {
    Optional<List<String>> back = readBack();
    if (back.isEmpty()) {
      if (onlyCheck) {
        Assumptions.abort("the sink cannot be read back (readBack() is empty), so this is not checked");
      }
      return;
    }
    List<Integer> seen = new ArrayList<>();
    for (String entry : back.get()) {
      Matcher m = MARKER.matcher(entry);
      while (m.find()) {
        if (m.group(1).equals(test)) {
          seen.add(Integer.parseInt(m.group(2)));
        }
      }
    }
    List<Integer> expected = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      expected.add(i);
    }
    assertFalse(seen.isEmpty(), () -> "read-back holds none of the " + count + " '" + test + "' events; it has "
        + back.get().size() + " entries");
    assertEquals(expected, seen, "events read back (by marker) differ from those delivered, in order");
  }

  private static String marker(String test, int n) {
    return "contract-" + test + "-" + n;
  }

  private static ComponentEvent event(String test, int n, String component, ComponentState state,
      @Nullable ComponentState previous, EmissionCause cause, String text) {
    return new ComponentEvent(ComponentId.of(component), ReleaseKey.of("flux-system", component), state, previous,
        cause, EventLevel.of(state), marker(test, n) + (text.isEmpty() ? "" : " " + text), T0.plusSeconds(n),
        List.of());
  }

  private static List<ComponentSnapshot> snapshot() {
    return List.of(
        new ComponentSnapshot(ComponentId.of("cilium"), ComponentState.INSTALLED,
            ReleaseKey.of("flux-system", "bp-cilium"), T0, "Helm install succeeded", List.of()),
        new ComponentSnapshot(ComponentId.of("flux"), ComponentState.INSTALLING,
            ReleaseKey.of("flux-system", "bp-flux"), null, "", List.of(ComponentId.of("cilium"))),
        new ComponentSnapshot(ComponentId.of("sin-2:reloader"), ComponentState.PENDING,
            new ReleaseKey("sin-2", "flux-system", "bp-reloader"), null, "waiting", List.of()));
  }

  private static String describe(ComponentEvent e) {
    return e.component() + " " + (e.previous() == null ? "-" : e.previous().wireName()) + " -> "
        + e.state().wireName() + " (" + e.cause() + ")";
  }
}
