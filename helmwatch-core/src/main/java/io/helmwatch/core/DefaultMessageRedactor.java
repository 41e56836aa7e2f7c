package io.helmwatch.core;

import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@link MessageRedactor#defaults()} and {@link MessageRedactor#none()}. */
final class DefaultMessageRedactor implements MessageRedactor {
  static final MessageRedactor INSTANCE = new DefaultMessageRedactor();
  static final MessageRedactor NONE = message -> Objects.requireNonNull(message, "message");

  private static final Pattern PEM = Pattern.compile(
      "-----BEGIN [A-Z ]{0,40}PRIVATE KEY-----.*?(?:-----END [A-Z ]{0,40}PRIVATE KEY-----|$)", Pattern.DOTALL);
  private static final Pattern BEARER = Pattern.compile("(?i)\\b(bearer)(\\s+)[A-Za-z0-9._~+/=-]+");
  // "Basic" is an ordinary word too: only what looks like base64 (some length, a digit or + or /) is masked.
  private static final Pattern BASIC = Pattern.compile(
      "(?i)\\b(basic)(\\s+)(?=[A-Za-z0-9+/]{8,})[A-Za-z]*[0-9+/][A-Za-z0-9+/]*={0,2}");
  // A credential key (bounded and anchored at a word start, so a 64 KB message is scanned in linear time),
  // optionally quoted, then = or :, then the value up to a delimiter.
  private static final Pattern PAIR = Pattern.compile(
      "(?i)((?<![\\w.-])[\\w.-]{0,40}?(?:token|passw(?:or)?d|pwd|secret|api[_-]?key|access[_-]?key"
          + "|private[_-]?key|key[_-]?data|certificate[_-]?data)\"?\\s{0,8}[=:]\\s{0,8}\"?)"
          + "([^\\s\"',;&}\\]]+)");
  private static final Pattern USERINFO = Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]{0,20}://)[^\\s/@]+@");

  private DefaultMessageRedactor() {}

  @Override
  public String redact(String message) {
    Objects.requireNonNull(message, "message");
    String out = replace(PEM, message, m -> MASK);
    out = replace(BEARER, out, m -> m.group(1) + m.group(2) + MASK);
    out = replace(BASIC, out, m -> m.group(1) + m.group(2) + MASK);
    out = replace(PAIR, out, m -> m.group(1) + MASK);
    return replace(USERINFO, out, m -> m.group(1) + MASK + "@");
  }

  private static String replace(Pattern pattern, String in, Function<Matcher, String> with) {
    Matcher m = pattern.matcher(in);
    if (!m.find()) {
      return in;
    }
    StringBuilder out = new StringBuilder(in.length());
    do {
      m.appendReplacement(out, Matcher.quoteReplacement(with.apply(m)));
    } while (m.find());
    m.appendTail(out);
    return out.toString();
  }

  @Override
  public String toString() {
    return "MessageRedactor.defaults()";
  }
}
