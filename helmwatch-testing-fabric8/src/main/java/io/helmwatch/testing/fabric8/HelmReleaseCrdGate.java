package io.helmwatch.testing.fabric8;

import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Whether {@link FakeCluster} serves the HelmRelease API yet. The cluster registers every HelmRelease version
 * with the CRUD mock server up front (so that objects written after the install get a status subresource);
 * until the CRD is installed this gate answers every request under the API group, lists, gets and watches
 * alike, with the 404 Status a real API server gives for a resource it does not serve.
 */
final class HelmReleaseCrdGate {
  private static final String GROUP_PATH = "/apis/" + FakeCluster.GROUP;
  private static final String NOT_FOUND = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},"
      + "\"status\":\"Failure\",\"message\":\"the server could not find the requested resource\","
      + "\"reason\":\"NotFound\",\"details\":{},\"code\":404}";

  private boolean installed;
  private int refused;

  HelmReleaseCrdGate(boolean installed) {
    this.installed = installed;
  }

  synchronized void install() {
    installed = true;
  }

  synchronized boolean installed() {
    return installed;
  }

  /** The 404 for a HelmRelease request while the CRD is missing; {@code null} when the request may pass. */
  @Nullable MockResponse refuse(RecordedRequest request) {
    String path = request.getPath();
    if (path == null || !(path.equals(GROUP_PATH) || path.startsWith(GROUP_PATH + "/")
        || path.startsWith(GROUP_PATH + "?"))) {
      return null;
    }
    synchronized (this) {
      if (installed) {
        return null;
      }
      refused++;
      notifyAll();
    }
    return new MockResponse().setResponseCode(404).setHeader("Content-Type", "application/json")
        .setBody(NOT_FOUND);
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
