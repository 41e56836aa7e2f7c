package io.helmwatch.kafka;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.jspecify.annotations.Nullable;

/**
 * The secret values among a producer's properties, and text with them taken out. A property is secret when
 * Kafka types it as a password ({@code sasl.jaas.config}, {@code ssl.key.password}, ...) or its name says
 * so; a JAAS configuration's options whose names say so ({@code password="..."}) count on their own too,
 * since a message may quote one without the rest.
 */
final class ProducerSecrets {
  static final String REDACTED = "[redacted]";

  private static final List<String> SECRET_WORDS = List.of("password", "jaas", "secret", "token", "credential");
  private static final Pattern JAAS_OPTION = Pattern.compile("([A-Za-z0-9_.-]+)\\s*=\\s*\"([^\"]*)\"");

  private final List<String> values;

  private ProducerSecrets(List<String> values) {
    this.values = values;
  }

  static ProducerSecrets of(Map<String, String> producerProperties) {
    Map<String, ConfigDef.ConfigKey> known = ProducerConfig.configDef().configKeys();
    List<String> values = new ArrayList<>();
    producerProperties.forEach((key, value) -> {
      if (!isSecret(key, known.get(key)) || value.isEmpty()) {
        return;
      }
      values.add(value);
      Matcher m = JAAS_OPTION.matcher(value);
      while (m.find()) {
        if (isSecret(m.group(1), null) && !m.group(2).isEmpty()) {
          values.add(m.group(2));
        }
      }
    });
    // Longest first, so that a secret containing another is taken out whole.
    values.sort(Comparator.comparingInt(String::length).reversed());
    return new ProducerSecrets(List.copyOf(values));
  }

  /** Whether the property named {@code key} holds a secret. */
  static boolean isSecret(String key, ConfigDef.@Nullable ConfigKey definition) {
    if (definition != null && definition.type() == ConfigDef.Type.PASSWORD) {
      return true;
    }
    String lower = key.toLowerCase(Locale.ROOT);
    return SECRET_WORDS.stream().anyMatch(lower::contains);
  }

  /** {@code text} with every secret value replaced by {@value #REDACTED}. */
  String scrub(@Nullable String text) {
    if (text == null) {
      return "";
    }
    String out = text;
    for (String secret : values) {
      out = out.replace(secret, REDACTED);
    }
    return out;
  }

  /** Whether {@code error}, its causes or their suppressed exceptions quote a secret value. */
  boolean quotedBy(@Nullable Throwable error) {
    if (error == null || values.isEmpty()) {
      return false;
    }
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String message = String.valueOf(t.getMessage()) + " " + t;
      if (!scrub(message).equals(message)) {
        return true;
      }
      for (Throwable s : t.getSuppressed()) {
        if (quotedBy(s)) {
          return true;
        }
      }
    }
    return false;
  }
}
