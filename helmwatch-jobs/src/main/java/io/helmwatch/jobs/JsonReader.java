package io.helmwatch.jobs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads the jobs store's JSON without a third-party library: objects become {@link LinkedHashMap}s, arrays
 * {@link ArrayList}s, strings {@link String}s, integers {@link Long}s, {@code true}/{@code false} {@link
 * Boolean}s and {@code null} null. Strict (no trailing commas, no comments, nothing after the value) so a
 * damaged file is reported rather than half-read.
 */
final class JsonReader {
  /** Deep enough for the store's schema; bounds recursion on hostile input. */
  private static final int MAX_DEPTH = 32;

  /** Malformed JSON, with the offset where reading stopped. */
  static final class MalformedJsonException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MalformedJsonException(String message, int offset) {
      super(message + " at offset " + offset);
    }
  }

  private final String in;
  private int pos;

  private JsonReader(String in) {
    this.in = in;
  }

  /** The single JSON value in {@code text}. */
  static @Nullable Object parse(String text) {
    JsonReader r = new JsonReader(text);
    r.skipWhitespace();
    Object value = r.value(0);
    r.skipWhitespace();
    if (r.pos != text.length()) {
      throw r.error("unexpected content after the value");
    }
    return value;
  }

  private @Nullable Object value(int depth) {
    if (depth > MAX_DEPTH) {
      throw error("nested deeper than " + MAX_DEPTH);
    }
    if (pos >= in.length()) {
      throw error("unexpected end of input");
    }
    char c = in.charAt(pos);
    return switch (c) {
      case '{' -> object(depth);
      case '[' -> array(depth);
      case '"' -> string();
      case 't' -> literal("true", Boolean.TRUE);
      case 'f' -> literal("false", Boolean.FALSE);
      case 'n' -> literal("null", null);
      default -> {
        if (c == '-' || c >= '0' && c <= '9') {
          yield number();
        }
        throw error("unexpected character '" + c + "'");
      }
    };
  }

  private Map<String, @Nullable Object> object(int depth) {
    pos++;
    Map<String, @Nullable Object> map = new LinkedHashMap<>();
    skipWhitespace();
    if (peek() == '}') {
      pos++;
      return map;
    }
    while (true) {
      skipWhitespace();
      if (peek() != '"') {
        throw error("expected a field name");
      }
      String name = string();
      skipWhitespace();
      expect(':');
      skipWhitespace();
      if (map.containsKey(name)) {
        throw error("duplicate field \"" + name + "\"");
      }
      map.put(name, value(depth + 1));
      skipWhitespace();
      char c = next();
      if (c == '}') {
        return map;
      }
      if (c != ',') {
        pos--;
        throw error("expected ',' or '}'");
      }
    }
  }

  private List<@Nullable Object> array(int depth) {
    pos++;
    List<@Nullable Object> list = new ArrayList<>();
    skipWhitespace();
    if (peek() == ']') {
      pos++;
      return list;
    }
    while (true) {
      skipWhitespace();
      list.add(value(depth + 1));
      skipWhitespace();
      char c = next();
      if (c == ']') {
        return list;
      }
      if (c != ',') {
        pos--;
        throw error("expected ',' or ']'");
      }
    }
  }

  private String string() {
    pos++;
    StringBuilder s = null;
    int start = pos;
    while (true) {
      if (pos >= in.length()) {
        throw error("unterminated string");
      }
      char c = in.charAt(pos);
      if (c == '"') {
        String result = s == null ? in.substring(start, pos) : s.append(in, start, pos).toString();
        pos++;
        return result;
      }
      if (c < 0x20) {
        throw error("unescaped control character in string");
      }
      if (c == '\\') {
        if (s == null) {
          s = new StringBuilder();
        }
        s.append(in, start, pos);
        pos++;
        s.append(escape());
        start = pos;
      } else {
        pos++;
      }
    }
  }

  private char escape() {
    if (pos >= in.length()) {
      throw error("unterminated escape");
    }
    char c = in.charAt(pos++);
    return switch (c) {
      case '"' -> '"';
      case '\\' -> '\\';
      case '/' -> '/';
      case 'b' -> '\b';
      case 'f' -> '\f';
      case 'n' -> '\n';
      case 'r' -> '\r';
      case 't' -> '\t';
      case 'u' -> {
        if (pos + 4 > in.length()) {
          throw error("short \\u escape");
        }
        int v = 0;
        for (int i = 0; i < 4; i++) {
          int d = Character.digit(in.charAt(pos++), 16);
          if (d < 0) {
            pos--;
            throw error("bad hex digit in \\u escape");
          }
          v = v * 16 + d;
        }
        yield (char) v;
      }
      default -> {
        pos--;
        throw error("bad escape '\\" + c + "'");
      }
    };
  }

  private Object number() {
    int start = pos;
    if (peek() == '-') {
      pos++;
    }
    int digits = pos;
    while (pos < in.length() && Character.isDigit(in.charAt(pos))) {
      pos++;
    }
    if (pos == digits) {
      throw error("expected a digit");
    }
    if (pos < in.length() && (in.charAt(pos) == '.' || in.charAt(pos) == 'e' || in.charAt(pos) == 'E')) {
      throw error("only integers are expected in this file");
    }
    try {
      return Long.parseLong(in, start, pos, 10);
    } catch (NumberFormatException e) {
      pos = start;
      throw error("integer out of range");
    }
  }

  private @Nullable Object literal(String word, @Nullable Object value) {
    if (!in.startsWith(word, pos)) {
      throw error("unexpected literal");
    }
    pos += word.length();
    return value;
  }

  private void expect(char c) {
    if (peek() != c) {
      throw error("expected '" + c + "'");
    }
    pos++;
  }

  private char peek() {
    return pos < in.length() ? in.charAt(pos) : '\0';
  }

  private char next() {
    if (pos >= in.length()) {
      throw error("unexpected end of input");
    }
    return in.charAt(pos++);
  }

  private void skipWhitespace() {
    while (pos < in.length()) {
      char c = in.charAt(pos);
      if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
        return;
      }
      pos++;
    }
  }

  private MalformedJsonException error(String message) {
    return new MalformedJsonException(message, pos);
  }
}
