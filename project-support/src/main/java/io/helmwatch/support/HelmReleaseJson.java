package io.helmwatch.support;

/**
 * HelmReleases as the JSON an API server sends, with everything a real one carries (values, history,
 * managedFields): for footprint measurements and for tests that parse what fabric8 would.
 *
 * @since 0.1
 */
public final class HelmReleaseJson {
  private HelmReleaseJson() {}

  /**
   * The JSON of HelmRelease {@code release-<i>} in {@code flux-system} as the API server sends it after
   * helm-controller reconciled it a few times: labels, annotations, finalizers, two managedFields entries,
   * a spec with 20 chart values and a dependency, a status with five history entries and Ready and Released
   * conditions. Each call has a new random uid.
   */
  public static String reconciled(int i) {
    return reconciled(i, false);
  }

  /**
   * {@link #reconciled(int)} as helm-controller v1.6 writes it with drift detection in warn mode
   * (HELMRELEASE-STATUS.md (f)): {@code spec.driftDetection} with a mode and an ignore rule, {@code action} on
   * every history entry ({@code install} for the first release, {@code upgrade} after), {@code
   * lastAttemptedReleaseActionDuration} and a {@code Drifted=False/NoDriftDetected} condition.
   */
  public static String reconciledByV16(int i) {
    return reconciled(i, true);
  }

  private static String reconciled(int i, boolean v16) {
    String name = "release-" + i;
    StringBuilder values = new StringBuilder();
    for (int v = 0; v < 20; v++) {
      values.append("\"key").append(v).append("\":{\"enabled\":true,\"replicas\":").append(v)
          .append(",\"image\":\"registry.example.com/team/component-").append(v).append(":1.").append(i % 50)
          .append(".0\"},");
    }
    StringBuilder history = new StringBuilder();
    for (int h = 0; h < 5; h++) {
      history.append(h == 0 ? "" : ",").append("{\"chartName\":\"").append(name)
          .append("\",\"chartVersion\":\"1.").append(h).append(".0\",\"configDigest\":\"sha256:")
          .append(Integer.toHexString(i * 31 + h).repeat(8)).append("\",\"digest\":\"sha256:")
          .append(Integer.toHexString(i * 17 + h).repeat(8)).append("\",\"firstDeployed\":\"2026-01-0")
          .append(h + 1).append("T00:00:00Z\",\"lastDeployed\":\"2026-01-0").append(h + 1)
          .append("T00:01:00Z\",\"name\":\"").append(name).append("\",\"namespace\":\"apps\",\"status\":\"")
          .append(h == 0 ? "deployed" : "superseded").append("\",\"version\":").append(5 - h);
      if (v16) {
        history.append(",\"action\":\"").append(h == 4 ? "install" : "upgrade").append('"');
      }
      history.append('}');
    }
    return "{\"apiVersion\":\"helm.toolkit.fluxcd.io/v2\",\"kind\":\"HelmRelease\",\"metadata\":{"
        + "\"name\":\"" + name + "\",\"namespace\":\"flux-system\",\"uid\":\"" + java.util.UUID.randomUUID()
        + "\",\"generation\":3,\"resourceVersion\":\"" + (100000 + i) + "\","
        + "\"creationTimestamp\":\"2026-01-01T00:00:00Z\","
        + "\"labels\":{\"kustomize.toolkit.fluxcd.io/name\":\"bootstrap\",\"kustomize.toolkit.fluxcd.io/namespace\":\"flux-system\"},"
        + "\"annotations\":{\"reconcile.fluxcd.io/requestedAt\":\"2026-01-02T00:00:00Z\"},"
        + "\"finalizers\":[\"finalizers.fluxcd.io\"],"
        + "\"managedFields\":[{\"apiVersion\":\"helm.toolkit.fluxcd.io/v2\",\"fieldsType\":\"FieldsV1\","
        + "\"fieldsV1\":{\"f:metadata\":{\"f:labels\":{\".\":{},\"f:kustomize.toolkit.fluxcd.io/name\":{}}},"
        + "\"f:spec\":{\".\":{},\"f:chart\":{},\"f:dependsOn\":{},\"f:interval\":{},\"f:values\":{}}},"
        + "\"manager\":\"kustomize-controller\",\"operation\":\"Apply\",\"time\":\"2026-01-01T00:00:00Z\"},"
        + "{\"apiVersion\":\"helm.toolkit.fluxcd.io/v2\",\"fieldsType\":\"FieldsV1\",\"fieldsV1\":{\"f:status\":{"
        + "\"f:conditions\":{},\"f:history\":{},\"f:observedGeneration\":{}}},\"manager\":\"helm-controller\","
        + "\"operation\":\"Update\",\"subresource\":\"status\",\"time\":\"2026-01-02T00:00:00Z\"}]},"
        + "\"spec\":{\"interval\":\"10m\",\"timeout\":\"10m0s\",\"chart\":{\"spec\":{\"chart\":\"" + name + "\",\"version\":\"1.x\","
        + "\"sourceRef\":{\"kind\":\"HelmRepository\",\"name\":\"charts\",\"namespace\":\"flux-system\"}}},"
        + "\"dependsOn\":[{\"name\":\"release-" + (i / 2) + "\",\"namespace\":\"flux-system\"}],"
        + "\"install\":{\"remediation\":{\"retries\":3}},\"upgrade\":{\"remediation\":{\"retries\":3}},"
        + (v16 ? "\"driftDetection\":{\"mode\":\"warn\",\"ignore\":[{\"paths\":[\"/spec/replicas\"],"
            + "\"target\":{\"kind\":\"Deployment\"}}]}," : "")
        + "\"values\":{" + values + "\"last\":true}},"
        + "\"status\":{\"observedGeneration\":3,\"lastAttemptedGeneration\":3,"
        + "\"lastAttemptedRevision\":\"1.0.0\",\"lastAttemptedConfigDigest\":\"sha256:abc\","
        + (v16 ? "\"lastAttemptedReleaseActionDuration\":\"" + (1 + i % 60) + "." + (i % 1000) + "s\"," : "")
        + "\"lastHandledReconcileAt\":\"2026-01-02T00:00:00Z\",\"helmChart\":\"flux-system/flux-system-" + name + "\","
        + "\"storageNamespace\":\"apps\",\"history\":[" + history + "],\"conditions\":["
        + "{\"type\":\"Ready\",\"status\":\"True\",\"observedGeneration\":3,\"lastTransitionTime\":\"2026-01-02T00:01:00Z\","
        + "\"reason\":\"UpgradeSucceeded\",\"message\":\"Helm upgrade succeeded for release apps/" + name + ".v5 with chart " + name + "@1.0.0\"},"
        + "{\"type\":\"Released\",\"status\":\"True\",\"observedGeneration\":3,\"lastTransitionTime\":\"2026-01-02T00:01:00Z\","
        + "\"reason\":\"UpgradeSucceeded\",\"message\":\"Helm upgrade succeeded for release apps/" + name + ".v5 with chart " + name + "@1.0.0\"}"
        + (v16 ? ",{\"type\":\"Drifted\",\"status\":\"False\",\"observedGeneration\":3,"
            + "\"lastTransitionTime\":\"2026-01-02T00:01:00Z\",\"reason\":\"NoDriftDetected\","
            + "\"message\":\"No drift detected against the cluster state\"}" : "")
        + "]}}";
  }
}
