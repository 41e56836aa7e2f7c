/**
 * helmwatch over fabric8 kubernetes-client: {@link io.helmwatch.fabric8.Fabric8ReleaseSource}, {@link
 * io.helmwatch.fabric8.Kubeconfigs} and {@link io.helmwatch.fabric8.HelmControllerLogTailer}.
 *
 * <p>fabric8's client and model jars are automatic modules named after their files; the API names client
 * types ({@code KubernetesClient}, {@code Config}), hence {@code requires transitive}.
 */
@SuppressWarnings({"requires-transitive-automatic", "module"})
module io.helmwatch.fabric8 {
  requires transitive io.helmwatch.core;
  requires transitive kubernetes.client.api;
  requires kubernetes.model.core;
  requires com.fasterxml.jackson.core;
  requires org.slf4j;

  exports io.helmwatch.fabric8;
  // io.helmwatch.fabric8.internal is exported to no module: its one user outside this module, the
  // benchmarks, runs on the class path, and a qualified export to a module that does not exist only warns.
}
