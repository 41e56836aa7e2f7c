package io.helmwatch.core;

/**
 * Masks credentials in human-readable messages before any sink sees them. A {@link Watcher} applies its
 * redactor ({@link Watcher.Builder#redactor}) to every message it puts in an event, a snapshot or a notice;
 * it runs only when such a message is built, never on the suppressed path, and it may reuse the result for a
 * message equal to one it redacted before: a redactor is a function of the message.
 *
 * <p>The {@linkplain #defaults() default} masks bearer tokens ({@code Bearer xyz}), {@code key=value} and
 * {@code key: value} pairs whose key names a credential ({@code token}, {@code password}, {@code secret},
 * {@code api-key}, {@code client-key-data}, ... also as suffixes like {@code access_token}), PEM private key
 * blocks, and the user information of URLs ({@code https://user:pass@host}). {@link #none()} leaves
 * messages as they are.
 *
 * <pre>{@code
 * Watcher.builder(source).redactor(message -> message.replaceAll("sk-[a-z0-9]+", "***")).build();
 * }</pre>
 *
 * @since 0.1
 */
@FunctionalInterface
public interface MessageRedactor {

  /** The replacement for a masked value. */
  String MASK = "***";

  /** {@code message} with its credentials masked; {@code message} itself when there is nothing to mask. */
  String redact(String message);

  /** {@code log} with its message redacted; {@code log} itself when nothing was masked. */
  default ComponentLog redact(ComponentLog log) {
    String message = redact(log.message());
    return message.equals(log.message()) ? log : new ComponentLog(log.component(), log.time(), log.level(), message);
  }

  /** The default: bearer tokens, credential pairs, PEM private keys and URL user information. */
  static MessageRedactor defaults() {
    return DefaultMessageRedactor.INSTANCE;
  }

  /** Redacts nothing. */
  static MessageRedactor none() {
    return DefaultMessageRedactor.NONE;
  }
}
