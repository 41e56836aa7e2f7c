package io.helmwatch.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.helmwatch.core.ComponentState;
import io.helmwatch.core.LaneStats;
import io.helmwatch.core.Subscription;
import io.helmwatch.core.WatchOutcome;
import io.helmwatch.core.WatchResult;
import io.helmwatch.core.Watcher;
import io.helmwatch.testing.FakeReleaseSource;
import io.helmwatch.testing.HelmControllerSimulator;
import io.helmwatch.testing.HelmRelease;
import io.helmwatch.testing.HelmReleases;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A whole rollout end to end: helm-controller simulated over the bootstrap kit, a watcher, a Kafka sink on
 * its own lane, the broker, a consumer. What the topic says last about each component is what the
 * simulator says the rollout ends in.
 */
@ExtendWith(KafkaBrokerExtension.class)
class KafkaRolloutTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Pattern FIELD = Pattern.compile("\"(type|component|state|time|outcome)\":\"([^\"]*)\"");

  private final TestBroker broker;

  KafkaRolloutTest(TestBroker broker) {
    this.broker = broker;
  }

  private static Map<String, String> fields(ConsumerRecord<String, byte[]> record) {
    Map<String, String> out = new LinkedHashMap<>();
    Matcher m = FIELD.matcher(new String(record.value(), StandardCharsets.UTF_8));
    while (m.find()) {
      out.putIfAbsent(m.group(1), m.group(2));
    }
    return out;
  }

  @Test
  void whatTheTopicSaysLastAboutEachComponentIsTheSimulatorsTruth() throws Exception {
    String topic = broker.createTopic("rollout", 3);
    List<HelmRelease> kit = HelmReleases.bootstrapKit();
    HelmControllerSimulator simulator = HelmControllerSimulator.builder(kit)
        .fail("bp-gitea").failOnce("bp-openbao").upgrade("bp-cilium").churn(2).build();
    FakeReleaseSource source = FakeReleaseSource.create();

    WatchResult result;
    LaneStats stats;
    try (Watcher watcher = Watcher.builder(source).namePrefix("bp-").expectAtLeast(kit.size()).build()) {
      Subscription subscription = watcher.subscribe(KafkaSink.builder(broker.bootstrap(), topic).build());
      var outcome = watcher.start();
      simulator.run(source::apply, pause -> { });
      result = outcome.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(subscription.flush(WAIT)).as("the Kafka lane delivered everything").isTrue();
      stats = subscription.stats();
    }

    Map<String, ComponentState> truth = new LinkedHashMap<>();
    simulator.finalTruth().forEach((release, state) -> truth.put(release.substring("bp-".length()), state));
    Map<String, ComponentState> lastInKafka = new LinkedHashMap<>();
    Map<String, String> lastTimeByKey = new LinkedHashMap<>();
    String outcomeInKafka = null;
    List<ConsumerRecord<String, byte[]>> records = broker.records(topic);
    for (ConsumerRecord<String, byte[]> r : records) {
      Map<String, String> f = fields(r);
      if (f.get("type").equals("event")) {
        lastInKafka.put(f.get("component"), ComponentState.valueOf(f.get("state").toUpperCase(java.util.Locale.ROOT)));
        assertThat(r.key()).isEqualTo("primary/flux-system/bp-" + f.get("component"));
        String before = lastTimeByKey.put(r.key(), f.get("time"));
        if (before != null) {
          assertThat(f.get("time")).as("times of %s in record order", r.key()).isGreaterThanOrEqualTo(before);
        }
      } else if (f.get("type").equals("outcome")) {
        assertThat(r.key()).isEqualTo(KafkaSink.WATCH_KEY);
        outcomeInKafka = f.get("outcome");
      }
    }

    assertThat(lastInKafka).isEqualTo(truth);
    assertThat(result.outcome()).isEqualTo(WatchOutcome.FAILED);
    assertThat(outcomeInKafka).isEqualTo("failed");
    assertThat(stats.failed()).isZero();
    assertThat(records).hasSize((int) stats.delivered());
  }
}
