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
    description = {"Prints one JSON line per normalized record of CloudTrail and Cloud Audit Log files.",
        "Files and directories of both clouds may be mixed; a per-source summary with rejected records "
            + "goes to stderr."})
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
