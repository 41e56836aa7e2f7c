package io.helmwatch.core;

import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@link MessageRedactor#defaults()} and {@link MessageRedactor#none()}.
 *
 * <p>Each pattern needs a literal word to match (its trigger). One pass over the message finds which
 * triggers occur, and only their patterns run: an ordinary message costs that pass and no regular
 * expression. Masking inserts {@link #MASK} where it removes text, so it never forms a trigger that was not
 * in the message, and the triggers of the original message decide for the whole chain.
 */
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

  // Trigger bits. The patterns are case-insensitive for ASCII only (no UNICODE_CASE), so are the words.
  private static final int PEM_WORD = 1;
  private static final int BEARER_WORD = 1 << 1;
  private static final int BASIC_WORD = 1 << 2;
  /** token, passw(or)d, pwd, secret, certificate, and "key" (in api-key, access_key, private key, key-data). */
  private static final int PAIR_WORD = 1 << 3;
  private static final int PAIR_SEPARATOR = 1 << 4;
  private static final int SCHEME_SEPARATOR = 1 << 5;
  private static final int AT = 1 << 6;
  private static final int PAIR_TRIGGER = PAIR_WORD | PAIR_SEPARATOR;
  private static final int USERINFO_TRIGGER = SCHEME_SEPARATOR | AT;

  private DefaultMessageRedactor() {}

  @Override
  public String redact(String message) {
    Objects.requireNonNull(message, "message");
    int found = triggers(message);
    String out = message;
    if ((found & PEM_WORD) != 0) {
      out = replace(PEM, out, m -> MASK);
    }
    if ((found & BEARER_WORD) != 0) {
      out = replace(BEARER, out, m -> m.group(1) + m.group(2) + MASK);
    }
    if ((found & BASIC_WORD) != 0) {
      out = replace(BASIC, out, m -> m.group(1) + m.group(2) + MASK);
    }
    if ((found & PAIR_TRIGGER) == PAIR_TRIGGER) {
      out = replace(PAIR, out, m -> m.group(1) + MASK);
    }
    if ((found & USERINFO_TRIGGER) == USERINFO_TRIGGER) {
      out = replace(USERINFO, out, m -> m.group(1) + MASK + "@");
    }
    return out;
  }

  /** Every pattern, whatever the triggers say: what {@link #redact} must equal. For tests. */
  static String redactWithEveryPattern(String message) {
    String out = replace(PEM, message, m -> MASK);
    out = replace(BEARER, out, m -> m.group(1) + m.group(2) + MASK);
    out = replace(BASIC, out, m -> m.group(1) + m.group(2) + MASK);
    out = replace(PAIR, out, m -> m.group(1) + MASK);
    return replace(USERINFO, out, m -> m.group(1) + MASK + "@");
  }

  /** The trigger bits of the words in {@code s}; a superset of what the patterns need to match. */
  static int triggers(String s) {
    int found = 0;
    // The separators and the PEM marker by the JDK's intrinsic searches; letters only where they can matter.
    boolean equals = s.indexOf('=') >= 0;
    boolean colon = s.indexOf(':') >= 0;
    if (equals || colon) {
      found |= PAIR_SEPARATOR;
    }
    if (colon && s.contains("://")) {
      found |= SCHEME_SEPARATOR;
    }
    if (s.indexOf('@') >= 0) {
      found |= AT;
    }
    if (s.contains("-----BEGIN ")) {
      found |= PEM_WORD;
    }
    // A credential key only matters next to a separator: without one, PAIR cannot match.
    boolean pairWords = (found & PAIR_SEPARATOR) != 0;
    int n = s.length();
    for (int i = 0; i < n; i++) {
      // ASCII letters only: c | 0x20 is the lower case of a letter, and a letter only for a letter
      switch (s.charAt(i) | 0x20) {
        case 'b' -> found |= word(s, i, "bearer") ? BEARER_WORD : word(s, i, "basic") ? BASIC_WORD : 0;
        case 't' -> found |= pairWords && word(s, i, "token") ? PAIR_WORD : 0;
        case 'p' -> found |= pairWords && (word(s, i, "passw") || word(s, i, "pwd")) ? PAIR_WORD : 0;
        case 's' -> found |= pairWords && word(s, i, "secret") ? PAIR_WORD : 0;
        case 'k' -> found |= pairWords && word(s, i, "key") ? PAIR_WORD : 0;
        case 'c' -> found |= pairWords && word(s, i, "certificate") ? PAIR_WORD : 0;
        default -> { }
      }
    }
    return found;
  }

  private static boolean word(String s, int i, String lower) {
    int n = lower.length();
    if (i + n > s.length()) {
      return false;
    }
    for (int k = 0; k < n; k++) {
      char c = s.charAt(i + k);
      if (c > 'z' || (c | 0x20) != lower.charAt(k)) {
        return false;
      }
    }
    return true;
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
