package io.helmwatch.fabric8;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.helmwatch.core.ComponentEvent;
import io.helmwatch.core.ReleaseKey;
import io.helmwatch.core.ReleaseObservation;
import io.helmwatch.core.ReleaseSource;
import io.helmwatch.core.WatchOutcome;
import io.helmwatch.fabric8.internal.ObservationValues;
import io.helmwatch.core.Watcher;
import io.helmwatch.support.HelmReleaseJson;
import io.helmwatch.testing.HelmReleases;
import io.helmwatch.testing.RecordingSink;
import io.helmwatch.testing.fabric8.FakeCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The lean item store through a real informer: what the informer hands over from its store (the initial
 * list, relists, the old side of updates) reads exactly as the object the API server sent.
 */
class LeanCacheOverTheWireTest {
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private FakeCluster cluster;

  @BeforeEach
  void startCluster() {
    cluster = FakeCluster.start();
  }

  @AfterEach
  void stopCluster() {
    cluster.close();
  }

  @Test
  void initialListEventsCarryTheServersUidWithALeanCacheAsWithAFullOne() throws Exception {
    cluster.create(HelmReleases.named("app").installed());
    String uid = cluster.get(HelmReleases.FLUX_NAMESPACE, "app").getMetadata().getUid();
    assertThat(uid).as("uid the API server gave the release").isNotBlank();

    ComponentEvent full = firstEvent(false);
    ComponentEvent lean = firstEvent(true);

    assertThat(full.uid()).as("uid of the event with a full cache").isEqualTo(uid);
    assertThat(lean.uid()).as("uid of the event with a lean cache").isEqualTo(uid);
    assertThat(lean.id()).as("id of the event with a lean cache").isEqualTo(full.id());
  }

  @Test
  void aLeanCacheObservationEqualsAFullCacheObservationOfARichObject() throws Exception {
    GenericKubernetesResource rich = JSON.unmarshal(HelmReleaseJson.reconciledByV16(4),
        GenericKubernetesResource.class);
    rich.getMetadata().setUid(null);
    rich.getMetadata().setResourceVersion(null);
    @SuppressWarnings("unchecked")
    Map<String, Object> status = (Map<String, Object>) rich.getAdditionalProperties().get("status");
    @SuppressWarnings("unchecked")
    Map<String, Object> latest = ((List<Map<String, Object>>) status.get("history")).get(0);
    latest.put("appVersion", "v1.16.2");
    status.put("lastAttemptedReleaseAction", "upgrade");
    status.put("failures", 2);
    status.put("installFailures", 1);
    status.put("upgradeFailures", 1);
    status.put("lastAttemptedRevisionDigest", "sha256:0a1b2c3d4e5f");
    var ops = cluster.client().genericKubernetesResources(FakeCluster.context(FakeCluster.DEFAULT_VERSION))
        .inNamespace(HelmReleases.FLUX_NAMESPACE);
    GenericKubernetesResource created = ops.resource(rich).create();
    created.setAdditionalProperty("status", status);
    ops.resource(created).updateStatus();
    // Its finalizer keeps it, marked for deletion.
    ops.withName("release-4").delete();
    GenericKubernetesResource stored = cluster.get(HelmReleases.FLUX_NAMESPACE, "release-4");

    assertThat(stored.getMetadata().getDeletionTimestamp()).as("deletionTimestamp").isNotBlank();
    ReleaseObservation fullObservation = initialObservation(false);
    assertThat(fullObservation.deletionPending()).as("deletion pending with a full cache").isTrue();
    List<Object> full = ObservationValues.of(fullObservation);
    List<Object> lean = ObservationValues.of(initialObservation(true));

    assertThat(full).as("what a full-cache observation reads (checks the fixture is rich)")
        .contains(stored.getMetadata().getUid(), "v1.16.2", "upgrade", 2L, 3L, "release-4", "1.0.0", "warn", 5L,
            "5.4s", "sha256:0a1b2c3d4e5f",
            "2026-01-02T00:00:00Z", List.of(new ReleaseKey(ReleaseKey.PRIMARY, HelmReleases.FLUX_NAMESPACE,
                "release-2")));
    assertThat(lean).isEqualTo(full);
  }

  /** The first event a watcher reports for the one release in the cluster. */
  private ComponentEvent firstEvent(boolean leanCache) throws Exception {
    RecordingSink sink = new RecordingSink();
    Fabric8ReleaseSource source = Fabric8ReleaseSource.builder().client(cluster.client()).leanCache(leanCache)
        .build();
    try (Watcher watcher = Watcher.builder(source).sink(sink).expectAtLeast(1).build()) {
      assertThat(watcher.start().get(WAIT.toSeconds(), TimeUnit.SECONDS).outcome()).isEqualTo(WatchOutcome.READY);
    }
    return sink.events().get(0);
  }

  /** A copy of the observation of the initial list. */
  private ReleaseObservation initialObservation(boolean leanCache) throws Exception {
    List<ReleaseObservation> seen = new ArrayList<>();
    CountDownLatch synced = new CountDownLatch(1);
    try (Fabric8ReleaseSource source = Fabric8ReleaseSource.builder().client(cluster.client())
        .leanCache(leanCache).build()) {
      source.start(new ReleaseSource.Listener() {
        @Override
        public void upsert(ReleaseObservation observation) {
          synchronized (seen) {
            seen.add(ReleaseObservation.copyOf(observation));
          }
        }

        @Override
        public void delete(ReleaseKey key) {}

        @Override
        public void synced() {
          synced.countDown();
        }

        @Override
        public void error(String cluster, String message, @Nullable Throwable cause) {}

        @Override
        public void stopped(String cluster, String reason) {}
      });
      assertThat(synced.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("initial list synced").isTrue();
    }
    synchronized (seen) {
      assertThat(seen).hasSize(1);
      return seen.get(0);
    }
  }
}
