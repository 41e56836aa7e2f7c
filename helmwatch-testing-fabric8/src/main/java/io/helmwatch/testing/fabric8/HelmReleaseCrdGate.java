package io.helmwatch.testing.fabric8;

import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What {@link FakeCluster} serves of the HelmRelease API group, in front of the CRUD mock server: the group's
 * discovery document ({@code GET /apis/helm.toolkit.fluxcd.io}, an {@code APIGroup} listing the served
 * versions, the preferred one first, as an API server lists a CRD's versions) once the CRD is installed, and
 * the 404 Status a real API server gives for a resource it does not serve: for every request under the group
 * (lists, gets, watches, discovery) until the CRD is installed, and for every request under a version the
 * cluster does not serve.
 */
final class HelmReleaseCrdGate {
  private static final String GROUP_PATH = "/apis/" + FakeCluster.GROUP;
  private static final String NOT_FOUND = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},"
      + "\"status\":\"Failure\",\"message\":\"the server could not find the requested resource\","
      + "\"reason\":\"NotFound\",\"details\":{},\"code\":404}";

  /** Newest first: the first is the one the API server prefers. */
  private final List<String> served;
  private final String document;
  private boolean installed;
  private int refused;

  HelmReleaseCrdGate(boolean installed, List<String> served) {
    this.installed = installed;
    this.served = List.copyOf(served);
    this.document = document(this.served);
  }

  synchronized void install() {
    installed = true;
  }

  synchronized boolean installed() {
    return installed;
  }

  /**
   * The answer to a request this gate serves or refuses: the discovery document, or a 404 for a HelmRelease
   * request while the CRD is missing or of a version not served; {@code null} when the request may pass.
   */
  @Nullable MockResponse answer(RecordedRequest request) {
    String path = request.getPath();
    if (path == null || !(path.equals(GROUP_PATH) || path.startsWith(GROUP_PATH + "/")
        || path.startsWith(GROUP_PATH + "?"))) {
      return null;
    }
    String rest = path.substring(GROUP_PATH.length());
    int q = rest.indexOf('?');
    String plain = q < 0 ? rest : rest.substring(0, q);
    synchronized (this) {
      boolean discovery = plain.isEmpty() || plain.equals("/");
      if (installed && discovery && "GET".equalsIgnoreCase(request.getMethod())) {
        return new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json")
            .setBody(document);
      }
      if (installed && !discovery && served.contains(versionOf(plain))) {
        return null;
      }
      refused++;
      notifyAll();
    }
    return new MockResponse().setResponseCode(404).setHeader("Content-Type", "application/json")
        .setBody(NOT_FOUND);
  }

  /** {@code v2} of {@code /v2/namespaces/...}. */
  private static String versionOf(String plain) {
    int slash = plain.indexOf('/', 1);
    return slash < 0 ? plain.substring(1) : plain.substring(1, slash);
  }

  /** The APIGroup an API server answers for the group, with {@code served} newest first. */
  private static String document(List<String> served) {
    StringBuilder versions = new StringBuilder();
    for (String v : served) {
      versions.append(versions.length() == 0 ? "" : ",").append(groupVersion(v));
    }
    return "{\"kind\":\"APIGroup\",\"apiVersion\":\"v1\",\"name\":\"" + FakeCluster.GROUP + "\",\"versions\":["
        + versions + "],\"preferredVersion\":" + groupVersion(served.get(0)) + "}";
  }

  private static String groupVersion(String version) {
    return "{\"groupVersion\":\"" + FakeCluster.GROUP + "/" + version + "\",\"version\":\"" + version + "\"}";
  }

  synchronized int refused() {
    return refused;
  }

  synchronized void awaitRefused(int count, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      while (refused < count) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError("expected " + count + " HelmRelease requests refused for the missing CRD within "
              + timeout + ", but " + refused + " were");
        }
        wait(Math.max(1, left / 1_000_000));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for refused HelmRelease requests", e);
    }
  }
}
