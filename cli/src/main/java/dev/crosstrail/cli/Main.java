package dev.crosstrail.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code crosstrail} command. Each subcommand reads files and directories of AWS CloudTrail
 * and GCP Cloud Audit Logs, mixed, in any of the layouts crosstrail recognises.
 */
@Command(
    name = "crosstrail",
    mixinStandardHelpOptions = true,
    version = "crosstrail 0.1.0",
    description = "Who is really behind this action, across AWS and Google Cloud audit logs.",
    subcommands = {NormalizeCommand.class, AttributeCommand.class, TraceCommand.class, ActivityCommand.class,
        CollectCommand.class, CommandLine.HelpCommand.class})
public final class Main {

  /** Exit status when input is bad in --strict mode. */
  static final int EXIT_BAD_INPUT = 2;

  /** Exit status when the command line or the environment is wrong. */
  static final int EXIT_USAGE = 64;

  private Main() {
  }

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command and returns its exit status, without exiting (for tests and embedding). */
  public static int run(String... args) {
    return commandLine().execute(args);
  }

  static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main());
    cl.setExitCodeExceptionMapper(Main::exitCode);
    cl.setExecutionExceptionHandler((e, cmd, parseResult) -> {
      cmd.getErr().println("crosstrail: " + e.getMessage());
      return exitCode(e);
    });
    return cl;
  }

  private static int exitCode(Throwable e) {
    if (e instanceof dev.crosstrail.io.MalformedRecordException) {
      return EXIT_BAD_INPUT;
    }
    return EXIT_USAGE;
  }
}
