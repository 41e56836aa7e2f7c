package io.helmwatch.fabric8.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.helmwatch.core.ReleaseFilter;
import io.helmwatch.core.ReleaseKey;
import io.helmwatch.core.ReleaseObservation;
import io.helmwatch.core.ReleaseSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** What a listener or a filter throws stays on this side of the informer's handler thread. */
class ReleaseDeliveryErrorTest {

  private static GenericKubernetesResource release(String name) {
    GenericKubernetesResource r = new GenericKubernetesResource();
    ObjectMeta m = new ObjectMeta();
    m.setName(name);
    m.setNamespace("flux-system");
    m.setGeneration(1L);
    m.setResourceVersion("1");
    r.setMetadata(m);
    r.setAdditionalProperty("status", Map.of());
    return r;
  }

  /** Throws {@code error} on the first upsert and the first delete, then records. */
  private static final class FailingOnce implements ReleaseSource.Listener {
    private final Error error;
    private boolean upsertFailed;
    private boolean deleteFailed;
    final List<String> seen = new ArrayList<>();

    FailingOnce(Error error) {
      this.error = error;
    }

    @Override
    public void upsert(ReleaseObservation observation) {
      if (!upsertFailed) {
        upsertFailed = true;
        throw error;
      }
      seen.add("upsert " + observation.key().name());
    }

    @Override
    public void delete(ReleaseKey key) {
      if (!deleteFailed) {
        deleteFailed = true;
        throw error;
      }
      seen.add("delete " + key.name());
    }

    @Override
    public void synced() {}

    @Override
    public void error(String cluster, String message, @Nullable Throwable cause) {}

    @Override
    public void stopped(String cluster, String reason) {}
  }

  @Test
  void anErrorFromTheListenerIsLoggedAndTheNextNotificationIsDelivered() {
    ReleaseDelivery delivery = new ReleaseDelivery("primary", ReleaseFilter.all(), () -> false);
    FailingOnce listener = new FailingOnce(new StackOverflowError("deep"));
    delivery.deliverTo(listener);
    try (CapturedLog log = CapturedLog.start()) {
      assertThatCode(() -> delivery.onAdd(release("a"))).doesNotThrowAnyException();
      delivery.onAdd(release("b"));
      assertThatCode(() -> delivery.onDelete(release("a"), false)).doesNotThrowAnyException();
      delivery.onDelete(release("b"), false);
      assertThat(log.text()).contains("Listener failed on primary/flux-system/a", "StackOverflowError");
    }
    assertThat(listener.seen).containsExactly("upsert b", "delete b");
  }

  @Test
  void aFilterThatThrowsSkipsTheObjectWithALogLine() {
    ReleaseFilter picky = key -> {
      if (key.name().equals("bad")) {
        throw new IllegalStateException("filter bug");
      }
      return true;
    };
    ReleaseDelivery delivery = new ReleaseDelivery("primary", picky, () -> false);
    FailingOnce listener = new FailingOnce(new AssertionError("unused"));
    listener.upsertFailed = true;
    listener.deleteFailed = true;
    delivery.deliverTo(listener);
    try (CapturedLog log = CapturedLog.start()) {
      assertThatCode(() -> delivery.onAdd(release("bad"))).doesNotThrowAnyException();
      delivery.onAdd(release("good"));
      assertThatCode(() -> delivery.onDelete(release("bad"), false)).doesNotThrowAnyException();
      assertThat(log.text()).contains("flux-system/bad", "filter bug");
    }
    assertThat(listener.seen).containsExactly("upsert good");
  }
}
