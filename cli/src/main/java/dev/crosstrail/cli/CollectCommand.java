package dev.crosstrail.cli;

import picocli.CommandLine.Command;

/** {@code crosstrail collect …}: fetch raw records from the clouds into a local directory. */
@Command(name = "collect", mixinStandardHelpOptions = true,
    description = {"Collects raw audit records from the clouds into a local directory.",
        "The files are in the layouts the other commands read, with a checkpoint per source so that "
            + "scheduled runs neither miss nor repeat records."},
    subcommands = {CollectAwsHistoryCommand.class, CollectAwsTrailCommand.class, CollectGcpCommand.class})
final class CollectCommand {
}
