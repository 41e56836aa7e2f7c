package io.helmwatch.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MessageRedactorTest {
  private final MessageRedactor redactor = MessageRedactor.defaults();

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "request failed: Authorization: Bearer eyJhbGciOi.abc-DEF_123 refused | request failed: Authorization: Bearer *** refused",
      "token=s3cr3t&x=1 | token=***&x=1",
      "oauth access_token: abcdef, next | oauth access_token: ***, next",
      "password=hunter2 user=bob | password=*** user=bob",
      "{\"clientSecret\":\"xyz\"} | {\"clientSecret\":\"***\"}",
      "client-key-data: LS0tLS1CRUdJTg== | client-key-data: ***",
      "pull from https://bob:hunter2@charts.example.com/x failed | pull from https://***@charts.example.com/x failed",
      "GIT_PASSWD = abc | GIT_PASSWD = ***",
      "header Authorization: Basic dXNlcjpwYXNzd29yZA== sent | header Authorization: Basic *** sent",
  })
  void defaultMasksCredentials(String in, String expected) {
    assertThat(redactor.redact(in)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "Helm install succeeded for release flux-system/bp-cilium.v1 with chart cilium@1.15.0",
      "dependency 'flux-system/bp-cilium' is not ready",
      "Running 'install' action with timeout of 5m0s",
      "Helm upgrade failed: secret \"sh.helm.release.v1.x\" not found",
      "see https://fluxcd.io/flux/components/helm/ for details",
      "basic health checks passed"
  })
  void defaultLeavesOrdinaryMessagesUntouched(String message) {
    assertThat(redactor.redact(message)).isSameAs(message);
  }

  @Test
  void pemPrivateKeyBlockIsMasked() {
    String message = "bad key -----BEGIN RSA PRIVATE KEY-----\nMIIEow\nIBAAK\n-----END RSA PRIVATE KEY----- end";

    assertThat(redactor.redact(message)).isEqualTo("bad key *** end");
  }

  @Test
  void hugeMessageWithoutCredentialsIsScannedQuickly() {
    String message = "a".repeat(64 * 1024) + " " + "tokenish".repeat(8 * 1024);

    assertThat(redactor.redact(message)).isSameAs(message);
  }

  @Test
  void noneLeavesEverything() {
    assertThat(MessageRedactor.none().redact("token=abc")).isEqualTo("token=abc");
  }

  @Test
  void componentLogMessageIsRedacted() {
    ComponentLog log = new ComponentLog(ComponentId.of("x"), Instant.EPOCH, EventLevel.INFO, "Bearer abc.def");

    assertThat(redactor.redact(log).message()).isEqualTo("Bearer ***");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "TOKEN=abc | TOKEN=***",
      "BeArEr abc.def | BeArEr ***",
      "BASIC dXNlcjpwYXNzd29yZA== | BASIC ***",
      "Api-Key: k1 | Api-Key: ***",
      "certificate-data=MIIB | certificate-data=***",
      "GIT+SSH://git:pw@github.com/x | GIT+SSH://***@github.com/x",
  })
  void triggerWordsAreFoundInAnyAsciiCase(String in, String expected) {
    assertThat(redactor.redact(in)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "the token was refreshed",
      "monkey patching done",
      "secret sh.helm.release.v1.x created",
      "chart cilium@1.15.0 from oci://registry",
      "-----BEGIN CERTIFICATE-----",
      "\u017fecret=abc, to\u212Aen=abc",
      "",
  })
  void aTriggerWithoutTheRestOfItsPatternMasksNothing(String message) {
    assertThat(redactor.redact(message)).isSameAs(message);
  }

  @Test
  void pemBlockWithoutEndIsMaskedToTheEnd() {
    assertThat(redactor.redact("key: -----BEGIN PRIVATE KEY-----\nMIIE")).isEqualTo("key: ***");
  }

  /**
   * The trigger scan only skips patterns: on messages mixing trigger words in any case, look-alikes,
   * separators, values and URLs, it masks exactly what running every pattern masks.
   */
  @Test
  void scanningForTriggersMasksExactlyWhatEveryPatternMasks() {
    List<String> fragments = List.of("token", "TOKEN", "access_token", "passwd", "Password", "pwd", "secret",
        "clientSecret", "api-key", "apikey", "access_key", "private-key", "key_data", "keydata",
        "certificate-data", "Bearer", "bearer", "basic", "Basic", "dXNlcjpwYXNzd29yZA==", "abc.def-1",
        "-----BEGIN RSA PRIVATE KEY-----", "-----END RSA PRIVATE KEY-----", "-----BEGIN ", "https://",
        "oci://", "bob:pw@", "@", "host", "=", ":", ": ", "\"", "'", ",", ";", "&", "}", "]", " ", "  ", "\n",
        "\t", "monkey", "tok", "en", "\u017f", "\u212A", "\u00e9", "*", "/", ".", "-", "_", "x9+/");
    Random random = new Random(7);
    for (int round = 0; round < 5_000; round++) {
      StringBuilder message = new StringBuilder();
      int parts = 1 + random.nextInt(12);
      for (int p = 0; p < parts; p++) {
        message.append(fragments.get(random.nextInt(fragments.size())));
      }
      String in = message.toString();

      assertThat(redactor.redact(in)).as("redact(%s)", in)
          .isEqualTo(DefaultMessageRedactor.redactWithEveryPattern(in));
    }
  }
}
