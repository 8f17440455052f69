// crosstrail notebook 04 (seed 004, AWS -> GCP): AWS role sessions obtained a Google service account
// through Workload Identity Federation (ExchangeToken, then GenerateAccessToken). Cloud Logging shows the
// AWS session ARN. Who is behind the service account's Cloud Storage calls, and what did they do in GCP?
// Run from the repository root:  examples/notebooks/run.sh 04-aws-to-gcp.jsh
import dev.crosstrail.graph.*;
import dev.crosstrail.io.*;
import dev.crosstrail.model.*;
import java.nio.file.*;
import java.util.*;

void check(boolean ok, String what) { if (!ok) throw new AssertionError("wrong answer: " + what); }

// Load the bundled example logs of both clouds and the directory files into one principal graph.
var data = Path.of(System.getProperty("crosstrail.data", "examples/data"));
var directory = PrincipalDirectories.read(List.of(data.resolve("directory")), skipped -> System.err.println(skipped));
var graph = PrincipalGraph.builder().directory(directory).build();
var report = AuditLogs.load().read(List.of(data.resolve("aws"), data.resolve("gcp")), ReadOptions.DEFAULTS, graph::add);
System.out.printf("read %d records, normalized %d, rejected %d%n", report.read(), report.normalized(), report.rejected());

var list1 = graph.trace("kbionm1yuvfm").orElseThrow();
System.out.println("actor  " + list1.actor().id());
System.out.println("origin " + list1.origin().id() + " (" + list1.originKind() + ")");
list1.hops().forEach(h -> System.out.println("  " + h.mechanism() + " " + h.from().id() + " -> " + h.to().id() + " " + h.strength()
    + " " + h.evidence().stream().map(Evidence::eventId).toList()));
check(list1.actor().id().equals("serviceAccount:kawanago-cc-test-target@my-gcp-project.iam.gserviceaccount.com"), "the shared SA acted");
check(list1.origin().id().equals("arn:aws:iam::111111111111:user/ci-deployer"), "ci-deployer in AWS is behind it");
var evidence = list1.hops().stream().flatMap(h -> h.evidence().stream()).map(Evidence::eventId).toList();
check(evidence.containsAll(List.of("a00ea3fe-0204-480e-b821-da852aa28af0", "iyuqgzht9kos", "fw0whk8qv2t2")),
    "AssumeRole, ExchangeToken and GenerateAccessToken are the evidence");

// The same service account, used through role 2 by an EC2 instance: a different origin.
var create2 = graph.trace("rxs8o1dinuoq").orElseThrow();
System.out.println("role 2 call -> " + create2.origin().id() + " (" + create2.originKind() + ", " + create2.originDetail().orElse("") + ")");
check(create2.origin().id().equals("arn:aws:iam::111111111111:role/batch-worker-role"), "the instance profile role");
check(create2.originKind() == OriginKind.WORKLOAD, "a workload");

// Forwards: from ci-deployer in AWS to the calls made in GCP through the federated service account.
var ci = graph.activity("arn:aws:iam::111111111111:user/ci-deployer");
ci.actions().forEach(r -> System.out.println("  " + r.action().cloud().wireName() + " " + r.operation() + " by " + r.actor().id()));
var ids = ci.actions().stream().map(r -> r.action().eventId()).toList();
check(ids.containsAll(List.of("kbionm1yuvfm", "t67yn1v29wbl")), "its GCP calls");
check(!ids.contains("rxs8o1dinuoq"), "not role 2's calls");
/exit
