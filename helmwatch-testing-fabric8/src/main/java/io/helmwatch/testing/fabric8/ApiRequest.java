package io.helmwatch.testing.fabric8;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One request a {@link FakeCluster} or a {@link FaultProxy} received: for asserting what a client read or
 * wrote without parsing strings.
 *
 * @param method the HTTP method, upper case
 * @param path the path, without the query
 * @param query the raw query string, empty when there is none
 * @since 0.1
 */
public record ApiRequest(String method, String path, String query) {

  public ApiRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(query, "query");
  }

  /** Splits a request target such as {@code /apis/x/v1/things?watch=true} into path and query. */
  public static ApiRequest of(String method, String target) {
    int q = target.indexOf('?');
    return q < 0 ? new ApiRequest(method, target, "") : new ApiRequest(method, target.substring(0, q),
        target.substring(q + 1));
  }

  /** The decoded value of query parameter {@code name}, or {@code null} when absent. */
  public @Nullable String param(String name) {
    if (query.isEmpty()) {
      return null;
    }
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      if (key.equals(name)) {
        return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  /** Whether this is a watch ({@code watch=true} or {@code watch=1}). */
  public boolean isWatch() {
    String watch = param("watch");
    return "true".equals(watch) || "1".equals(watch);
  }

  /** Whether this only reads ({@code GET}, {@code HEAD}). */
  public boolean isRead() {
    return method.equals("GET") || method.equals("HEAD");
  }

  /** {@code METHOD path?query}, the form {@link FakeCluster#requests()} lists. */
  @Override
  public String toString() {
    return query.isEmpty() ? method + " " + path : method + " " + path + "?" + query;
  }
}
