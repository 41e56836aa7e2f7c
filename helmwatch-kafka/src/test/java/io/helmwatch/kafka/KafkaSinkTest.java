package io.helmwatch.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.helmwatch.core.ComponentEvent;
import io.helmwatch.core.ComponentId;
import io.helmwatch.core.ComponentSnapshot;
import io.helmwatch.core.ComponentState;
import io.helmwatch.core.EmissionCause;
import io.helmwatch.core.EventLevel;
import io.helmwatch.core.EventSink;
import io.helmwatch.core.LaneOptions;
import io.helmwatch.core.LaneStats;
import io.helmwatch.core.ReleaseKey;
import io.helmwatch.core.RetryPolicy;
import io.helmwatch.core.Subscription;
import io.helmwatch.core.WatchNotice;
import io.helmwatch.core.WatchOutcome;
import io.helmwatch.core.WatchResult;
import io.helmwatch.core.Watcher;
import io.helmwatch.core.internal.json.EventJson;
import io.helmwatch.core.sink.RetryableSinkException;
import io.helmwatch.testing.FakeReleaseSource;
import io.helmwatch.testing.HelmReleases;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What {@link KafkaSink} writes, read back from the in-JVM broker. */
@ExtendWith(KafkaBrokerExtension.class)
class KafkaSinkTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration WAIT = Duration.ofSeconds(60);

  private final TestBroker broker;

  KafkaSinkTest(TestBroker broker) {
    this.broker = broker;
  }

  private static ComponentEvent event(ReleaseKey release, ComponentState state, String message) {
    return new ComponentEvent(ComponentId.of(release.name()), release, state, null, EmissionCause.TRANSITION,
        EventLevel.of(state), message, T0, List.of());
  }

  private static String text(ConsumerRecord<String, byte[]> r) {
    return new String(r.value(), StandardCharsets.UTF_8);
  }

  @Test
  void eachItemIsOneRecordOfSchemaOneJsonWithItsKeyAndAContentTypeHeader() {
    String topic = broker.createTopic("format", 1);
    Clock clock = Clock.fixed(T0.plusSeconds(60), ZoneOffset.UTC);
    ComponentEvent installed = event(new ReleaseKey("sin-2", "flux-system", "bp-cilium"), ComponentState.INSTALLED,
        "Helm install succeeded");
    WatchNotice clusterNotice = new WatchNotice(WatchNotice.Kind.SOURCE_ERROR, EventLevel.WARN, "watch dropped", T0,
        "sin-2");
    WatchNotice watchNotice = new WatchNotice(WatchNotice.Kind.SOURCE_ERROR, EventLevel.WARN, "no cluster", T0, null);
    List<ComponentSnapshot> snapshot = List.of(new ComponentSnapshot(ComponentId.of("cilium"),
        ComponentState.INSTALLED, ReleaseKey.of("flux-system", "bp-cilium"), T0, "ok", List.of()));
    WatchResult outcome = new WatchResult(WatchOutcome.READY, Map.of(ComponentId.of("cilium"), ComponentState.INSTALLED));

    try (KafkaSink sink = KafkaSink.builder(broker.bootstrap(), topic).clock(clock).build()) {
      sink.onEvent(installed);
      sink.onNotice(clusterNotice);
      sink.onNotice(watchNotice);
      sink.onSnapshot(snapshot);
      sink.onOutcome(outcome);
    }

    List<ConsumerRecord<String, byte[]>> records = broker.records(topic);
    assertThat(records).extracting(ConsumerRecord::key)
        .containsExactly("sin-2/flux-system/bp-cilium", "sin-2", KafkaSink.WATCH_KEY, KafkaSink.WATCH_KEY,
            KafkaSink.WATCH_KEY);
    assertThat(records).extracting(KafkaSinkTest::text).containsExactly(
        EventJson.event(installed),
        EventJson.notice(clusterNotice),
        EventJson.notice(watchNotice),
        EventJson.snapshot(snapshot, clock.instant()),
        EventJson.outcome(outcome, clock.instant()));
    assertThat(records).allSatisfy(r -> {
      assertThat(TestBroker.header(r, "content-type")).isEqualTo("application/json");
      assertThat(r.headers().toArray()).hasSize(1);
    });
  }

  @Test
  void eachReleaseKeepsItsOrderInOnePartition() {
    String topic = broker.createTopic("order", 4);
    List<ReleaseKey> releases = new ArrayList<>();
    for (String cluster : List.of("primary", "sin-2")) {
      for (int i = 0; i < 4; i++) {
        releases.add(new ReleaseKey(cluster, "flux-system", "bp-" + i));
      }
    }
    Map<String, List<String>> sent = new LinkedHashMap<>();
    try (KafkaSink sink = KafkaSink.builder(broker.bootstrap(), topic).build()) {
      for (int round = 0; round < 25; round++) {
        for (ReleaseKey release : releases) {
          String message = release + " #" + round;
          sink.onEvent(event(release, ComponentState.INSTALLING, message));
          sent.computeIfAbsent(release.toString(), k -> new ArrayList<>()).add(message);
        }
      }
    }

    List<ConsumerRecord<String, byte[]>> records = broker.records(topic);
    assertThat(records).hasSize(releases.size() * 25);
    Map<String, List<String>> received = new LinkedHashMap<>();
    Map<String, Set<Integer>> partitions = new LinkedHashMap<>();
    for (ConsumerRecord<String, byte[]> r : records) {
      String json = text(r);
      received.computeIfAbsent(r.key(), k -> new ArrayList<>())
          .add(json.substring(json.indexOf("\"message\":\"") + 11, json.indexOf("\"", json.indexOf("\"message\":\"") + 11)));
      partitions.computeIfAbsent(r.key(), k -> new TreeSet<>()).add(r.partition());
    }
    assertThat(received).isEqualTo(sent);
    assertThat(partitions.values()).allSatisfy(p -> assertThat(p).hasSize(1));
    assertThat(partitions.values().stream().flatMap(Set::stream).distinct().count())
        .as("the releases spread over more than one partition").isGreaterThan(1);
  }

  @Test
  void aBrokerRestartDuringSendsLosesNothingAndDuplicatesNothing() throws Exception {
    String topic = broker.createTopic("restart", 1);
    List<String> acknowledged = new ArrayList<>();
    Semaphore acks = new Semaphore(0);
    AtomicBoolean stop = new AtomicBoolean();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    AtomicInteger duringRestart = new AtomicInteger();
    AtomicBoolean restarting = new AtomicBoolean();
    List<ReleaseKey> releases = List.of(ReleaseKey.of("flux-system", "bp-a"), ReleaseKey.of("flux-system", "bp-b"),
        ReleaseKey.of("flux-system", "bp-c"));

    try (KafkaSink sink = KafkaSink.builder(broker.bootstrap(), topic).build()) {
      Thread sender = new Thread(() -> {
        try {
          for (int n = 0; !stop.get(); n++) {
            String message = "restart-" + n;
            sink.onEvent(event(releases.get(n % releases.size()), ComponentState.INSTALLING, message));
            synchronized (acknowledged) {
              acknowledged.add(message);
            }
            if (restarting.get()) {
              duringRestart.incrementAndGet();
            }
            acks.release();
          }
        } catch (Throwable t) {
          failure.set(t);
          acks.release(1000);
        }
      }, "kafka-restart-sender");
      sender.start();
      assertThat(acks.tryAcquire(30, WAIT.toSeconds(), TimeUnit.SECONDS)).as("acks before the restart").isTrue();
      restarting.set(true);
      broker.restart();
      restarting.set(false);
      acks.drainPermits();
      assertThat(acks.tryAcquire(30, WAIT.toSeconds(), TimeUnit.SECONDS)).as("acks after the restart").isTrue();
      stop.set(true);
      sender.join(WAIT.toMillis());
      assertThat(failure.get()).as("no send failed").isNull();
    }

    List<String> stored = broker.records(topic).stream()
        .map(r -> {
          String json = text(r);
          int at = json.indexOf("restart-");
          return json.substring(at, json.indexOf('"', at));
        })
        .toList();
    synchronized (acknowledged) {
      assertThat(stored).as("records in the topic, in order: each acknowledged send exactly once")
          .containsExactlyElementsOf(acknowledged);
    }
    System.out.println("[kafka] broker restart: " + stored.size() + " records, " + duringRestart.get()
        + " acknowledged while the broker restarted, 0 duplicates");
  }

  @Test
  void aSendThatFailsIsRetryableAndTheLaneRetriesItUntilTheTopicExists() {
    String topic = "not-yet-" + System.nanoTime();
    try (KafkaSink sink = KafkaSink.builder(broker.bootstrap(), topic)
        .producerProperty("max.block.ms", "200").build()) {
      ComponentEvent e = event(ReleaseKey.of("flux-system", "a"), ComponentState.INSTALLING, "no topic yet");
      assertThatThrownBy(() -> sink.onEvent(e))
          .isInstanceOf(RetryableSinkException.class)
          .hasMessageContaining("Kafka topic '" + topic + "' did not take the event for a");
    }

    AtomicInteger failures = new AtomicInteger();
    KafkaSink kafka = KafkaSink.builder(broker.bootstrap(), topic).producerProperty("max.block.ms", "200").build();
    EventSink createsTheTopicOnItsFirstFailure = new EventSink() {
      @Override
      public void onEvent(ComponentEvent event) {
        try {
          kafka.onEvent(event);
        } catch (RetryableSinkException failed) {
          if (failures.getAndIncrement() == 0) {
            broker.createTopic(topic);
          }
          throw failed;
        }
      }

      @Override
      public void close() {
        kafka.close();
      }
    };
    FakeReleaseSource source = FakeReleaseSource.create();
    LaneStats stats;
    try (Watcher watcher = Watcher.builder(source).continuous().build()) {
      watcher.start();
      Subscription subscription = watcher.subscribe(createsTheTopicOnItsFirstFailure, LaneOptions.defaults()
          .withRetry(RetryPolicy.exponential(100, Duration.ofMillis(50), Duration.ofMillis(200))));
      source.apply(HelmReleases.named("a").runningAction());
      assertThat(subscription.flush(WAIT)).as("the lane delivered the event").isTrue();
      stats = subscription.stats();
    }

    assertThat(failures.get()).isPositive();
    assertThat(stats.retried()).isEqualTo(failures.get());
    assertThat(stats.failed()).isZero();
    assertThat(broker.values(topic)).singleElement().asString().contains("\"component\":\"a\"", "\"state\":\"installing\"");
  }
}
