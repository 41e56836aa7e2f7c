package io.helmwatch.cli;

import io.fabric8.kubernetes.api.model.ListOptions;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.helmwatch.fabric8.HelmReleaseApi;
import io.helmwatch.fabric8.HelmReleaseApiNotServedException;
import io.helmwatch.fabric8.ServedHelmReleaseApis;
import java.net.URI;
import org.jspecify.annotations.Nullable;

/**
 * Two reads before the watch starts, so that the common set-up problems end the program at once with a clear
 * line (exit code 4) instead of an informer retrying in the background until the timeout: the served
 * HelmRelease versions ({@code GET /apis/helm.toolkit.fluxcd.io}), which picks the version to watch, then a
 * list of one HelmRelease of that version. A missing HelmRelease CRD passes when the watch is to wait for it.
 */
final class ClusterCheck {
  private ClusterCheck() {}

  /**
   * The version to watch: {@code requested} if the cluster serves it, else (with none requested) the one the
   * cluster prefers; {@code null} when the CRD is missing and {@code waitForCrd} lets the source find it.
   *
   * @throws ClusterUnavailableException when the cluster cannot be watched, {@code requested} among the
   *     reasons: its message is one line naming the served versions
   */
  static @Nullable HelmReleaseApi check(KubernetesClient client, @Nullable HelmReleaseApi requested,
      @Nullable String namespace, boolean waitForCrd) {
    String where = namespace == null ? "any namespace" : "namespace " + namespace;
    String server = serverOf(client);
    ServedHelmReleaseApis served;
    try {
      served = ServedHelmReleaseApis.discover(client);
    } catch (KubernetesClientException e) {
      throw new ClusterUnavailableException(explain(e, requested, where, server));
    }
    if (!served.groupServed()) {
      if (waitForCrd) {
        // Flux is being installed: the source reports the missing CRD and checks again until it is there.
        return requested;
      }
      throw new ClusterUnavailableException(notInstalled(server));
    }
    HelmReleaseApi api;
    try {
      api = served.select(requested);
    } catch (HelmReleaseApiNotServedException e) {
      String instead = served.preferred().map(p -> "; omit --api-version to watch " + p.version()).orElse("");
      throw new ClusterUnavailableException(e.getMessage() + instead + ".", true);
    }
    try {
      var resources = client.genericKubernetesResources(api.context());
      ListOptions one = new ListOptionsBuilder().withLimit(1L).build();
      if (namespace == null) {
        resources.inAnyNamespace().list(one);
      } else {
        resources.inNamespace(namespace).list(one);
      }
    } catch (KubernetesClientException e) {
      if (waitForCrd && e.getCode() == 404) {
        // The group appeared a moment ago: the source's informer retries the list until it is served.
        return api;
      }
      throw new ClusterUnavailableException(explain(e, api, where, server));
    }
    return api;
  }

  private static String notInstalled(String server) {
    return "The API server at " + server + " does not serve " + HelmReleaseApi.GROUP + " (no " + HelmReleaseApi.KIND
        + " CRD); is Flux installed? --wait-for-flux waits for it.";
  }

  /** {@code api} is {@code null} when the failed request was the read of the served versions. */
  static String explain(KubernetesClientException e, @Nullable HelmReleaseApi api, String where, String server) {
    if (e.getCode() <= 0) {
      return "Cannot reach the API server at " + server + " (" + rootCause(e) + ");"
          + " check --kubeconfig and --context, and that the cluster is running.";
    }
    return switch (e.getCode()) {
      case 401 -> "The API server at " + server + " rejected the credentials (401 Unauthorized);"
          + " check the user or token of the kubeconfig context.";
      case 403 -> "Not allowed to list " + HelmReleaseApi.PLURAL + "." + HelmReleaseApi.GROUP + " in " + where
          + " (403 Forbidden); grant get/list/watch, e.g. with deploy/rbac.yaml.";
      case 404 -> api == null ? notInstalled(server)
          : "The API server at " + server + " does not serve " + api.apiVersion() + " " + HelmReleaseApi.KIND
              + " (404); is Flux installed? --wait-for-flux waits for it.";
      default -> "The API server at " + server + " answered " + e.getCode() + " to "
          + (api == null ? "GET /apis/" + HelmReleaseApi.GROUP : "a list of " + HelmReleaseApi.PLURAL + " in " + where)
          + "; run with --verbose for details.";
    };
  }

  /** The server URL without user info, query or path: never credentials. */
  static String serverOf(KubernetesClient client) {
    try {
      URI uri = URI.create(client.getConfiguration().getMasterUrl());
      return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
    } catch (RuntimeException e) {
      return "(unparseable server URL)";
    }
  }

  private static String rootCause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getClass().getSimpleName();
  }
}
