package io.helmwatch.core.logs;

import io.helmwatch.core.ComponentId;
import io.helmwatch.core.ComponentLog;
import io.helmwatch.core.EventLevel;
import io.helmwatch.core.ReleaseKey;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A helm-controller log line that names a HelmRelease, read by {@link #parse}. These shapes are recognised:
 *
 * <ul>
 *   <li>flat JSON: {@code {"level":"info","helmrelease":"flux-system/bp-x","msg":".."}}
 *   <li>logfmt: {@code level=info helmrelease="flux-system/bp-x" msg=".."}
 *   <li>nested JSON, as current helm-controller writes it: {@code {"level":"info","ts":"..","msg":"..",
 *       "controllerKind":"HelmRelease","HelmRelease":{"name":"bp-x","namespace":"flux-system"},
 *       "name":"bp-x","namespace":"flux-system"}}; top-level {@code name}/{@code namespace} alone count when
 *       {@code controllerKind} is {@code HelmRelease} or {@code controller} is {@code helmrelease}.
 * </ul>
 *
 * <p>{@code level} maps to an {@link EventLevel} (error, fatal, panic &rarr; error; warn, warning &rarr;
 * warn; anything else &rarr; info); {@code msg} is the message (the whole line when absent); {@code ts} is
 * an ISO-8601 instant or epoch seconds.
 *
 * @param namespace the HelmRelease's namespace
 * @param name the HelmRelease's name
 * @param level the line's level
 * @param message the line's message, at most {@value #MAX_MESSAGE} characters (longer ones are cut and
 *     marked)
 * @param time the line's timestamp, or {@code null} when it has none that can be read
 */
