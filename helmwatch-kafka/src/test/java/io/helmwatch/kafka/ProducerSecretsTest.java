package io.helmwatch.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ProducerSecretsTest {
  private static final String JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required"
      + " username=\"helmwatch\" password=\"pw-1\";";

  private final ProducerSecrets secrets = ProducerSecrets.of(Map.of(
      "sasl.jaas.config", JAAS,
      "ssl.key.password", "key-2",
      "custom.oauth.token", "tok-3",
      "client.id", "helmwatch-producer"));

  @Test
  void passwordTypedPropertiesAndThoseNamedLikeSecretsAreTakenOut() {
    assertThat(secrets.scrub("a key-2 b tok-3 c")).isEqualTo("a [redacted] b [redacted] c");
  }

  @Test
  void aJaasConfigIsTakenOutWholeAndItsPasswordAlone() {
    assertThat(secrets.scrub("config " + JAAS)).isEqualTo("config [redacted]");
    assertThat(secrets.scrub("login failed for pw-1")).isEqualTo("login failed for [redacted]");
  }

  @Test
  void namesAndOtherValuesStay() {
    assertThat(secrets.scrub("topic helmwatch.events for helmwatch-producer"))
        .isEqualTo("topic helmwatch.events for helmwatch-producer");
  }

  @Test
  void anExceptionQuotingASecretAnywhereInItsChainIsRecognised() {
    Exception quoting = new IllegalStateException("outer", new IllegalArgumentException("bad value pw-1"));
    assertThat(secrets.quotedBy(quoting)).isTrue();
    assertThat(secrets.quotedBy(new IllegalStateException("outer", new RuntimeException("fine")))).isFalse();
  }
}
