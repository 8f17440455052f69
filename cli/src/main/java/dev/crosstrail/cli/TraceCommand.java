package dev.crosstrail.cli;

import dev.crosstrail.graph.Attribution;
import dev.crosstrail.graph.RecordSummary;
import dev.crosstrail.io.ReadReport;
import dev.crosstrail.io.Rejection;
import dev.crosstrail.io.SourceSummary;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code crosstrail trace --event ID PATH...}: the chain behind one record, with its evidence. */
@Command(name = "trace", mixinStandardHelpOptions = true,
    description = "Shows who is behind one record (eventID or insertId): origin, chain with evidence, gaps.")
final class TraceCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  GraphInputs inputs;

  @Option(names = "--event", required = true, paramLabel = "ID", description = "The eventID or insertId to trace.")
  String eventId;

  @Option(names = "--json", description = "Print the attribution as JSON.")
  boolean json;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    GraphInputs.Loaded loaded = inputs.loadRetaining(spec.commandLine().getErr());
    Optional<Attribution> found = loaded.graph().trace(eventId);
    if (found.isEmpty()) {
      spec.commandLine().getErr().println(notFound(loaded.report()));
      return loaded.status(false);
    }
    Optional<RecordSummary> record = loaded.graph().record(eventId);
    out.println(json ? AttributionJson.attribution(found.get(), record) : TextReport.attribution(found.get(), record));
    out.flush();
    return loaded.status(true);
  }

  /** Why the record is not there: rejected when read (the rejections kept name their record's id), or not read. */
  private String notFound(ReadReport report) {
    for (SourceSummary s : report.sources()) {
      for (Rejection r : s.rejections()) {
        if (r.recordId().filter(eventId::equals).isPresent()) {
          return "crosstrail: the record with id " + eventId + " was rejected when read, so it cannot be traced: "
              + r.location() + ": " + r.reason();
        }
      }
    }
    boolean unlisted = report.sources().stream().anyMatch(s -> s.rejected() > s.rejections().size());
    String rejected = report.rejected() == 0 ? ""
        : "; " + report.rejected() + " record(s) were rejected when read (see the summary above"
            + (unlisted ? ", which lists the first " + SourceSummary.MAX_KEPT_REJECTIONS + " of each source;"
                + " --rejections FILE lists every one with its id" : "")
            + "): if it is one of them, mend or re-export its file";
    return "crosstrail: no record with id " + eventId + " in the inputs; check the id (CloudTrail eventID or Cloud"
        + " Audit Logs insertId) and that its file is among the paths" + rejected;
  }
}
