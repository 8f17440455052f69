package dev.crosstrail.cli;

import dev.crosstrail.io.AuditLogs;
import dev.crosstrail.io.ReadOptions;
import dev.crosstrail.io.ReadReport;
import dev.crosstrail.io.Rejection;
import dev.crosstrail.io.SourceSummary;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The inputs every reading subcommand takes: paths, strictness, parallelism. */
final class InputOptions {

  @Parameters(paramLabel = "PATH", arity = "1..*",
      description = "Files or directories of CloudTrail and/or Cloud Audit Logs (plain or gzip, any mix).")
  List<Path> paths = new ArrayList<>();

  @Option(names = "--strict", description = "Stop with exit status 2 at the first record that cannot be read.")
  boolean strict;

  @Option(names = "--threads", paramLabel = "N",
      description = "Files read in parallel (default: the number of processors).")
  int threads = Runtime.getRuntime().availableProcessors();

  @Option(names = {"-v", "--verbose"},
      description = "List every source in the summary on stderr, not only those with rejected records.")
  boolean verbose;

  @Option(names = "--max-string-length", paramLabel = "CHARS",
      description = "The longest JSON string read in a record (default: ${DEFAULT-VALUE}). A longer one in a "
          + "field crosstrail reads rejects its line, or in a {\"Records\":[…]} file the rest of the file; one in a "
          + "field it skips unread (a request or response body, say) costs no memory and rejects nothing. The "
          + "limit guards memory: raise it for genuine records with huge policies or payloads.")
  int maxStringLength = ReadOptions.DEFAULTS.maxStringLength();

  @Option(names = "--max-nesting-depth", paramLabel = "LEVELS",
      description = "The deepest JSON nesting read in a record (default: ${DEFAULT-VALUE}), rejected like a "
          + "string over --max-string-length.")
  int maxNestingDepth = ReadOptions.DEFAULTS.maxNestingDepth();

  @Option(names = "--rejections", paramLabel = "FILE",
      description = "Also write every rejected record to FILE, one JSON object per line (source, record, line, "
          + "byteOffset, id, reason, excerpt). The summary on stderr lists at most the first "
          + SourceSummary.MAX_KEPT_REJECTIONS + " of each source; FILE lists them all.")
  Path rejectionsPath;

  /** The open {@code --rejections} file, once {@link #logs()} has created it. */
  private RejectionsFile rejections;

  ReadOptions readOptions() {
    if (maxStringLength < 1) {
      throw new IllegalArgumentException("--max-string-length must be at least 1, got " + maxStringLength);
    }
    if (maxNestingDepth < 8) {
      throw new IllegalArgumentException("--max-nesting-depth must be at least 8 to read audit records, got "
          + maxNestingDepth);
    }
    ReadOptions options = new ReadOptions(ReadOptions.Mode.LENIENT, maxStringLength, maxNestingDepth);
    return strict ? options.withMode(ReadOptions.Mode.STRICT) : options;
  }

  AuditLogs logs() {
    return logs(rejection -> { });
  }

  /** The reader, passing every rejection to {@code watcher} as well as to the {@code --rejections} file. */
  AuditLogs logs(Consumer<Rejection> watcher) {
    if (threads < 1) {
      throw new IllegalArgumentException("--threads must be at least 1, got " + threads);
    }
    AuditLogs logs = AuditLogs.load().withParallelism(threads);
    if (rejectionsPath == null) {
      return logs.onRejection(watcher);
    }
    if (rejections == null) {
      rejections = RejectionsFile.create(rejectionsPath);
    }
    RejectionsFile file = rejections;
    return logs.onRejection(rejection -> {
      file.write(rejection);
      watcher.accept(rejection);
    });
  }

  /**
   * Closes the {@code --rejections} file, if one was opened; again is harmless. {@link Main} calls it once
   * the command is over, however it ended (a strict stop, a missing path), so that the file is never left open.
   */
  void closeRejections() {
    if (rejections != null) {
      rejections.close();
    }
  }

  /**
   * Prints the read summary; returns the exit status of a command whose work is the reading: 74 when
   * a file could not be read (its records are missing from the results), 1 when no audit log was read
   * at all (a wrong path, a folder of nothing but digests, a named file that is no audit log should not
   * pass silently in a script), else 0.
   */
  int printSummary(ReadReport report, PrintWriter err) {
    SummaryPrinter.print(report, verbose, rejectionsPath != null, err);
    Optional<String> unwritten = Optional.empty();
    if (rejections != null) {
      closeRejections();
      unwritten = rejections.failed();
      unwritten.ifPresent(why -> err.println("crosstrail: " + why));
      err.flush();
    }
    if (!report.readFailures().isEmpty() || unwritten.isPresent()) {
      return Main.EXIT_IO_ERROR;
    }
    return SummaryPrinter.nothingRead(report) ? 1 : 0;
  }
}
