package io.helmwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/** Runs the program in-process and keeps what it printed. */
record Cli(int code, String out, String err) {

  static Cli run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Cli(code, out.toString(), err.toString());
  }

  /**
   * Runs {@code watch --kubeconfig kubeconfig --output output args...} and checks that nothing it printed
   * holds the kubeconfig's token.
   */
  static Cli watch(Path kubeconfig, String output, String... args) {
    String[] all = new String[args.length + 5];
    all[0] = "watch";
    all[1] = "--kubeconfig";
    all[2] = kubeconfig.toString();
    all[3] = "--output";
    all[4] = output;
    System.arraycopy(args, 0, all, 5, args.length);
    Cli run = run(all);
    assertThat(run.out() + run.err()).as("credentials never printed").doesNotContain(TOKEN);
    return run;
  }

  /** A kubeconfig for {@code server} with a recognisable token, written to {@code dir}. */
  static Path kubeconfig(Path dir, String server) throws IOException {
    String yaml = """
        apiVersion: v1
        kind: Config
        clusters:
        - name: fake
          cluster:
            server: %s
            insecure-skip-tls-verify: true
        contexts:
        - name: fake
          context:
            cluster: fake
            user: tester
        current-context: fake
        users:
        - name: tester
          user:
            token: %s
        """.formatted(server, TOKEN);
    return Files.writeString(dir.resolve("kubeconfig"), yaml);
  }

  static final String TOKEN = "tok-5ecr3t-do-not-print-0123456789";
}
