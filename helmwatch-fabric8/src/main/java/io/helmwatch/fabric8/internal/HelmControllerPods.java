package io.helmwatch.fabric8.internal;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.helmwatch.fabric8.HelmControllerLogTailer;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which helm-controller pods are read: an informer lists and watches the pods matching the selector, and
 * each pod whose container runs gets one {@link PodLogStream}. A new pod, a new pod under the same name
 * (another uid) or a container restart (a higher restart count) stops the old stream and opens one for the
 * new container instance; a deleted pod's stream is stopped. The container is the named one, else the
 * pod's first. A restarted container's new stream first reads what the instance before it wrote after the
 * last line seen (a stream stopped when its container stopped running is remembered until then).
 */
public final class HelmControllerPods {
  private static final Logger log = LoggerFactory.getLogger(HelmControllerLogTailer.class);

  private final KubernetesClient client;
  private final String namespace;
  private final String podSelector;
  private final @Nullable String container;
  private final String cluster;
  private final PodLogStreams streams;
  private final TailerErrors errors;
  private final BooleanSupplier closed;

  private final Object lock = new Object();
  private final Map<String, PodLogStream> byPod = new HashMap<>();
  /** The stream of each pod whose container stopped running, until the next instance of the pod runs. */
  private final Map<String, PodLogStream> crashed = new HashMap<>();
  private volatile @Nullable SharedIndexInformer<Pod> informer;

  /**
   * Pods matching {@code podSelector} in {@code namespace}, read through {@code streams}; {@code container}
   * {@code null} means each pod's first. Stops tracking once {@code closed} says so.
   */
  public HelmControllerPods(KubernetesClient client, String namespace, String podSelector,
      @Nullable String container, String cluster, PodLogStreams streams, TailerErrors errors,
      BooleanSupplier closed) {
    this.client = client;
    this.namespace = namespace;
    this.podSelector = podSelector;
    this.container = container;
    this.cluster = cluster;
    this.streams = streams;
    this.errors = errors;
    this.closed = closed;
  }

  /** Starts the streams' thread and the pod informer, for a tailer that started at {@code startedAt}. */
  public void start(Instant startedAt) {
    streams.start(startedAt);
    SharedIndexInformer<Pod> i = client.pods().inNamespace(namespace).withLabelSelector(podSelector)
        .runnableInformer(0);
    i.exceptionHandler((isStarted, t) -> {
      if (!closed.getAsBoolean()) {
        errors.report("pods " + podSelector + " in " + namespace + ": " + (isStarted ? "watch" : "list")
            + " failed, retrying: " + ClientFailures.describe(t));
      }
      return !closed.getAsBoolean();
    });
    i.addEventHandler(new Handler());
    informer = i;
    log.info("Tailing the logs of pods {} in namespace {} for cluster '{}'", podSelector, namespace, cluster);
    i.start().whenComplete((v, t) -> {
      if (t != null && !closed.getAsBoolean()) {
        errors.report("pods " + podSelector + " in " + namespace + ": initial list failed: "
            + ClientFailures.describe(t));
      }
    });
    if (closed.getAsBoolean()) {
      i.stop();
    }
  }

  /** The pods whose log is being read now, by name, sorted. */
  public List<String> attachedPods() {
    List<String> pods = new ArrayList<>();
    synchronized (lock) {
      for (PodLogStream s : byPod.values()) {
        if (s.isAttached()) {
          pods.add(s.instance().pod());
        }
      }
    }
    pods.sort(null);
    return pods;
  }

  /** Stops the informer, every stream and the streams' thread; called once, after {@code closed} turned true. */
  public void close() {
    SharedIndexInformer<Pod> i = informer;
    if (i != null) {
      try {
        i.stop();
      } catch (RuntimeException e) {
        log.warn("Stopping the pod informer failed: {}", e.toString());
      }
    }
    List<PodLogStream> open;
    synchronized (lock) {
      open = new ArrayList<>(byPod.values());
      byPod.clear();
      crashed.clear();
    }
    open.forEach(PodLogStream::stop);
    streams.close();
    log.debug("Stopped tailing pods {} in namespace {}", podSelector, namespace);
  }

  /** Called on the informer's thread for every add and update. */
  private void reconcile(Pod pod) {
    String name = pod.getMetadata() == null ? null : pod.getMetadata().getName();
    if (name == null) {
      return;
    }
    ContainerInstance want = instanceOf(pod);
    PodLogStream old = null;
    PodLogStream opened = null;
    synchronized (lock) {
      if (closed.getAsBoolean()) {
        return;
      }
      PodLogStream have = byPod.get(name);
      if (have != null && have.instance().equals(want)) {
        return;
      }
      if (have != null) {
        old = byPod.remove(name);
      }
      PodLogStream before = have != null ? have : crashed.remove(name);
      if (want == null && have != null) {
        crashed.put(name, have);
      }
      if (want != null) {
        Instant previousAfter = before != null && before.instance().uid().equals(want.uid())
            && before.instance().container().equals(want.container())
            && want.restartCount() > before.instance().restartCount() ? before.unseenAfter() : null;
        opened = streams.create(want, startedBeforeTailer(pod, want.container()), previousAfter);
        byPod.put(name, opened);
      }
    }
    if (old != null) {
      old.stop();
    }
    if (opened != null) {
      log.debug("Attaching to the log of pod {}/{} container {} (restart {})", namespace, name,
          want.container(), want.restartCount());
      opened.attachSoon();
    }
  }

  private void removed(Pod pod) {
    String name = pod.getMetadata() == null ? null : pod.getMetadata().getName();
    PodLogStream gone;
    synchronized (lock) {
      gone = name == null ? null : byPod.remove(name);
      if (name != null) {
        crashed.remove(name);
      }
    }
    if (gone != null) {
      gone.stop();
    }
  }

  /** The running container to read, or {@code null} when there is none yet (pending, crashing). */
  private @Nullable ContainerInstance instanceOf(Pod pod) {
    String uid = pod.getMetadata().getUid();
    String wanted = containerOf(pod);
    if (wanted == null || pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
      return null;
    }
    for (ContainerStatus s : pod.getStatus().getContainerStatuses()) {
      if (wanted.equals(s.getName())) {
        boolean running = s.getState() != null && s.getState().getRunning() != null;
        int restarts = s.getRestartCount() == null ? 0 : s.getRestartCount();
        return running
            ? new ContainerInstance(pod.getMetadata().getName(), uid == null ? "" : uid, wanted, restarts)
            : null;
      }
    }
    return null;
  }

  private @Nullable String containerOf(Pod pod) {
    if (container != null) {
      return container;
    }
    List<Container> containers = pod.getSpec() == null ? null : pod.getSpec().getContainers();
    return containers == null || containers.isEmpty() ? null : containers.get(0).getName();
  }

  private boolean startedBeforeTailer(Pod pod, String containerName) {
    for (ContainerStatus s : pod.getStatus().getContainerStatuses()) {
      if (containerName.equals(s.getName()) && s.getState().getRunning().getStartedAt() != null) {
        try {
          return Instant.parse(s.getState().getRunning().getStartedAt()).isBefore(streams.startedAt());
        } catch (DateTimeParseException e) {
          return true;
        }
      }
    }
    return true;
  }

  private final class Handler implements ResourceEventHandler<Pod> {
    @Override
    public void onAdd(Pod pod) {
      reconcile(pod);
    }

    @Override
    public void onUpdate(Pod oldPod, Pod newPod) {
      reconcile(newPod);
    }

    @Override
    public void onDelete(Pod pod, boolean deletedFinalStateUnknown) {
      removed(pod);
    }
  }
}
