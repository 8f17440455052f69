package dev.crosstrail.cli;

import dev.crosstrail.graph.PrincipalDirectory;
import dev.crosstrail.graph.PrincipalGraph;
import dev.crosstrail.io.AuditLogs;
import dev.crosstrail.io.PrincipalDirectories;
import dev.crosstrail.io.ReadReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Inputs of the commands that build a principal graph: the logs, plus directory files. */
final class GraphInputs {

  @Mixin
  InputOptions input;

  @Option(names = "--directory", paramLabel = "FILE",
      description = {"Directory file(s) that resolve opaque ids: `gcloud iam service-accounts list --format=json`,",
          "`aws iam list-users` / `list-roles` output. A directory path means every file in it. Repeatable."})
  List<Path> directories = new ArrayList<>();

  PrincipalDirectory directory() {
    return directories.isEmpty() ? PrincipalDirectory.empty() : PrincipalDirectories.read(AuditLogs.expand(directories));
  }

  /** Reads every input into a graph that keeps actions, for queries by event id or principal. */
  PrincipalGraph loadRetaining(PrintWriter err) {
    PrincipalGraph graph = PrincipalGraph.builder().directory(directory()).build();
    ReadReport report = input.logs().read(input.paths, input.readOptions(), graph::add);
    SummaryPrinter.print(report, err);
    return graph;
  }
}
