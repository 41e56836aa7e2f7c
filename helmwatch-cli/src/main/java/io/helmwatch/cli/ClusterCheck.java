package io.helmwatch.cli;

import io.fabric8.kubernetes.api.model.ListOptions;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.helmwatch.fabric8.HelmReleaseApi;
import java.net.URI;
import org.jspecify.annotations.Nullable;

/**
 * One read before the watch starts, so that the common set-up problems end the program at once with a clear
 * line (exit code 4) instead of an informer retrying in the background until the timeout. A missing
 * HelmRelease CRD passes when the watch is to wait for it.
 */
final class ClusterCheck {
  private ClusterCheck() {}

  static void check(KubernetesClient client, HelmReleaseApi api, @Nullable String namespace, boolean waitForCrd) {
    String where = namespace == null ? "any namespace" : "namespace " + namespace;
    String server = serverOf(client);
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
        // Flux is being installed: the source reports the missing CRD and checks again until it is there.
        return;
      }
      throw new ClusterUnavailableException(explain(e, api, where, server));
    }
  }

  static String explain(KubernetesClientException e, HelmReleaseApi api, String where, String server) {
    if (e.getCode() <= 0) {
      return "Cannot reach the API server at " + server + " (" + rootCause(e) + ");"
          + " check --kubeconfig and --context, and that the cluster is running.";
    }
    return switch (e.getCode()) {
      case 401 -> "The API server at " + server + " rejected the credentials (401 Unauthorized);"
          + " check the user or token of the kubeconfig context.";
      case 403 -> "Not allowed to list " + HelmReleaseApi.PLURAL + "." + HelmReleaseApi.GROUP + " in " + where
          + " (403 Forbidden); grant get/list/watch, e.g. with deploy/rbac.yaml.";
      case 404 -> "The API server at " + server + " does not serve " + api.apiVersion() + " " + HelmReleaseApi.KIND
          + " (404); is Flux installed? Older Flux versions serve --api-version v2beta2 or v2beta1;"
          + " --wait-for-flux waits for it.";
      default -> "The API server at " + server + " answered " + e.getCode() + " to a list of "
          + HelmReleaseApi.PLURAL + " in " + where + "; run with --verbose for details.";
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
