package io.helmwatch.kafka;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real KRaft cluster inside the test JVM: one controller and one broker on loopback ports, from Kafka's own
 * test kit. Topics are never created automatically, so a record can only land where a test created a topic.
 */
final class TestBroker implements AutoCloseable {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final AtomicInteger TOPICS = new AtomicInteger();

  private final KafkaClusterTestKit cluster;
  private final Admin admin;

  private TestBroker(KafkaClusterTestKit cluster) {
    this.cluster = cluster;
    this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()));
  }

  static TestBroker start() {
    long started = System.nanoTime();
    try {
      Path base = Files.createTempDirectory("helmwatch-kafka");
      TestKitNodes nodes = new TestKitNodes.Builder()
          .setCombined(false)
          .setNumBrokerNodes(1)
          .setNumControllerNodes(1)
          .setBaseDirectory(base)
          .build();
      KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(nodes)
          .setConfigProp("auto.create.topics.enable", "false")
          // One broker: the internal topics cannot have three replicas.
          .setConfigProp("offsets.topic.replication.factor", "1")
          .setConfigProp("offsets.topic.num.partitions", "1")
          .setConfigProp("transaction.state.log.replication.factor", "1")
          .setConfigProp("transaction.state.log.min.isr", "1")
          .setConfigProp("group.initial.rebalance.delay.ms", "0")
          // Kafka's default is ten minutes: a start that cannot finish should fail the test soon.
          .setConfigProp("server.max.startup.time.ms", "60000")
          .build();
      cluster.format();
      cluster.startup();
      cluster.waitForReadyBrokers();
      System.out.println("[kafka] in-JVM KRaft broker ready in "
          + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) + " ms at " + cluster.bootstrapServers());
      return new TestBroker(cluster);
    } catch (Exception e) {
      throw new IllegalStateException("The in-JVM Kafka broker did not start", e);
    }
  }

  String bootstrap() {
    return cluster.bootstrapServers();
  }

  /** A new topic with a name of its own. */
  String createTopic(String prefix, int partitions) {
    return create(prefix + "-" + TOPICS.incrementAndGet(), partitions);
  }

  /** Creates {@code topic}, with one partition. */
  void createTopic(String topic) {
    create(topic, 1);
  }

  /** A new topic with a name of its own, one partition, and the topic configs {@code configs}. */
  String createTopic(String prefix, Map<String, String> configs) {
    return create(prefix + "-" + TOPICS.incrementAndGet(), 1, configs);
  }

  private String create(String topic, int partitions) {
    return create(topic, partitions, Map.of());
  }

  private String create(String topic, int partitions, Map<String, String> configs) {
    try {
      admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1).configs(configs))).all()
          .get(WAIT.toSeconds(), TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("Could not create topic " + topic, e);
    }
    return topic;
  }

  /**
   * The name of the broker's consumer offsets topic, created first (by asking for a group's coordinator) if
   * it does not exist yet: a topic the broker takes no produce requests for.
   */
  String offsetsTopic() {
    try {
      admin.listConsumerGroupOffsets("helmwatch-offsets-topic").partitionsToOffsetAndMetadata()
          .get(WAIT.toSeconds(), TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("The broker did not create its consumer offsets topic", e);
    }
    return "__consumer_offsets";
  }

  /** Stops the broker and starts it again on the same port and log directory, then waits until it is ready. */
  void restart() {
    int id = cluster.brokers().keySet().iterator().next();
    try {
      cluster.restartBroker(id, Map.of());
      cluster.waitForReadyBrokers();
    } catch (Exception e) {
      throw new IllegalStateException("The in-JVM Kafka broker did not restart", e);
    }
  }

  /**
   * Every record in {@code topic} at the time of the call, read from the start of each partition to its
   * end offset: exactly what the topic holds, duplicates included, in order within each partition.
   */
  List<ConsumerRecord<String, byte[]>> records(String topic) {
    Map<String, Object> props = Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (PartitionInfo p : consumer.partitionsFor(topic, WAIT)) {
        partitions.add(new TopicPartition(topic, p.partition()));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions, WAIT));
      List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p, WAIT) < end.get(p))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("Could not read " + topic + " to its end offsets " + end + " within " + WAIT);
        }
        consumer.poll(Duration.ofMillis(200)).forEach(out::add);
      }
      return out;
    }
  }

  /** The values of every record in {@code topic}, as UTF-8 text, in order (one partition) or per partition. */
  List<String> values(String topic) {
    return records(topic).stream().map(r -> new String(r.value(), StandardCharsets.UTF_8)).toList();
  }

  static String header(ConsumerRecord<?, ?> record, String name) {
    Header h = record.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  @Override
  public void close() throws Exception {
    admin.close(Duration.ofSeconds(5));
    cluster.close();
  }
}
