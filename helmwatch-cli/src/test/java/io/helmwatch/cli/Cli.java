package io.helmwatch.cli;

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
