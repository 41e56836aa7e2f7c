package io.helmwatch.cli;

import picocli.CommandLine.Command;

/** The top-level command. */
@Command(
    name = "helmwatch",
    mixinStandardHelpOptions = true,
    version = "helmwatch 0.1.0-SNAPSHOT",
    description = "Watches Flux HelmReleases and reports per-component install states.%n"
        + "With no command, runs the demo.",
    subcommands = {DemoCommand.class, WatchCommand.class, JobsCommand.class},
    footer = {"", "Exit codes: 0 ready, 1 failed, 2 timeout, 3 Flux not reconciling, 4 cluster unreachable or"
        + " unauthorised, 64 usage error, 70 internal error, 130 interrupted."})
final class HelmwatchCommand {}
