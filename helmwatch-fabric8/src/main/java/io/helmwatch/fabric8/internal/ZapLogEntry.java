package io.helmwatch.fabric8.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The fields of one zap log line that routing reads, from either encoding helm-controller can write
 * ({@code --log-encoding}):
 *
 * <ul>
 *   <li>{@code json} (the default): one object, {@code {"level":..,"ts":..,"logger":..,"msg":..,<context>}};
 *   <li>{@code console}: {@code ts<TAB>LEVEL<TAB>[logger<TAB>]msg<TAB>{<context as JSON>}}.
 * </ul>
 *
 * <p>The JSON is read with Jackson's streaming parser; values of keys routing does not use are skipped
 * without being turned into strings. Fields are {@code null} when absent or not a string.
 */
final class ZapLogEntry {

  /** Thread-safe; parsers are cheap to create from it. */
  private static final JsonFactory JSON = new JsonFactory();

  @Nullable String level;
  @Nullable Instant time;
  @Nullable String logger;
  @Nullable String message;
  @Nullable String error;
  @Nullable String controller;
  @Nullable String controllerKind;
  @Nullable String reconcilerKind;
  @Nullable String name;
  @Nullable String namespace;
  @Nullable String request;
  /** From the {@code "HelmRelease":{"name":..,"namespace":..}} reference. */
  @Nullable String refName;
  @Nullable String refNamespace;

  private ZapLogEntry() {}

  /**
   * The fields of {@code line}, or {@code null} when it is in neither encoding or its JSON is malformed
   * (a truncated line included): what a broken line seems to say is not trusted.
   */
  static @Nullable ZapLogEntry read(String line) {
    ZapLogEntry entry = new ZapLogEntry();
    try {
      boolean read = startsWithBrace(line, 0) ? entry.readJson(line) : entry.readConsole(line);
      return read ? entry : null;
    } catch (IOException e) {
      return null;
    }
  }

  /** {@code ts<TAB>LEVEL<TAB>[logger<TAB>]msg<TAB>{json}}: the JSON context is the last field. */
  private boolean readConsole(String line) throws IOException {
    int contextTab = line.lastIndexOf('\t');
    if (contextTab < 0 || !startsWithBrace(line, contextTab + 1)) {
      return false;
    }
    int afterTime = line.indexOf('\t');
    int afterLevel = line.indexOf('\t', afterTime + 1);
    if (afterLevel < 0 || afterLevel >= contextTab) {
      return false;
    }
    int afterThird = line.indexOf('\t', afterLevel + 1);
    int messageStart = afterLevel + 1;
    if (afterThird < contextTab) {
      // Four fields before the context: the third is the logger's name (controllers before v0.24 name theirs).
      logger = line.substring(afterLevel + 1, afterThird);
      messageStart = afterThird + 1;
    }
    time = ZapTimestamp.parse(line.substring(0, afterTime));
    level = line.substring(afterTime + 1, afterLevel);
    message = line.substring(messageStart, contextTab);
    return readJson(line.substring(contextTab + 1));
  }

  /** One JSON object; {@code false} when the text does not start one. */
  private boolean readJson(String json) throws IOException {
    try (JsonParser p = JSON.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return false;
      }
      for (String key = p.nextFieldName(); key != null; key = p.nextFieldName()) {
        JsonToken value = p.nextToken();
        switch (key) {
          case "HelmRelease", "helmRelease" -> readReference(p, value);
          case "ts" -> readTime(p, value);
          default -> readString(key, p, value);
        }
      }
      return true;
    }
  }

  /** {@code {"name":..,"namespace":..}}, as controller-runtime writes an object reference (klog.KRef). */
  private void readReference(JsonParser p, JsonToken value) throws IOException {
    if (value != JsonToken.START_OBJECT) {
      p.skipChildren();
      return;
    }
    for (String key = p.nextFieldName(); key != null; key = p.nextFieldName()) {
      JsonToken inner = p.nextToken();
      if (inner == JsonToken.VALUE_STRING && key.equals("name")) {
        refName = p.getText();
      } else if (inner == JsonToken.VALUE_STRING && key.equals("namespace")) {
        refNamespace = p.getText();
      } else {
        p.skipChildren();
      }
    }
  }

  private void readTime(JsonParser p, JsonToken value) throws IOException {
    if (value == JsonToken.VALUE_STRING) {
      time = ZapTimestamp.parse(p.getText());
    } else if (value.isNumeric()) {
      time = ZapTimestamp.ofEpochSeconds(p.getDecimalValue());
    } else {
      p.skipChildren();
    }
  }

  private void readString(String key, JsonParser p, JsonToken value) throws IOException {
    if (value != JsonToken.VALUE_STRING) {
      p.skipChildren();
      return;
    }
    switch (key) {
      case "level" -> level = p.getText();
      case "logger" -> logger = p.getText();
      case "msg" -> message = p.getText();
      case "error" -> error = p.getText();
      case "controller" -> controller = p.getText();
      case "controllerKind" -> controllerKind = p.getText();
      case "reconciler kind" -> reconcilerKind = p.getText();
      case "name" -> name = p.getText();
      case "namespace" -> namespace = p.getText();
      case "request" -> request = p.getText();
      default -> {
        // Not used for routing: left unread.
      }
    }
  }

  private static boolean startsWithBrace(String text, int from) {
    for (int i = from; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '{') {
        return true;
      }
      if (!Character.isWhitespace(c)) {
        return false;
      }
    }
    return false;
  }
}
