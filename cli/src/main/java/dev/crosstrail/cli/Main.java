package dev.crosstrail.cli;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
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

  /**
   * Exit status when standard output or the spill could not be written, or an input file could not be
   * read (sysexits' EX_IOERR).
   */
  static final int EXIT_IO_ERROR = 74;

  /**
   * Exit status when the reader of a pipe stopped reading ({@code crosstrail normalize … | head}): what a
   * command killed by SIGPIPE reports, which the JVM, ignoring that signal, does not do by itself.
   */
  static final int EXIT_PIPE_CLOSED = 128 + 13;

  private Main() {
  }

  /**
   * The library's own log (java.util.logging through System.Logger): the commands report progress and
   * failures through listeners, so the log would say everything twice, with stack traces. Held here so
   * that the setting outlives garbage collection of an unreferenced logger.
   */
  private static final java.util.logging.Logger LIBRARY_LOG = java.util.logging.Logger.getLogger("dev.crosstrail");

  static {
    LIBRARY_LOG.setLevel(java.util.logging.Level.OFF);
  }

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command and returns its exit status, without exiting (for tests and embedding). */
  public static int run(String... args) {
    return run(new FileOutputStream(FileDescriptor.out), null, args);
  }

  /**
   * Runs the command with its standard output going to {@code stdout}. A failure to write it (a full
   * disk, a closed pipe) is an error, never a silent success with a cut-off result. {@code err}: null
   * for standard error.
   */
  static int run(OutputStream stdout, PrintWriter err, String... args) {
    FailureRecordingOutput recording = new FailureRecordingOutput(stdout);
    // JSON lines are UTF-8 whatever the platform's default; the buffer replaces System.out's flush per line.
    PrintWriter out = new PrintWriter(new OutputStreamWriter(new BufferedOutputStream(recording, 1 << 16),
        StandardCharsets.UTF_8));
    CommandLine cl = commandLine();
    cl.setOut(out);
    if (err != null) {
      cl.setErr(err);
    }
    int exit = cl.execute(args);
    if (out.checkError()) { // flushes what is left, then tells whether any write failed
      if (recording.failure().map(IOException::getMessage).filter("Broken pipe"::equals).isPresent()) {
        return EXIT_PIPE_CLOSED; // the reader has what it wanted; like other tools, say nothing
      }
      String reason = recording.failure().map(IOException::getMessage).map(m -> " (" + m + ")").orElse("");
      cl.getErr().println("crosstrail: could not write the output" + reason + "; what was written before the"
          + " failure is incomplete. Check that the disk has room, or that whatever reads the output kept reading");
      cl.getErr().flush();
      return EXIT_IO_ERROR;
    }
    return exit;
  }

  static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main());
    cl.setExecutionStrategy(parseResult -> {
      List<String> unmatched = parseResult.unmatched();
      if (!unmatched.isEmpty() && !parseResult.hasSubcommand()) {
        // picocli lets a --help after an unknown command print the top-level help with status 0
        return unknownCommand(parseResult.commandSpec().commandLine(), unmatched.get(0));
      }
      try {
        return new CommandLine.RunLast().execute(parseResult);
      } finally {
        closeInputs(parseResult);
      }
    });
    CommandLine.IParameterExceptionHandler parameterErrors = cl.getParameterExceptionHandler();
    cl.setParameterExceptionHandler((e, args) -> {
      if (e instanceof CommandLine.UnmatchedArgumentException u && u.getCommandLine() == cl
          && !u.getUnmatched().isEmpty() && !u.getUnmatched().get(0).startsWith("-")) {
        return unknownCommand(cl, u.getUnmatched().get(0));
      }
      return parameterErrors.handleParseException(e, args);
    });
    cl.setExitCodeExceptionMapper(Main::exitCode);
    cl.setExecutionExceptionHandler((e, cmd, parseResult) -> {
      if (e instanceof OutputFailedException) {
        return EXIT_IO_ERROR; // run() says why, once the output's own error is known
      }
      cmd.getErr().println("crosstrail: " + e.getMessage());
      return exitCode(e);
    });
    return cl;
  }

  /** Closes what the command's input options opened (a {@code --rejections} file), however the command ended. */
  private static void closeInputs(CommandLine.ParseResult parsed) {
    CommandLine.ParseResult last = parsed;
    while (last.hasSubcommand()) {
      last = last.subcommand();
    }
    closeInputs(last.commandSpec());
  }

  private static void closeInputs(CommandLine.Model.CommandSpec spec) {
    if (spec.userObject() instanceof InputOptions input) {
      input.closeRejections();
    }
    spec.mixins().values().forEach(Main::closeInputs);
  }

  /** Queries of the library that people look for on the command line. */
  private static final java.util.Set<String> LIBRARY_QUERIES = java.util.Set.of("sessions", "path", "denied",
      "deniedAttempts", "deniedAttemptsOn");

  private static int unknownCommand(CommandLine top, String name) {
    top.getErr().println("crosstrail: unknown command '" + name + "'; the commands are "
        + String.join(", ", top.getSubcommands().keySet()) + (LIBRARY_QUERIES.contains(name) ? " (" + name
            + " is a query of the library, on PrincipalGraph: see the README, \"Using the library\")" : ""));
    top.getErr().flush();
    return EXIT_USAGE;
  }

  private static int exitCode(Throwable e) {
    if (e instanceof dev.crosstrail.io.MalformedRecordException) {
      return EXIT_BAD_INPUT;
    }
    if (e.getCause() instanceof IOException && !(e.getCause() instanceof java.nio.file.NoSuchFileException)) {
      return EXIT_IO_ERROR; // an input or output error along the way (a full spill disk): EX_IOERR
    }
    return EXIT_USAGE;
  }
}
