package io.helmwatch.fabric8;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Loads fabric8 client configurations from kubeconfigs. A {@code context} of {@code null} means the
 * kubeconfig's current context.
 *
 * <p>Errors never carry the kubeconfig's contents or any credential: the underlying exception's message,
 * which may quote the file, is left out of the message and the exception is not chained.
 *
 * <pre>{@code
 * Config config = Kubeconfigs.fromFile(Path.of("/etc/sovereign/kubeconfig"), "sin-2");
 * Fabric8ReleaseSource source = Fabric8ReleaseSource.builder().config(config).cluster("sin-2").build();
 * }</pre>
 *
 * @since 0.1
 */
public final class Kubeconfigs {
  private Kubeconfigs() {}

  /** A configuration from kubeconfig text (YAML), e.g. read from a secret. */
  public static Config fromString(String kubeconfig, @Nullable String context) {
    Objects.requireNonNull(kubeconfig, "kubeconfig");
    if (kubeconfig.isBlank()) {
      throw new IllegalArgumentException("kubeconfig text is empty");
    }
    return parse(kubeconfig, context, null, "the kubeconfig text given");
  }

  /** A configuration from the kubeconfig file {@code path}; relative certificate paths resolve beside it. */
  public static Config fromFile(Path path, @Nullable String context) {
    Objects.requireNonNull(path, "path");
    String text;
    try {
      text = Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException("Cannot read kubeconfig file " + path + " ("
          + e.getClass().getSimpleName() + ")");
    }
    return parse(text, context, path.toAbsolutePath().toString(), "kubeconfig file " + path);
  }

  /**
   * The configuration fabric8 discovers on its own: {@code KUBECONFIG}, {@code ~/.kube/config}, or the
   * in-cluster service account.
   */
  public static Config discover(@Nullable String context) {
    try {
      return Config.autoConfigure(context);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("Could not discover a Kubernetes configuration"
          + (context == null ? "" : " for context '" + context + "'") + " ("
          + e.getClass().getSimpleName() + ")");
    }
  }

  /** A new client for {@code config}; the caller closes it. */
  public static KubernetesClient client(Config config) {
    return new KubernetesClientBuilder().withConfig(Objects.requireNonNull(config, "config")).build();
  }

  private static Config parse(String text, @Nullable String context, @Nullable String path, String what) {
    Config config;
    try {
      config = Config.fromKubeconfig(context, text, path);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("Could not load " + what
          + (context == null ? "" : " with context '" + context + "'") + " ("
          + e.getClass().getSimpleName() + "); check that it is a valid kubeconfig");
    }
    if (context != null && config.getCurrentContext() != null
        && !context.equals(config.getCurrentContext().getName())) {
      throw new IllegalArgumentException("Context '" + context + "' is not in " + what);
    }
    return config;
  }
}
