package dev.crosstrail.cli;

import dev.crosstrail.io.ReadReport;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code crosstrail normalize PATH...}: one JSON line per normalized event, summary on stderr. */
@Command(name = "normalize", mixinStandardHelpOptions = true,
    description = {"Reads CloudTrail and Cloud Audit Log files and directories (mixed) and prints one JSON line",
        "per normalized event on stdout; a per-source summary with rejected records on stderr."})
final class NormalizeCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  InputOptions input;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    ReadReport report;
    try (ParallelLines lines = new ParallelLines(out)) {
      report = input.logs().read(input.paths, input.readOptions(), event -> lines.write(g -> EventJson.write(g, event)));
    }
    return input.printSummary(report, spec.commandLine().getErr());
  }
}
