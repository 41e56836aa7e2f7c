package io.helmwatch.cloudevents;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudevents.CloudEvent;
import io.cloudevents.SpecVersion;
import io.cloudevents.http.HttpMessageFactory;
import io.cloudevents.jackson.JsonFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Reads what was sent as a receiver would (the SDK's JSON format and HTTP binding) and checks it against
 * CloudEvents 1.0: the required attributes {@code id}, {@code source}, {@code specversion}, {@code type}
 * are present, non-empty and of their types; {@code time} and {@code datacontenttype} as helmwatch sets them.
 */
final class CloudEventsSpec {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private CloudEventsSpec() {}

  /** A structured-mode body: the raw JSON checked attribute by attribute, then decoded by the SDK. */
  static CloudEvent structured(String body) {
    JsonNode tree = tree(body.getBytes(StandardCharsets.UTF_8));
    for (String required : new String[] {"id", "source", "specversion", "type"}) {
      assertThat(tree.path(required).isTextual()).as("required attribute %s in %s", required, body).isTrue();
      assertThat(tree.path(required).asText()).as(required).isNotEmpty();
    }
    assertThat(tree.path("specversion").asText()).isEqualTo("1.0");
    assertThat(tree.path("datacontenttype").asText()).isEqualTo("application/json");
    assertThat(tree.path("data").isObject()).as("data inlined as JSON").isTrue();
    assertThat(tree.has("data_base64")).isFalse();
    CloudEvent event = new JsonFormat().deserialize(body.getBytes(StandardCharsets.UTF_8));
    checked(event);
    return event;
  }

  /** An HTTP request in binary mode: the ce- headers checked, then decoded by the SDK's HTTP binding. */
  static CloudEvent binary(Map<String, String> headers, byte[] body) {
    for (String required : new String[] {"ce-id", "ce-source", "ce-specversion", "ce-type"}) {
      assertThat(headers.get(required)).as("required header %s in %s", required, headers).isNotBlank();
    }
    assertThat(headers.get("ce-specversion")).isEqualTo("1.0");
    assertThat(headers.get("content-type")).isEqualTo("application/json");
    CloudEvent event = HttpMessageFactory.createReader(headers, body).toEvent();
    checked(event);
    return event;
  }

  private static void checked(CloudEvent event) {
    assertThat(event.getSpecVersion()).isEqualTo(SpecVersion.V1);
    assertThat(event.getId()).isNotEmpty();
    URI source = event.getSource();
    assertThat(source.toString()).startsWith("//helmwatch");
    assertThat(event.getType()).startsWith(CloudEventsFormat.TYPE_PREFIX);
    assertThat(event.getTime()).isNotNull();
    assertThat(event.getDataContentType()).isEqualTo("application/json");
    assertThat(event.getData()).isNotNull();
  }

  /** The event's data: a schema-1 object. */
  static JsonNode data(CloudEvent event) {
    JsonNode data = tree(event.getData().toBytes());
    assertThat(data.path("schema").asInt()).isEqualTo(1);
    return data;
  }

  static JsonNode tree(byte[] json) {
    try {
      return MAPPER.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
