package io.helmwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {
  @TempDir Path jobs;

  /** Timestamps and the jobs directory vary from run to run; everything else must not. */
  private String normalised(String text) {
    return text
        .replaceAll("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z", "<time>")
        // Event ids (UUIDs over release, generations and transition, tested in core) are checked for shape.
        .replaceAll("\"id\":\"[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\"", "\"id\":\"<id>\"")
        // The demo's restarted watcher reads the simulated cluster, whose objects carry a server-made uid.
        .replaceAll("\"uid\":\"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\"", "\"uid\":\"<uid>\"")
        .replace(jobs.toString(), "<jobs-dir>");
  }

  private static String golden(String name) throws IOException {
    try (InputStream in = DemoCommandTest.class.getResourceAsStream("/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void demoInstallsTheWholeKitAndExitsZero() throws IOException {
    Cli run = Cli.run("demo", "--output", "plain", "--speed", "40", "--jobs-dir", jobs.toString());

    assertThat(run.code()).as(run.err()).isEqualTo(0);
    assertThat(run.out()).contains("outcome: ready (11 components: 11 installed)");
    assertThat(normalised(run.out())).isEqualTo(golden("demo-plain.txt"));
    assertThat(run.err()).isEmpty();

    Cli table = Cli.run("jobs", "--jobs-dir", jobs.toString());
    assertThat(table.code()).isEqualTo(0);
    assertThat(table.out()).contains("install-cilium").contains("succeeded");
    assertThat(table.out().lines().filter(l -> l.contains(" succeeded ")).count()).isEqualTo(11);
    assertThat(table.out()).doesNotContain("#2");

    Cli lines = Cli.run("jobs", "--jobs-dir", jobs.toString(), "--job", "install-cilium", "--execution", "1");
    assertThat(lines.out()).contains("[installing] Running 'install' action with timeout of 5m0s")
        .contains("[installed] Helm install succeeded for release flux-system/bp-cilium.v1 with chart bp-cilium@1.0.0");
  }

  @Test
  void aFailingComponentIsRetriedThenFailsAndItsDependantsNeverInstall() {
    Cli run = Cli.run("demo", "--output", "plain", "--speed", "40", "--fail", "gitea", "--jobs-dir", jobs.toString());

    assertThat(run.code()).as(run.out() + run.err()).isEqualTo(1);
    String out = run.out();
    assertThat(out).contains("gitea                    installing -> degraded  helm-controller is retrying after"
            + " InstallFailed")
        .contains("gitea                    installing -> failed  RetriesExceeded: Failed to install after 4"
            + " attempt(s)")
        .doesNotContain("catalyst-platform        installing -> installed")
        .contains("outcome: failed");
    assertThat(out.indexOf("-> degraded")).isLessThan(out.indexOf("-> failed"));
  }

  @Test
  void aFlakyComponentIsInstalledByTheRetryAndTheKitEndsReady() {
    Cli run = Cli.run("demo", "--output", "plain", "--speed", "40", "--flaky", "gitea", "--jobs-dir", jobs.toString());

    assertThat(run.code()).as(run.out() + run.err()).isEqualTo(0);
    assertThat(run.out()).contains("gitea                    installing -> degraded")
        .contains("gitea                    installing -> installed")
        .contains("outcome: ready (11 components: 11 installed)");
  }

  @Test
  void failFastEndsTheFlakyKitOnItsFirstFailedAttempt() {
    Cli run = Cli.run("demo", "--output", "plain", "--speed", "40", "--flaky", "gitea", "--fail-fast",
        "--jobs-dir", jobs.toString());

    assertThat(run.code()).as(run.out() + run.err()).isEqualTo(1);
    assertThat(run.out()).contains("gitea                    installing -> failed  install attempt 1 of 1 failed:")
        .contains("outcome: failed");
  }

  @Test
  void jsonlOutputIsTheSinkSchemaInAStableOrder() throws IOException {
    Cli run = Cli.run("demo", "--output", "jsonl", "--speed", "40", "--churn", "1", "--jobs-dir", jobs.toString());

    assertThat(run.code()).as(run.err()).isEqualTo(0);
    assertThat(run.out().lines()).allMatch(l -> l.startsWith("{\"schema\":1,"));
    assertThat(normalised(run.out())).isEqualTo(golden("demo-jsonl.txt"));
    assertThat(run.err()).contains("Restarting the watcher");
  }

  @Test
  void anUpgradeShowsTheStaleReadyAsInstalling() {
    Cli run = Cli.run("demo", "--output", "plain", "--speed", "40", "--upgrade", "bp-cilium",
        "--jobs-dir", jobs.toString());
    assertThat(run.code()).as(run.err()).isEqualTo(0);
    assertThat(run.out()).contains("cilium                   installed -> installing  Upgrading to generation 2");
  }

  @Test
  void badDemoOptionsAreUsageErrors() {
    assertThat(Cli.run("demo", "--speed", "0").code()).isEqualTo(64);
    Cli unknown = Cli.run("demo", "--fail", "nope");
    assertThat(unknown.code()).isEqualTo(64);
    assertThat(unknown.err()).contains("'bp-nope' is not in the kit");
    assertThat(Cli.run("demo", "--no-such-flag").code()).isEqualTo(64);
  }
}
