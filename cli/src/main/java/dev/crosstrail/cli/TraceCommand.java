package dev.crosstrail.cli;

import dev.crosstrail.graph.Attribution;
import dev.crosstrail.graph.RecordSummary;
import dev.crosstrail.io.ReadReport;
import dev.crosstrail.io.Rejection;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
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
    // the record may be rejected past the 1,000 a summary keeps: watch every rejection for its id
    AtomicReference<Rejection> rejected = new AtomicReference<>();
    GraphInputs.Loaded loaded = inputs.loadRetaining(spec.commandLine().getErr(), r -> {
      if (r.recordId().filter(eventId::equals).isPresent()) {
        rejected.compareAndSet(null, r);
      }
    });
    Optional<Attribution> found = loaded.graph().trace(eventId);
    if (found.isEmpty()) {
      spec.commandLine().getErr().println(notFound(loaded.report(), Optional.ofNullable(rejected.get())));
      return loaded.status(false);
    }
    Optional<RecordSummary> record = loaded.graph().record(eventId);
    out.println(json ? AttributionJson.attribution(found.get(), record) : TextReport.attribution(found.get(), record));
    out.flush();
    return loaded.status(true);
  }

  /** Why the record is not there: rejected when read ({@code rejected}, its rejection), or not read. */
  private String notFound(ReadReport report, Optional<Rejection> rejected) {
    if (rejected.isPresent()) {
      return "crosstrail: the record with id " + eventId + " was rejected when read, so it cannot be traced: "
          + rejected.get().location() + ": " + rejected.get().reason();
    }
    String rejectedCount = report.rejected() == 0 ? ""
        : "; " + report.rejected() + " record(s) were rejected when read, none of them with this id, but a record"
            + " too broken to show its id could still be it (see the summary above): then mend or re-export its file";
    return "crosstrail: no record with id " + eventId + " in the inputs; check the id (CloudTrail eventID or Cloud"
        + " Audit Logs insertId) and that its file is among the paths" + rejectedCount;
  }
}
