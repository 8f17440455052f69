package dev.crosstrail.cli;

import dev.crosstrail.pipeline.StreamAttribution;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code crosstrail attribute PATH...}: who is behind every record. Parses the inputs once: while the
 * identity graph is built, each normalized record is spilled to a compact file on local disk; once the
 * graph is complete the spill is read back and each record attributed (see {@link StreamAttribution}).
 * Identity records that come after the actions they explain (another file, a later hour) still explain
 * them, and memory grows with principals and sessions, not with records.
 */
@Command(name = "attribute", mixinStandardHelpOptions = true,
    description = {"Prints one JSON line per record with who is behind it: origin, chain and gaps.",
        "The chain runs from the origin to the actor, each hop with its mechanism, evidence ids and "
            + "strength; the read summary goes to stderr."})
final class AttributeCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  GraphInputs inputs;

  @Option(names = "--spill-dir", paramLabel = "DIR",
      description = "An existing directory to keep the normalized records in between reading and attributing "
          + "(deleted at the end; about 170 bytes per record). Default: the system temporary directory.")
  Optional<Path> spillDir = Optional.empty();

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    StreamAttribution run = StreamAttribution.using(inputs.input.logs()).directory(inputs.directory(spec.commandLine().getErr()));
    if (spillDir.isPresent()) {
      run = run.spillDirectory(spillDir.get());
    }
    StreamAttribution.Result result;
    try (ParallelLines lines = new ParallelLines(out)) {
      result = run.run(inputs.input.paths, inputs.input.readOptions(),
          (event, attribution) -> lines.write(g -> AttributionJson.write(g, event, attribution)));
    }
    return inputs.input.printSummary(result.report(), spec.commandLine().getErr());
  }
}
