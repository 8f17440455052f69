// crosstrail notebook 00: read the bundled example logs of both clouds and count what is there.
// Run from the repository root:  examples/notebooks/run.sh 00-read-the-logs.jsh
import dev.crosstrail.io.*;
import dev.crosstrail.model.*;
import java.nio.file.*;
import java.util.*;
import java.util.concurrent.*;

void check(boolean ok, String what) { if (!ok) throw new AssertionError("wrong answer: " + what); }

var data = Path.of(System.getProperty("crosstrail.data", "examples/data"));
var events = new ConcurrentLinkedQueue<AuditEvent>();
var report = AuditLogs.load().read(List.of(data), ReadOptions.DEFAULTS, events::add);
System.out.printf("read %d records, normalized %d, rejected %d%n", report.read(), report.normalized(), report.rejected());
check(report.read() == report.normalized() + report.rejected(), "counts add up");
check(events.size() == report.normalized(), "every normalized event reached the sink");

// The same logs attributed in one streaming run: identity state only in memory, each record with its origin.
import dev.crosstrail.pipeline.StreamAttribution;
var origins = new ConcurrentHashMap<String, String>();
var attributing = StreamAttribution.using(AuditLogs.load()).directory(PrincipalDirectories.read(List.of(data.resolve("directory")), skipped -> System.err.println(skipped)));
var run = attributing.run(List.of(data.resolve("aws"), data.resolve("gcp")), ReadOptions.DEFAULTS, (event, attribution) -> origins.put(event.id(), attribution.origin().id()));
System.out.printf("attributed %d records; 1a3ed5dd… (a console session after SwitchRole) comes from %s%n", run.attributed(), origins.get("1a3ed5dd-fbe8-4310-a274-59504a005963"));
check(run.attributed() == run.report().normalized(), "every record attributed");
check("arn:aws:iam::111111111111:user/miyamoto".equals(origins.get("1a3ed5dd-fbe8-4310-a274-59504a005963")), "console SwitchRole origin");
/exit
