package io.helmwatch.core;

import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The deterministic id of a {@link ComponentEvent}: every watcher that sees a release make the same
 * transition at the same generation gives it the same id, after any restart, so that a consumer can
 * deduplicate what several watchers (or one restarted watcher) report.
 *
 * <p>The id is a UUID string of version 8 (RFC 9562: custom, here name-based) whose 122 free bits are the
 * first bits of the SHA-256 of this UTF-8 text, one field a line, each line {@code <name>=<value>}:
 *
 * <pre>
 * helmwatch-event-id/1
 * cluster=&lt;ReleaseKey.cluster&gt;
 * namespace=&lt;ReleaseKey.namespace&gt;
 * name=&lt;ReleaseKey.name&gt;
 * uid=&lt;metadata.uid, empty when the source does not know it&gt;
 * generation=&lt;metadata.generation, decimal&gt;
 * observedGeneration=&lt;status.observedGeneration, decimal&gt;
 * previous=&lt;previous state's wire name, empty when none&gt;
 * state=&lt;state's wire name&gt;
 * </pre>
 *
 * Values are written with {@code \} as {@code \\} and a line feed as {@code \n}, so no two field lists give
 * the same text. What makes two events distinct is therefore the release (and its incarnation, by uid), the
 * spec generation and the generation the controller last acted on, and the transition (previous and new
 * state). The component id is left out because it is a naming choice of the watcher, not a fact about the
 * release; the emission cause is left out so that a restarted watcher given the last reported states as
 * {@linkplain Watcher.Builder#priorStates prior states} reproduces the id of the transition it re-reports.
 * Events that repeat a state at the same generation (cause {@code REPEATED}) share an id: they are
 * duplicates. The time, message and details are left out: they differ between watchers for the same fact.
 *
 * @since 0.1
 */
public final class EventId {
  private static final byte[] VERSION = "helmwatch-event-id/1\n".getBytes(StandardCharsets.US_ASCII);
  private static final char[] HEX = "0123456789abcdef".toCharArray();
  /** One digest and buffer per thread: an id costs its 36-character string and nothing else. */
  private static final ThreadLocal<Hasher> HASHER = ThreadLocal.withInitial(Hasher::new);

  private EventId() {}

  /** The id of the event in which {@code release} went from {@code previous} to {@code state}. */
  public static String of(ReleaseKey release, @Nullable String uid, long generation, long observedGeneration,
      @Nullable ComponentState previous, ComponentState state) {
    Objects.requireNonNull(release, "release");
    Objects.requireNonNull(state, "state");
    Hasher h = HASHER.get();
    h.len = 0;
    h.raw(VERSION);
    h.field("cluster=", release.cluster());
    h.field("namespace=", release.namespace());
    h.field("name=", release.name());
    h.field("uid=", uid == null ? "" : uid);
    h.number("generation=", generation);
    h.number("observedGeneration=", observedGeneration);
    h.field("previous=", previous == null ? "" : previous.wireName());
    h.field("state=", state.wireName());
    return h.uuid();
  }

  /** The id of an event derived from {@code observation} (its key, uid and generations). */
  public static String of(ReleaseObservation observation, @Nullable ComponentState previous,
      ComponentState state) {
    return of(observation.key(), observation.uid(), observation.generation(),
        observation.observedGeneration(), previous, state);
  }

  /** Writes the documented text as UTF-8 into a reused buffer and hashes it there. */
  private static final class Hasher {
    private final MessageDigest sha;
    private final byte[] hash = new byte[32];
    private final char[] text = new char[36];
    private byte[] buf = new byte[256];
    private int len;

    Hasher() {
      try {
        sha = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 is required of every Java platform", e);
      }
    }

    private void ensure(int more) {
      if (len + more > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
      }
    }

    void raw(byte[] bytes) {
      ensure(bytes.length);
      System.arraycopy(bytes, 0, buf, len, bytes.length);
      len += bytes.length;
    }

    private void ascii(String s) {
      ensure(s.length());
      for (int i = 0; i < s.length(); i++) {
        buf[len++] = (byte) s.charAt(i);
      }
    }

    /** {@code name} (ASCII, with its '='), the value escaped ({@code \} and line feed), a line feed. */
    void field(String name, String value) {
      ascii(name);
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        if (c == '\\') {
          ascii("\\\\");
        } else if (c == '\n') {
          ascii("\\n");
        } else if (c < 0x80) {
          ensure(1);
          buf[len++] = (byte) c;
        } else {
          // the rare non-ASCII rest of the value: the JDK's UTF-8 encoder, escapes applied first
          raw(value.substring(i).replace("\\", "\\\\").replace("\n", "\\n").getBytes(StandardCharsets.UTF_8));
          break;
        }
      }
      ensure(1);
      buf[len++] = '\n';
    }

    /** {@code name}, {@code value} in decimal as {@link Long#toString(long)} writes it, a line feed. */
    void number(String name, long value) {
      ascii(name);
      ensure(21);
      if (value == Long.MIN_VALUE) {
        ascii(Long.toString(value));
      } else {
        if (value < 0) {
          buf[len++] = '-';
          value = -value;
        }
        int start = len;
        do {
          buf[len++] = (byte) ('0' + (value % 10));
          value /= 10;
        } while (value != 0);
        for (int i = start, j = len - 1; i < j; i++, j--) {
          byte b = buf[i];
          buf[i] = buf[j];
          buf[j] = b;
        }
      }
      ensure(1);
      buf[len++] = '\n';
    }

    /** The first 16 bytes of the hash as a version-8, RFC 9562-variant UUID in its canonical text form. */
    String uuid() {
      sha.update(buf, 0, len);
      try {
        sha.digest(hash, 0, hash.length);
      } catch (DigestException e) {
        throw new IllegalStateException("SHA-256 writes 32 bytes", e);
      }
      hash[6] = (byte) ((hash[6] & 0x0f) | 0x80);
      hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
      int at = 0;
      for (int i = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10) {
          text[at++] = '-';
        }
        text[at++] = HEX[(hash[i] >> 4) & 0xf];
        text[at++] = HEX[hash[i] & 0xf];
      }
      return new String(text);
    }
  }
}
