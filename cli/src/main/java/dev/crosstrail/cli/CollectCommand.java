package dev.crosstrail.cli;

import picocli.CommandLine.Command;

/** {@code crosstrail collect …}: fetch raw records from the clouds into a local directory. */
@Command(name = "collect", mixinStandardHelpOptions = true,
    description = {"Collects raw audit records from the clouds into a local directory, in the layouts the",
        "other commands read, with a checkpoint per source so scheduled runs neither miss nor repeat records."},
    subcommands = {CollectAwsHistoryCommand.class, CollectAwsTrailCommand.class})
final class CollectCommand {
}
