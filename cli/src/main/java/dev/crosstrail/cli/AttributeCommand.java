package dev.crosstrail.cli;

import dev.crosstrail.graph.PrincipalGraph;
import dev.crosstrail.io.ReadReport;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code crosstrail attribute PATH...}: who is behind every record. Reads the inputs twice: the first
 * pass builds the identity graph, the second attributes each record as it streams by, so identity
 * records that come after the actions they explain (another file, a later hour) still explain them,
 * and memory grows with principals and sessions, not with records.
 */
@Command(name = "attribute", mixinStandardHelpOptions = true,
    description = {"Prints one JSON line per record with its origin, the chain of hops from the origin to the",
        "actor (mechanism, evidence ids, strength) and the gaps; the read summary goes to stderr."})
final class AttributeCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  GraphInputs inputs;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrincipalGraph graph = PrincipalGraph.builder().directory(inputs.directory()).retainActions(false).build();
    ReadReport report = inputs.input.logs().read(inputs.input.paths, inputs.input.readOptions(), graph::add);
    inputs.input.logs().read(inputs.input.paths, inputs.input.readOptions(), event -> {
      String line = AttributionJson.line(event, graph.attribute(event));
      synchronized (out) {
        out.println(line);
      }
    });
    out.flush();
    SummaryPrinter.print(report, spec.commandLine().getErr());
    return 0;
  }
}
