package io.helmwatch.cloudevents;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.http.HttpMessageFactory;
import io.cloudevents.jackson.JsonFormat;
import io.helmwatch.core.ComponentEvent;
import io.helmwatch.core.ComponentSnapshot;
import io.helmwatch.core.ReleaseKey;
import io.helmwatch.core.WatchNotice;
import io.helmwatch.core.WatchResult;
import io.helmwatch.core.internal.json.EventJson;
import io.helmwatch.core.sink.EventFormat;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Wraps each of helmwatch's schema-1 JSON objects in a CloudEvent 1.0, for {@link
 * io.helmwatch.core.sink.JsonLinesSink} and {@link io.helmwatch.core.sink.WebhookSink}.
 *
 * <p>{@link #structured()} writes the whole event as one {@code application/cloudevents+json} object (the
 * JSON event format); {@link #binary()} follows the HTTP binding's binary mode: the attributes travel as
 * {@code ce-*} headers and the body is the schema-1 object itself ({@code application/json}), so a receiver
 * that reads schema 1 keeps working.
 *
 * <p>Attributes:
 *
 * <ul>
 *   <li>{@code specversion}: {@code 1.0};
 *   <li>{@code id}: for a component event its {@link ComponentEvent#id()} (deterministic: the same on every
 *       watcher and after a restart, see {@link io.helmwatch.core.EventId}); for a notice, snapshot or
 *       outcome a name-based UUID (version 3) of its schema-1 JSON, so the same object sent again keeps its
 *       id;
 *   <li>{@code source}: {@code //helmwatch/<cluster>/<namespace>/<name>} for a component event (the
 *       release it is about), {@code //helmwatch/<cluster>} for a notice about one cluster, {@code
 *       //helmwatch} for the rest (a watch may span clusters); characters a URI path does not allow are
 *       percent-encoded;
 *   <li>{@code type}: {@code io.helmwatch.component.<state>} ({@code pending}, {@code installing}, {@code
 *       installed}, {@code degraded}, {@code failed}, {@code suspended}, {@code removed}), {@code
 *       io.helmwatch.watch.notice.<kind>} (e.g. {@code source_error}), {@code io.helmwatch.watch.snapshot},
 *       {@code io.helmwatch.watch.outcome};
 *   <li>{@code subject}: the component id for a component event; absent otherwise;
 *   <li>{@code time}: the event's or notice's time, the time written for snapshots and outcomes (UTC);
 *   <li>{@code datacontenttype}: {@code application/json}; {@code data}: the schema-1 object.
 * </ul>
 *
 * @since 0.1
 */
public final class CloudEventsFormat implements EventFormat {
  /** Prefix of every {@code type}. */
  public static final String TYPE_PREFIX = "io.helmwatch.";

  private static final String JSON = "application/json";
  private static final String HEX = "0123456789ABCDEF";
  private static final CloudEventsFormat STRUCTURED = new CloudEventsFormat(false);
  private static final CloudEventsFormat BINARY = new CloudEventsFormat(true);

  private final boolean binary;
  private final JsonFormat json = new JsonFormat();

  private CloudEventsFormat(boolean binary) {
    this.binary = binary;
  }

  /** The JSON event format: one self-contained {@code application/cloudevents+json} object. */
  public static CloudEventsFormat structured() {
    return STRUCTURED;
  }

  /** HTTP binary mode: {@code ce-*} headers and the schema-1 object as the body. For webhooks only. */
  public static CloudEventsFormat binary() {
    return BINARY;
  }

  @Override
  public String name() {
    return binary ? "cloudevents-binary" : "cloudevents";
  }

  @Override
  public Message event(ComponentEvent e) {
    ReleaseKey k = e.release();
    return encode(e.id(), source(k.cluster(), k.namespace(), k.name()), TYPE_PREFIX + "component."
        + e.state().wireName(), e.component().value(), e.time(), EventJson.event(e));
  }

  @Override
  public Message notice(WatchNotice n) {
    String data = EventJson.notice(n);
    String cluster = n.cluster();
    return encode(contentId(data), cluster == null ? source() : source(cluster), TYPE_PREFIX + "watch.notice."
        + n.kind().name().toLowerCase(Locale.ROOT), null, n.time(), data);
  }

  @Override
  public Message snapshot(List<ComponentSnapshot> snapshot, Instant time) {
    String data = EventJson.snapshot(snapshot, time);
    return encode(contentId(data), source(), TYPE_PREFIX + "watch.snapshot", null, time, data);
  }

  @Override
  public Message outcome(WatchResult result, Instant time) {
    String data = EventJson.outcome(result, time);
    return encode(contentId(data), source(), TYPE_PREFIX + "watch.outcome", null, time, data);
  }

  private Message encode(String id, URI source, String type, @Nullable String subject, Instant time,
      String data) {
    CloudEvent event = cloudEvent(id, source, type, subject, time, data);
    // The SDK's writers take the event whole: its JSON format for structured mode, its HTTP binding's
    // header names (ce-<attribute>) for binary mode.
    if (!binary) {
      return Message.of(JsonFormat.CONTENT_TYPE, new String(json.serialize(event), StandardCharsets.UTF_8));
    }
    Map<String, String> headers = new LinkedHashMap<>();
    byte[][] body = new byte[1][];
    HttpMessageFactory.createWriter(headers::put, b -> body[0] = b).writeBinary(event);
    String contentType = headers.remove("Content-Type");
    return new Message(contentType == null ? JSON : contentType, headers,
        body[0] == null ? "" : new String(body[0], StandardCharsets.UTF_8));
  }

  private static CloudEvent cloudEvent(String id, URI source, String type, @Nullable String subject,
      Instant time, String data) {
    CloudEventBuilder b = CloudEventBuilder.v1()
        .withId(id)
        .withSource(source)
        .withType(type)
        .withTime(OffsetDateTime.ofInstant(time, ZoneOffset.UTC))
        .withData(JSON, data.getBytes(StandardCharsets.UTF_8));
    if (subject != null) {
      b.withSubject(subject);
    }
    return b.build();
  }

  private static String contentId(String json) {
    return UUID.nameUUIDFromBytes(json.getBytes(StandardCharsets.UTF_8)).toString();
  }

  /** {@code //helmwatch/<segments...>}, each segment percent-encoded (RFC 3986) where a path needs it. */
  static URI source(String... segments) {
    StringBuilder uri = new StringBuilder("//helmwatch");
    for (String segment : segments) {
      uri.append('/');
      for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
        char c = (char) (b & 0xff);
        if (c < 0x80 && (Character.isLetterOrDigit(c) || "-._~!$&'()*+,;=:@".indexOf(c) >= 0)) {
          uri.append(c);
        } else {
          uri.append('%').append(HEX.charAt(c >> 4)).append(HEX.charAt(c & 0xf));
        }
      }
    }
    return URI.create(uri.toString());
  }

  @Override
  public String toString() {
    return "CloudEventsFormat." + (binary ? "binary()" : "structured()");
  }
}
