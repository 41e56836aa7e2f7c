package io.helmwatch.kafka;

import io.helmwatch.core.ComponentEvent;
import io.helmwatch.core.ComponentSnapshot;
import io.helmwatch.core.EventSink;
import io.helmwatch.core.ReleaseKey;
import io.helmwatch.core.WatchNotice;
import io.helmwatch.core.WatchResult;
import io.helmwatch.core.sink.RetryableSinkException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Produces one Kafka record per event, notice, snapshot and outcome to a topic, with an idempotent producer
 * and {@code acks=all}.
 *
 * <p><b>Keys.</b> An event's key is its release, {@code <cluster>/<namespace>/<name>} ({@link
 * ReleaseKey#toString()}, e.g. {@code primary/flux-system/bp-cilium}), so all records of a release land in
 * one partition, in the order the sink was given them. A notice that names a cluster is keyed by that cluster;
 * other notices, snapshots and outcomes by {@value #WATCH_KEY}.
 *
 * <p><b>Values.</b> By default helmwatch's JSON (schema 1, the objects the {@code jsonl} and {@code webhook}
 * sinks write) with the header {@code content-type: application/json}; {@link Builder#format} takes another
 * {@link KafkaRecordFormat}.
 *
 * <p><b>Delivery.</b> Each call waits until the broker acknowledged the record, so that a failure belongs to
 * the item that caused it: when Kafka gives up on a record (after its {@code delivery.timeout.ms}, two minutes
 * by default) or no acknowledgement arrives, the call throws {@link RetryableSinkException} and the sink's
 * delivery lane counts it and retries the same item. The idempotent producer keeps its own retries free of
 * duplicates and reordering; a lane's retry after a lost acknowledgement may still write a record twice
 * (at-least-once). An error that sending again cannot change fails the call once with an {@link
 * IllegalStateException}, which the lane counts and logs with the sink's name and does not retry: failed
 * authentication ({@code SaslAuthenticationException}) or authorisation ({@code TopicAuthorizationException},
 * {@code ClusterAuthorizationException}), a topic the broker refuses ({@code InvalidTopicException}), a
 * record larger than the producer or the topic allows ({@code RecordTooLargeException}), and Kafka's other
 * configuration errors ({@code InvalidConfigurationException}).
 * One record is in flight at a time, which suits a stream of state changes, not bulk data; {@code linger.ms}
 * is therefore 0 unless given.
 *
 * <p>{@link #close()} flushes and closes the producer, waiting at most {@link Builder#closeTimeout}.
 * Producer properties that hold credentials ({@code sasl.jaas.config}, {@code ssl.key.password}, anything
 * Kafka types as a password or whose name says password, secret, token or credential) never appear in a log
 * line, an exception message or {@link #toString()}.
 *
 * <pre>{@code
 * KafkaSink kafka = KafkaSink.builder("kafka-1:9092,kafka-2:9092", "helmwatch.events")
 *     .producerProperty("compression.type", "zstd")
 *     .build();
 * watcher.subscribe(kafka, LaneOptions.defaults().withRetry(
 *     RetryPolicy.exponential(10, Duration.ofSeconds(1), Duration.ofSeconds(30))));
 * }</pre>
 *
 * @since 0.1
 */
public final class KafkaSink implements EventSink {
  /** The key of notices without a cluster, snapshots and outcomes. */
  public static final String WATCH_KEY = "helmwatch";

  private static final Logger LOG = LoggerFactory.getLogger(KafkaSink.class);
  /** Beyond the producer's own delivery timeout, so that the producer's verdict normally comes first. */
  private static final Duration ACK_MARGIN = Duration.ofSeconds(5);

  private final Producer<String, byte[]> producer;
  private final String topic;
  private final String bootstrap;
  private final KafkaRecordFormat format;
  private final Clock clock;
  private final Duration ackTimeout;
  private final Duration closeTimeout;
  private final ProducerSecrets secrets;
  private final Map<String, String> producerConfig;

  private KafkaSink(Builder b) {
    this.topic = b.topic;
    this.bootstrap = b.bootstrap;
    this.format = b.format;
    this.clock = b.clock;
    this.closeTimeout = b.closeTimeout;
    Map<String, String> config = new LinkedHashMap<>();
    // One record is in flight at a time, so lingering for a batch would only delay each send.
    config.put(ProducerConfig.LINGER_MS_CONFIG, "0");
    config.putAll(b.properties);
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, b.bootstrap);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    this.producerConfig = Map.copyOf(config);
    this.secrets = ProducerSecrets.of(config);
    this.ackTimeout = deliveryTimeout(config).plus(ACK_MARGIN);
    try {
      this.producer = new KafkaProducer<>(Map.copyOf(config), new StringSerializer(), new ByteArraySerializer());
    } catch (KafkaException e) {
      throw new IllegalArgumentException("Kafka sink for topic '" + topic + "' cannot create its producer: "
          + describe(e), secrets.quotedBy(e) ? null : e);
    }
    LOG.debug("Kafka sink for topic '{}' at {} with {} producer properties", topic, bootstrap,
        b.properties.size());
  }

  /**
   * A sink producing to {@code topic} through the brokers {@code bootstrapServers} ({@code host:port}, comma
   * separated).
   */
  public static Builder builder(String bootstrapServers, String topic) {
    return new Builder(bootstrapServers, topic);
  }

  @Override
  public String name() {
    return "kafka:" + topic;
  }

  @Override
  public void onEvent(ComponentEvent event) {
    send(key(event.release()), format.event(event), "event for " + event.component());
  }

  @Override
  public void onNotice(WatchNotice notice) {
    String cluster = notice.cluster();
    send(cluster == null ? WATCH_KEY : cluster, format.notice(notice), "notice " + notice.kind());
  }

  @Override
  public void onSnapshot(List<ComponentSnapshot> snapshot) {
    send(WATCH_KEY, format.snapshot(snapshot, clock.instant()), "snapshot");
  }

  @Override
  public void onOutcome(WatchResult result) {
    send(WATCH_KEY, format.outcome(result, clock.instant()), "outcome");
  }

  /** The record key of events of {@code release}. */
  public static String key(ReleaseKey release) {
    return release.toString();
  }

  private void send(String key, KafkaPayload payload, String what) {
    ProducerRecord<String, byte[]> record =
        new ProducerRecord<>(topic, null, key, payload.value(), payload.headers());
    try {
      Future<RecordMetadata> ack = producer.send(record);
      ack.get(ackTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw failure(what, e.getCause() == null ? e : e.getCause());
    } catch (KafkaException e) {
      throw failure(what, e);
    } catch (TimeoutException e) {
      throw new RetryableSinkException("Kafka topic '" + topic + "' did not acknowledge the " + what
          + " within " + ackTimeout.toSeconds() + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while sending the " + what + " to Kafka topic '" + topic + "'", e);
    }
  }

  private RuntimeException failure(String what, Throwable error) {
    String message = "Kafka topic '" + topic + "' did not take the " + what + ": " + describe(error);
    @Nullable Throwable cause = secrets.quotedBy(error) ? null : error;
    if (permanent(error)) {
      return new IllegalStateException(message, cause);
    }
    return new RetryableSinkException(message, cause);
  }

  /**
   * Whether {@code error}, or an error it wraps, is one the broker or the producer gives the same way however
   * often the record is sent: Kafka's configuration errors (authentication, authorisation, an invalid topic,
   * a record batch or record the topic does not accept, an unsupported version or acks) and a record too
   * large. Anything else may pass, as a timeout, a lost leader or a broker that is not there yet do.
   */
  static boolean permanent(Throwable error) {
    for (Throwable e = error; e != null; e = e.getCause() == e ? null : e.getCause()) {
      if (e instanceof InvalidConfigurationException || e instanceof RecordTooLargeException) {
        return true;
      }
    }
    return false;
  }

  /** The error and its root cause ("Failed to construct kafka producer" alone says little), secrets taken out. */
  private String describe(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return describeOne(error) + (root == error ? "" : "; caused by " + describeOne(root));
  }

  private String describeOne(Throwable error) {
    return error.getClass().getSimpleName() + (error.getMessage() == null ? "" : " " + secrets.scrub(error.getMessage()));
  }

  /** Flushes what is pending and closes the producer, waiting at most the close timeout. */
  @Override
  public void close() {
    try {
      producer.close(closeTimeout);
    } catch (KafkaException e) {
      throw new IllegalStateException("Closing the Kafka producer of topic '" + topic + "' failed: " + describe(e),
          secrets.quotedBy(e) ? null : e);
    }
  }

  /** The properties the producer was created with, for tests. */
  Map<String, String> producerConfig() {
    return producerConfig;
  }

  @Override
  public String toString() {
    return "KafkaSink[topic=" + topic + ", bootstrap=" + bootstrap + ", format=" + format + ", "
        + producerConfig.size() + " producer properties]";
  }

  private static Duration deliveryTimeout(Map<String, String> config) {
    String configured = config.get(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG);
    if (configured == null) {
      Object fallback = ProducerConfig.configDef().configKeys()
          .get(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG).defaultValue;
      return Duration.ofMillis(((Number) Objects.requireNonNull(fallback)).longValue());
    }
    try {
      return Duration.ofMillis(Long.parseLong(configured.trim()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Producer property '" + ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG
          + "' must be a number of milliseconds");
    }
  }

  /** Configures a {@link KafkaSink}. Validates eagerly; never repeats a property's value in an error. */
  public static final class Builder {
    private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");
    private static final Set<String> SET_BY_THE_SINK = Set.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
        ProducerConfig.TRANSACTIONAL_ID_CONFIG);

    private final String bootstrap;
    private final String topic;
    private final Map<String, String> properties = new LinkedHashMap<>();
    private KafkaRecordFormat format = KafkaRecordFormat.json();
    private Clock clock = Clock.systemUTC();
    private Duration closeTimeout = Duration.ofSeconds(10);

    private Builder(String bootstrap, String topic) {
      Objects.requireNonNull(bootstrap, "bootstrapServers");
      Objects.requireNonNull(topic, "topic");
      if (bootstrap.isBlank()) {
        throw new IllegalArgumentException("Kafka bootstrap servers must be given, as in kafka-1:9092");
      }
      if (!TOPIC.matcher(topic).matches() || topic.equals(".") || topic.equals("..")) {
        throw new IllegalArgumentException("'" + topic + "' is not a Kafka topic name: 1 to 249 of the"
            + " characters a-z, A-Z, 0-9, '.', '_' and '-', and not '.' or '..'");
      }
      this.bootstrap = bootstrap.trim();
      this.topic = topic;
    }

    /**
     * A Kafka producer property, passed through as it is ({@code linger.ms}, {@code compression.type}, {@code
     * security.protocol}, {@code sasl.jaas.config}, ...).
     *
     * @throws IllegalArgumentException for a property the sink sets itself ({@code bootstrap.servers}, the
     *     serializers), {@code transactional.id}, or {@code acks} and {@code enable.idempotence} set to
     *     anything that would give up ordering or deduplication
     */
    public Builder producerProperty(String key, String value) {
      Objects.requireNonNull(key, "producer property name");
      Objects.requireNonNull(value, () -> "value of producer property " + key);
      String k = key.trim();
      if (SET_BY_THE_SINK.contains(k)) {
        throw new IllegalArgumentException("Producer property '" + k + "' is set by the Kafka sink"
            + (k.equals(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG) ? "; give the brokers as the bootstrap servers" : "")
            + (k.equals(ProducerConfig.TRANSACTIONAL_ID_CONFIG) ? "; the sink does not use transactions" : ""));
      }
      String v = value.trim().toLowerCase(Locale.ROOT);
      if (k.equals(ProducerConfig.ACKS_CONFIG) && !v.equals("all") && !v.equals("-1")) {
        throw new IllegalArgumentException("Producer property 'acks' must be 'all': the sink keeps each"
            + " release's records in order and free of duplicates only with every in-sync replica's ack");
      }
      if (k.equals(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG) && !v.equals("true")) {
        throw new IllegalArgumentException("Producer property 'enable.idempotence' must be 'true': without"
            + " it the producer's retries may duplicate or reorder records");
      }
      properties.put(k, value);
      return this;
    }

    /** Every entry as {@link #producerProperty(String, String)}. */
    public Builder producerProperties(Map<String, String> properties) {
      properties.forEach(this::producerProperty);
      return this;
    }

    /** How each item becomes a record's value and headers. Default {@link KafkaRecordFormat#json()}. */
    public Builder format(KafkaRecordFormat format) {
      this.format = Objects.requireNonNull(format, "format");
      return this;
    }

    /** Stamps snapshots and outcomes. Default UTC system clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** How long {@link KafkaSink#close()} waits for pending records. Default 10 seconds. */
    public Builder closeTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "closeTimeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("closeTimeout must be positive, was " + timeout);
      }
      this.closeTimeout = timeout;
      return this;
    }

    /**
     * The sink, with its producer.
     *
     * @throws IllegalArgumentException when Kafka rejects the producer properties
     */
    public KafkaSink build() {
      return new KafkaSink(this);
    }
  }
}
