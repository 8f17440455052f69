// crosstrail notebook 03 (seed 004, GCP -> AWS): a Google service account obtained an AWS role session
// through AssumeRoleWithWebIdentity. CloudTrail shows only the service account's 21-digit unique id.
// Who is behind the S3 calls of that session, and what did that person do in AWS?
// Run from the repository root:  examples/notebooks/run.sh 03-gcp-to-aws.jsh
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

var listBuckets = graph.trace("b5f0fd7f-232d-46a6-919a-d18fbc25b4f3").orElseThrow();
System.out.println("actor  " + listBuckets.actor().id());
System.out.println("origin " + listBuckets.origin().id() + " (" + listBuckets.originKind() + ")");
listBuckets.hops().forEach(h -> System.out.println("  " + h.mechanism() + " " + h.from().id() + " -> " + h.to().id() + " " + h.strength()));
check(listBuckets.origin().id().equals("user:alice@example.com"), "alice minted the service account's ID token");
check(listBuckets.hops().stream().anyMatch(h -> h.to().id().equals(
    "serviceAccount:kawanago-crosscloud-test-1@my-gcp-project.iam.gserviceaccount.com")), "through service account 1");
check(listBuckets.hops().stream().anyMatch(h -> h.mechanism() == HopMechanism.ASSUME_ROLE_WITH_WEB_IDENTITY
    && h.evidence().get(0).eventId().equals("4f049b41-04fa-4401-bb47-1ae42cae4381")), "the AssumeRoleWithWebIdentity record");

// Service account 2 runs as a workload: no record shows anyone minting its token.
var sa2Call = graph.trace("92f7ccc2-7df0-46bf-a240-a5bbc5536d7e").orElseThrow();
System.out.println("sa2 call -> " + sa2Call.origin().id() + " (" + sa2Call.originKind() + ")");
check(sa2Call.origin().id().equals("serviceAccount:kawanago-crosscloud-test-2@my-gcp-project.iam.gserviceaccount.com"), "SA2 itself");
check(sa2Call.originKind() == OriginKind.WORKLOAD, "a workload");

// Forwards: from alice in GCP to her calls in AWS.
var alice = graph.activity("user:alice@example.com");
alice.actions().forEach(r -> System.out.println("  " + r.action().cloud().wireName() + " " + r.operation() + " by " + r.actor().id()));
var ids = alice.actions().stream().map(r -> r.action().eventId()).toList();
check(ids.containsAll(List.of("b5f0fd7f-232d-46a6-919a-d18fbc25b4f3", "a33f7ebb-ddb5-4a7f-8723-08f1d9ee3947")), "her S3 calls in AWS");
check(!ids.contains("92f7ccc2-7df0-46bf-a240-a5bbc5536d7e"), "not SA2's calls");
/exit
