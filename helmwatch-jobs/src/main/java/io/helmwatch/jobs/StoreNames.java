package io.helmwatch.jobs;

import java.nio.charset.StandardCharsets;

/**
 * Validates deployment ids and job names, and turns them into file names. Names may contain ':' (qualified
 * components such as {@code sin-2:reloader}), job names also '/' ({@code install-dev/podinfo}); file names percent-encode every character outside {@code
 * [A-Za-z0-9._-]} so that they are portable (':' is not allowed on Windows) and two names never share a file.
 */
final class StoreNames {
  private static final int MAX_LENGTH = 200;
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private StoreNames() {}

  /**
   * {@code value} when it is a usable name.
   *
   * @throws IllegalArgumentException naming {@code what} and the offending character
   */
  static String check(String value, String what) {
    if (value != null && value.indexOf('/') >= 0) {
      throw new IllegalArgumentException(what + " '" + value + "' must not contain '/' or '\\'");
    }
    return checkJobName(value, what);
  }

  /**
   * Like {@link #check}, but allows {@code '/'}: the job of a namespace-qualified component ({@code
   * install-dev/podinfo}); {@link #fileName} encodes it, so it never names a directory.
   */
  static String checkJobName(String value, String what) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(what + " must not be blank");
    }
    if (value.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(what + " must be at most " + MAX_LENGTH + " characters, was "
          + value.length());
    }
    if (value.indexOf('\\') >= 0) {
      throw new IllegalArgumentException(what + " '" + value + "' must not contain '\\'");
    }
    if (value.contains("..")) {
      throw new IllegalArgumentException(what + " '" + value + "' must not contain '..'");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isISOControl(c)) {
        throw new IllegalArgumentException(
            what + " must not contain control characters; found U+" + String.format("%04X", (int) c)
                + " at index " + i);
      }
    }
    return value;
  }

  /** A file name for the checked name {@code value}. */
  static String fileName(String value) {
    StringBuilder out = new StringBuilder(value.length() + 8);
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-'
          || c == '_') {
        out.append((char) c);
      } else {
        out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
      }
    }
    return out.toString();
  }

  /** The name whose {@link #fileName} is {@code fileName}. */
  static String decode(String fileName) {
    byte[] out = new byte[fileName.length()];
    int n = 0;
    for (int i = 0; i < fileName.length(); i++) {
      char c = fileName.charAt(i);
      if (c == '%' && i + 2 < fileName.length()) {
        out[n++] = (byte) Integer.parseInt(fileName, i + 1, i + 3, 16);
        i += 2;
      } else {
        out[n++] = (byte) c;
      }
    }
    return new String(out, 0, n, StandardCharsets.UTF_8);
  }
}
