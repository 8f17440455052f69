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
/exit
