package io.helmwatch.core.internal;

import io.helmwatch.core.ComponentState;
import io.helmwatch.core.ReleaseKey;
import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Computes {@link io.helmwatch.core.EventId}s: the text that class documents, SHA-256, the UUID form. Split
 * in two so that a watcher pays for the release's lines once per incarnation rather than once per event:
 * {@link #releaseLines} encodes the version line and the cluster, namespace, name and uid lines; {@link
 * #of(byte[], long, long, ComponentState, ComponentState)} hashes those bytes followed by the generations and
 * the transition. {@link #of(ReleaseKey, String, long, long, ComponentState, ComponentState)} does it all at
 * once, keeping nothing. One digest and buffer per thread, so
 * an id costs its 36-character string and nothing else.
 */
public final class EventIdHasher {
  private static final byte[] VERSION = "helmwatch-event-id/1\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  /** {@code previous=<p>\nstate=<s>\n} for every pair, {@code [ordinal + 1]} for previous (0: none). */
  private static final byte[][][] TRANSITION_LINES = transitionLines();
  private static final byte[] NOTHING = {};
  private static final ThreadLocal<EventIdHasher> PER_THREAD = ThreadLocal.withInitial(EventIdHasher::new);

  private final MessageDigest sha;
  private final byte[] hash = new byte[32];
  private final byte[] text = new byte[36];
  private byte[] buf = new byte[256];
  private int len;

  private EventIdHasher() {
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }

  /** The encoded lines of the id text that depend only on the release: keep them while its uid stays. */
  public static byte[] releaseLines(ReleaseKey release, @Nullable String uid) {
    EventIdHasher h = PER_THREAD.get();
    h.len = 0;
    h.releaseLinesIntoBuffer(release, uid);
    return Arrays.copyOf(h.buf, h.len);
  }

  /** The whole id at once, without keeping the release's lines. */
  public static String of(ReleaseKey release, @Nullable String uid, long generation, long observedGeneration,
      @Nullable ComponentState previous, ComponentState state) {
    return of(release, uid, generation, observedGeneration, previous, state, null);
  }

  /** {@link #of(ReleaseKey, String, long, long, ComponentState, ComponentState)} with a drift line. */
  public static String of(ReleaseKey release, @Nullable String uid, long generation, long observedGeneration,
      @Nullable ComponentState previous, ComponentState state, @Nullable String drift) {
    EventIdHasher h = PER_THREAD.get();
    h.len = 0;
    h.releaseLinesIntoBuffer(release, uid);
    h.transitionLines(generation, observedGeneration, previous, state);
    h.driftLine(drift);
    return h.uuid(NOTHING);
  }

  /** The id of the transition from {@code previous} to {@code state} of the release {@code releaseLines} encode. */
  public static String of(byte[] releaseLines, long generation, long observedGeneration,
      @Nullable ComponentState previous, ComponentState state) {
    return of(releaseLines, generation, observedGeneration, previous, state, null);
  }

  /** {@link #of(byte[], long, long, ComponentState, ComponentState)} with a drift line. */
  public static String of(byte[] releaseLines, long generation, long observedGeneration,
      @Nullable ComponentState previous, ComponentState state, @Nullable String drift) {
    EventIdHasher h = PER_THREAD.get();
    h.len = 0;
    h.transitionLines(generation, observedGeneration, previous, state);
    h.driftLine(drift);
    return h.uuid(releaseLines);
  }

  /** {@code drift=<value>}, only when there is one: ids of events without drift keep their text. */
  private void driftLine(@Nullable String drift) {
    if (drift != null) {
      field("drift=", drift);
    }
  }

  private void releaseLinesIntoBuffer(ReleaseKey release, @Nullable String uid) {
    raw(VERSION);
    field("cluster=", release.cluster());
    field("namespace=", release.namespace());
    field("name=", release.name());
    field("uid=", uid == null ? "" : uid);
  }

  private void transitionLines(long generation, long observedGeneration, @Nullable ComponentState previous,
      ComponentState state) {
    number("generation=", generation);
    number("observedGeneration=", observedGeneration);
    raw(TRANSITION_LINES[previous == null ? 0 : previous.ordinal() + 1][state.ordinal()]);
  }

  private static byte[][][] transitionLines() {
    ComponentState[] states = ComponentState.values();
    byte[][][] lines = new byte[states.length + 1][states.length][];
    for (int p = 0; p <= states.length; p++) {
      String previous = p == 0 ? "" : states[p - 1].wireName();
      for (ComponentState s : states) {
        lines[p][s.ordinal()] =
            ("previous=" + previous + "\nstate=" + s.wireName() + "\n").getBytes(StandardCharsets.US_ASCII);
      }
    }
    return lines;
  }

  private void ensure(int more) {
    if (len + more > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
    }
  }

  private void raw(byte[] bytes) {
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
  private void field(String name, String value) {
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
  private void number(String name, long value) {
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

  /**
   * SHA-256 of {@code head} then the buffer; its first 16 bytes as a version-8, RFC 9562-variant UUID in
   * canonical text form.
   */
  private String uuid(byte[] head) {
    if (head.length > 0) {
      sha.update(head);
    }
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
    return new String(text, StandardCharsets.ISO_8859_1);
  }
}
