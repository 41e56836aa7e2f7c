package io.helmwatch.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.NetworkException;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.Test;

/**
 * Which producer errors {@link KafkaSink} fails once and which it leaves to the lane to retry, for the errors
 * the in-JVM broker of {@link KafkaSinkFailureTest} cannot give without SASL and ACLs.
 */
class KafkaErrorClassificationTest {
  @Test
  void authenticationAuthorisationInvalidTopicsAndRecordsTooLargeArePermanent() {
    assertThat(KafkaSink.permanent(new TopicAuthorizationException(Set.of("helmwatch.events")))).isTrue();
    assertThat(KafkaSink.permanent(new ClusterAuthorizationException("IDEMPOTENT_WRITE denied"))).isTrue();
    assertThat(KafkaSink.permanent(new SaslAuthenticationException("bad credentials"))).isTrue();
    assertThat(KafkaSink.permanent(new InvalidTopicException("bad topic"))).isTrue();
    assertThat(KafkaSink.permanent(new RecordTooLargeException("too large"))).isTrue();
  }

  @Test
  void aProducerInAFatalStateNamesItsCauseAndIsPermanentToo() {
    KafkaException fatal = new KafkaException("Cannot perform send because at least one previous transactional or"
        + " idempotent request has failed with errors.", new ClusterAuthorizationException("denied"));

    assertThat(KafkaSink.permanent(fatal)).isTrue();
  }

  @Test
  void timeoutsLostLeadersNetworkErrorsAndUnclassifiedErrorsMayPass() {
    assertThat(KafkaSink.permanent(new TimeoutException("Topic t not present in metadata after 200 ms.",
        new UnknownTopicOrPartitionException("no such topic")))).isFalse();
    assertThat(KafkaSink.permanent(new NotLeaderOrFollowerException("moved"))).isFalse();
    assertThat(KafkaSink.permanent(new NotEnoughReplicasException("one replica"))).isFalse();
    assertThat(KafkaSink.permanent(new NetworkException("disconnected"))).isFalse();
    assertThat(KafkaSink.permanent(new KafkaException("something else"))).isFalse();
  }
}
