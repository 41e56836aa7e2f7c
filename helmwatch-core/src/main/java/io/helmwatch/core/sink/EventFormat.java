package io.helmwatch.core.sink;

import io.helmwatch.core.ComponentEvent;
import io.helmwatch.core.ComponentSnapshot;
import io.helmwatch.core.WatchNotice;
import io.helmwatch.core.WatchResult;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How a text-producing sink ({@link JsonLinesSink}, {@link WebhookSink}) encodes what a watcher emits: one
 * {@link Message} per event, notice, snapshot or outcome. The default, {@link #json()}, is helmwatch's JSON
 * schema 1; {@code helmwatch-cloudevents} adds CloudEvents envelopes.
 *
 * <p>A format for {@link JsonLinesSink} must put everything in the body, on one line: a line carries no
 * headers. Implementations are stateless and thread-safe.
 *
 * @since 0.1
 */
public interface EventFormat {

  /** Short name for sink names and logs, e.g. {@code json}. */
  String name();

  Message event(ComponentEvent event);

  Message notice(WatchNotice notice);

  /** A snapshot taken at {@code time}. */
  Message snapshot(List<ComponentSnapshot> snapshot, Instant time);

  /** An outcome reported at {@code time}. */
  Message outcome(WatchResult result, Instant time);

  /**
   * One encoded item.
   *
   * @param contentType the media type of {@code body}, e.g. {@code application/json}
   * @param headers transport headers that belong to the encoding (CloudEvents' binary mode puts its
   *     attributes there); empty for a self-contained body
   * @param body the text sent or written
   */
  record Message(String contentType, Map<String, String> headers, String body) {
    public Message {
      Objects.requireNonNull(contentType, "contentType");
      headers = Map.copyOf(headers);
      Objects.requireNonNull(body, "body");
    }

    /** A self-contained body of {@code contentType}, without headers. */
    public static Message of(String contentType, String body) {
      return new Message(contentType, Map.of(), body);
    }
  }

  /** helmwatch's JSON schema 1, {@code application/json}: the format of the README's schema section. */
  static EventFormat json() {
    return JsonSchemaFormat.INSTANCE;
  }
}
