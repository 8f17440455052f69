package dev.crosstrail.cli;

import dev.crosstrail.graph.PrincipalDirectory;
import dev.crosstrail.graph.PrincipalGraph;
import dev.crosstrail.io.PrincipalDirectories;
import dev.crosstrail.io.ReadReport;
import dev.crosstrail.io.Rejection;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Inputs of the commands that build a principal graph: the logs, plus directory files. */
final class GraphInputs {

  @Mixin
  InputOptions input;

  @Option(names = "--directory", paramLabel = "FILE",
      description = "Directory file(s) that resolve opaque ids: `gcloud iam service-accounts list --format=json`, "
          + "`aws iam list-users` / `list-roles` / `get-account-authorization-details` output. A directory path "
          + "means every file in it. Repeatable.")
  List<Path> directories = new ArrayList<>();

  /** The directory files read; a file in a named folder that is no listing is listed on {@code err} and skipped. */
  PrincipalDirectory directory(PrintWriter err) {
    if (directories.isEmpty()) {
      return PrincipalDirectory.empty();
    }
    return PrincipalDirectories.read(directories,
        skipped -> err.printf("%s: skipped as a directory file: it %s%n", skipped.source(), skipped.reason()));
  }

  /**
   * A graph that keeps actions, the report of reading it, and the reading's own exit status
   * ({@link InputOptions#printSummary}: 74 when a file could not be read or the {@code --rejections} file
   * could not be written).
   */
  record Loaded(PrincipalGraph graph, ReadReport report, int readStatus) {

    /**
     * The exit status of a query that found its answer ({@code 0}) or not ({@code 1}): 74 instead when the
     * reading failed in part, since the answer may lack records, or the rejections were not all written.
     */
    int status(boolean found) {
      return readStatus == Main.EXIT_IO_ERROR ? Main.EXIT_IO_ERROR : found ? 0 : 1;
    }
  }

  /** Reads every input into a graph that keeps actions, for queries by event id or principal. */
  Loaded loadRetaining(PrintWriter err) {
    return loadRetaining(err, rejection -> { });
  }

  /** As {@link #loadRetaining(PrintWriter)}, passing every rejected record to {@code watcher} too. */
  Loaded loadRetaining(PrintWriter err, Consumer<Rejection> watcher) {
    PrincipalGraph graph = PrincipalGraph.builder().directory(directory(err)).build();
    ReadReport report = input.logs(watcher).read(input.paths, input.readOptions(), graph::add);
    return new Loaded(graph, report, input.printSummary(report, err));
  }
}