public record HelmControllerLogLine(
    String namespace, String name, EventLevel level, String message, @Nullable Instant time) {

  /** Longer messages are cut: a runaway line (a dumped manifest) must not flood a jobs table. */
  public static final int MAX_MESSAGE = 16 * 1024;

  public HelmControllerLogLine {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(message, "message");
  }

  /**
   * The release {@code line} is about, with its level, message and time; empty when the line names no
   * release. Never throws: malformed input yields what could be read before the damage, or empty. Runs on
   * every log line, so it scans once, without regular expressions, and creates strings only for the fields
   * it returns.
   */
  public static Optional<HelmControllerLogLine> parse(@Nullable CharSequence line) {
    if (line == null || line.length() == 0) {
      return Optional.empty();
    }
    try {
      Scan s = new Scan(line);
      int start = s.skipSpaces(0);
      if (start < line.length() && line.charAt(start) == '{') {
        s.json(start);
      } else {
        s.logfmt(start);
      }
      return Optional.ofNullable(s.result());
    } catch (RuntimeException e) {
      // A bug in the scanner must not reach the tailer's thread; the line is just not routed.
      return Optional.empty();
    }
  }

  /** The key of the release in {@code cluster}. */
  public ReleaseKey release(String cluster) {
    return new ReleaseKey(cluster, namespace, name);
  }

  /** This line as a {@link ComponentLog} of {@code component}, stamped {@code fallback} when it has no time. */
  public ComponentLog toComponentLog(ComponentId component, Instant fallback) {
    return new ComponentLog(component, time != null ? time : fallback, level, message);
  }

  /** Maps a log level word to an {@link EventLevel}. */
  static EventLevel level(@Nullable String word) {
    if (word == null) {
      return EventLevel.INFO;
    }
    if (word.equalsIgnoreCase("error") || word.equalsIgnoreCase("fatal") || word.equalsIgnoreCase("panic")
        || word.equalsIgnoreCase("dpanic")) {
      return EventLevel.ERROR;
    }
    if (word.equalsIgnoreCase("warn") || word.equalsIgnoreCase("warning")) {
      return EventLevel.WARN;
    }
    return EventLevel.INFO;
  }

  /** One pass over one line; fields hold ranges [start, end) of values, -1 when absent. */
  private static final class Scan {
    private final CharSequence in;
    private final int n;

    private int flatStart = -1;
    private int flatEnd;
    private int nestedNameStart = -1;
    private int nestedNameEnd;
    private int nestedNsStart = -1;
    private int nestedNsEnd;
    private int nameStart = -1;
    private int nameEnd;
    private int nsStart = -1;
    private int nsEnd;
    private int levelStart = -1;
    private int levelEnd;
    private int msgStart = -1;
    private int msgEnd;
    private int tsStart = -1;
    private int tsEnd;
    private boolean tsQuoted;
    private boolean fromHelmReleaseController;

    Scan(CharSequence in) {
      this.in = in;
      this.n = in.length();
    }

    // ------------------------------------------------------------ JSON

    /** Walks the top-level object; stops quietly at the first malformed spot. */
    void json(int open) {
      int p = skipSpaces(open + 1);
      while (p < n) {
        char c = in.charAt(p);
        if (c == '}') {
          return;
        }
        if (c == ',') {
          p = skipSpaces(p + 1);
          continue;
        }
        if (c != '"') {
          return;
        }
        int keyStart = p + 1;
        int keyEnd = stringEnd(keyStart);
        if (keyEnd < 0) {
          return;
        }
        p = skipSpaces(keyEnd + 1);
        if (p >= n || in.charAt(p) != ':') {
          return;
        }
        p = skipSpaces(p + 1);
        if (p >= n) {
          return;
        }
        char v = in.charAt(p);
        if (v == '"') {
          int valueEnd = stringEnd(p + 1);
          if (valueEnd < 0) {
            return;
          }
          topLevelString(keyStart, keyEnd, p + 1, valueEnd);
          p = valueEnd + 1;
        } else if (v == '{' && is(keyStart, keyEnd, "HelmRelease")) {
          p = nested(p);
          if (p < 0) {
            return;
          }
        } else {
          int end = skipValue(p);
          if (end < 0) {
            return;
          }
          if (is(keyStart, keyEnd, "ts")) {
            tsStart = p;
            tsEnd = end;
            tsQuoted = false;
          }
          p = end;
        }
        p = skipSpaces(p);
      }
    }

    /** The keys the JSON and logfmt shapes share; whether {@code key} was one of them. */
    private boolean sharedKey(int ks, int ke, int vs, int ve) {
      if (is(ks, ke, "helmrelease")) {
        flatStart = vs;
        flatEnd = ve;
      } else if (is(ks, ke, "level")) {
        levelStart = vs;
        levelEnd = ve;
      } else if (is(ks, ke, "msg")) {
        msgStart = vs;
        msgEnd = ve;
      } else if (is(ks, ke, "ts")) {
        tsStart = vs;
        tsEnd = ve;
        tsQuoted = true;
      } else {
        return false;
      }
      return true;
    }

    private void topLevelString(int ks, int ke, int vs, int ve) {
      if (sharedKey(ks, ke, vs, ve)) {
        return;
      }
      if (is(ks, ke, "name")) {
        nameStart = vs;
        nameEnd = ve;
      } else if (is(ks, ke, "namespace")) {
        nsStart = vs;
        nsEnd = ve;
      } else if (is(ks, ke, "controllerKind") && is(vs, ve, "HelmRelease")
          || is(ks, ke, "controller") && is(vs, ve, "helmrelease")) {
        fromHelmReleaseController = true;
      }
    }

    /** Reads {@code "HelmRelease":{"name":..,"namespace":..}}; returns the index after it, or -1. */
    private int nested(int open) {
      int p = skipSpaces(open + 1);
      while (p < n) {
        char c = in.charAt(p);
        if (c == '}') {
          return p + 1;
        }
        if (c == ',') {
          p = skipSpaces(p + 1);
          continue;
        }
        if (c != '"') {
          return -1;
        }
        int ks = p + 1;
        int ke = stringEnd(ks);
        if (ke < 0) {
          return -1;
        }
        p = skipSpaces(ke + 1);
        if (p >= n || in.charAt(p) != ':') {
          return -1;
        }
        p = skipSpaces(p + 1);
        if (p < n && in.charAt(p) == '"') {
          int ve = stringEnd(p + 1);
          if (ve < 0) {
            return -1;
          }
          if (is(ks, ke, "name")) {
            nestedNameStart = p + 1;
            nestedNameEnd = ve;
          } else if (is(ks, ke, "namespace")) {
            nestedNsStart = p + 1;
            nestedNsEnd = ve;
          }
          p = ve + 1;
        } else {
          p = skipValue(p);
          if (p < 0) {
            return -1;
          }
        }
        p = skipSpaces(p);
      }
      return -1;
    }

    /** The index of the closing quote of a string whose content starts at {@code from}, or -1. */
    private int stringEnd(int from) {
      for (int i = from; i < n; i++) {
        char c = in.charAt(i);
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          return i;
        }
      }
      return -1;
    }

    /** The index after the value at {@code p} (any JSON value, nested or not), or -1. Iterative. */
    private int skipValue(int p) {
      int depth = 0;
      for (int i = p; i < n; i++) {
        char c = in.charAt(i);
        switch (c) {
          case '"' -> {
            i = stringEnd(i + 1);
            if (i < 0) {
              return -1;
            }
            if (depth == 0) {
              return i + 1;
            }
          }
          case '{', '[' -> depth++;
          case '}', ']' -> {
            if (depth == 0) {
              return i;
            }
            depth--;
            if (depth == 0) {
              return i + 1;
            }
          }
          case ',' -> {
            if (depth == 0) {
              return i;
            }
          }
          default -> {
            if (depth == 0 && (c == ' ' || c == '\t')) {
              return i;
            }
          }
        }
      }
      return depth == 0 ? n : -1;
    }

    // ------------------------------------------------------------ logfmt

    /** {@code key=value key="quoted value" ...}; stops at the first unterminated quote. */
    void logfmt(int from) {
      int p = from;
      while (p < n) {
        p = skipSpaces(p);
        int ks = p;
        while (p < n && in.charAt(p) != '=' && in.charAt(p) != ' ') {
          p++;
        }
        int ke = p;
        if (p >= n || in.charAt(p) != '=') {
          continue;
        }
        p++;
        int vs;
        int ve;
        boolean quoted = p < n && in.charAt(p) == '"';
        if (quoted) {
          vs = p + 1;
          ve = stringEnd(vs);
          if (ve < 0) {
            return;
          }
          p = ve + 1;
        } else {
          vs = p;
          while (p < n && in.charAt(p) != ' ') {
            p++;
          }
          ve = p;
        }
        sharedKey(ks, ke, vs, ve);
      }
    }

    // ------------------------------------------------------------ result

    @Nullable HelmControllerLogLine result() {
      String namespace;
      String name;
      if (nestedNameStart >= 0 && nestedNsStart >= 0) {
        namespace = text(nestedNsStart, nestedNsEnd);
        name = text(nestedNameStart, nestedNameEnd);
      } else if (flatStart >= 0) {
        int slash = indexOf('/', flatStart, flatEnd);
        if (slash < 0) {
          return null;
        }
        namespace = text(flatStart, slash);
        name = text(slash + 1, flatEnd);
      } else if (fromHelmReleaseController && nameStart >= 0 && nsStart >= 0) {
        namespace = text(nsStart, nsEnd);
        name = text(nameStart, nameEnd);
      } else {
        return null;
      }
      if (namespace.isBlank() || name.isBlank() || name.indexOf('/') >= 0) {
        return null;
      }
      EventLevel level = levelStart >= 0 ? levelOf(levelStart, levelEnd) : EventLevel.INFO;
      String message = msgStart >= 0 ? text(msgStart, msgEnd) : in.toString().strip();
      if (message.length() > MAX_MESSAGE) {
        message = message.substring(0, MAX_MESSAGE) + "... [" + (message.length() - MAX_MESSAGE)
            + " more characters cut]";
      }
      return new HelmControllerLogLine(namespace, name, level, message, time());
    }

    private EventLevel levelOf(int s, int e) {
      if (is(s, e, "info")) {
        return EventLevel.INFO;
      }
      return level(text(s, e));
    }

    private @Nullable Instant time() {
      if (tsStart < 0 || tsEnd <= tsStart) {
        return null;
      }
      if (tsQuoted && !isNumber(tsStart, tsEnd)) {
        try {
          return Instant.parse(text(tsStart, tsEnd));
        } catch (DateTimeParseException e) {
          return null;
        }
      }
      return epochSeconds(tsStart, tsEnd);
    }

    /** {@code 1714557600.123456} (zap's default epoch encoding) without parsing through a double. */
    private @Nullable Instant epochSeconds(int s, int e) {
      long seconds = 0;
      long nanos = 0;
      int i = s;
      for (; i < e && in.charAt(i) != '.'; i++) {
        char c = in.charAt(i);
        if (c < '0' || c > '9' || seconds > Long.MAX_VALUE / 100) {
          return null;
        }
        seconds = seconds * 10 + (c - '0');
      }
      if (i < e) {
        int digits = 0;
        for (i++; i < e; i++) {
          char c = in.charAt(i);
          if (c < '0' || c > '9') {
            return null;
          }
          if (digits < 9) {
            nanos = nanos * 10 + (c - '0');
            digits++;
          }
        }
        for (; digits < 9; digits++) {
          nanos *= 10;
        }
      }
      try {
        return Instant.ofEpochSecond(seconds, nanos);
      } catch (RuntimeException ex) {
        return null;
      }
    }

    private boolean isNumber(int s, int e) {
      for (int i = s; i < e; i++) {
        char c = in.charAt(i);
        if ((c < '0' || c > '9') && c != '.') {
          return false;
        }
      }
      return true;
    }

    /** The string value in [s, e), with JSON escapes decoded. */
    private String text(int s, int e) {
      int backslash = indexOf('\\', s, e);
      if (backslash < 0) {
        return in.subSequence(s, e).toString();
      }
      StringBuilder out = new StringBuilder(e - s);
      for (int i = s; i < e; i++) {
        char c = in.charAt(i);
        if (c != '\\' || i + 1 >= e) {
          out.append(c);
          continue;
        }
        char x = in.charAt(++i);
        switch (x) {
          case 'n' -> out.append('\n');
          case 't' -> out.append('\t');
          case 'r' -> out.append('\r');
          case 'b' -> out.append('\b');
          case 'f' -> out.append('\f');
          case 'u' -> {
            int v = i + 4 < e ? hex4(i + 1) : -1;
            if (v < 0) {
              out.append('\\').append(x);
            } else {
              out.append((char) v);
              i += 4;
            }
          }
          default -> out.append(x);
        }
      }
      return out.toString();
    }

    private int hex4(int s) {
      int v = 0;
      for (int i = s; i < s + 4; i++) {
        int d = Character.digit(in.charAt(i), 16);
        if (d < 0) {
          return -1;
        }
        v = v * 16 + d;
      }
      return v;
    }

    private boolean is(int s, int e, String word) {
      if (e - s != word.length()) {
        return false;
      }
      for (int i = 0; i < word.length(); i++) {
        if (in.charAt(s + i) != word.charAt(i)) {
          return false;
        }
      }
      return true;
    }

    private int indexOf(char c, int s, int e) {
      for (int i = s; i < e; i++) {
        if (in.charAt(i) == c) {
          return i;
        }
      }
      return -1;
    }

    int skipSpaces(int p) {
      while (p < n) {
        char c = in.charAt(p);
        if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
          return p;
        }
        p++;
      }
      return p;
    }
  }
}
