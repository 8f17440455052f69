// crosstrail notebook 01 (seed 000): an IAM user of account A switched role in the console into
// account B. Who is behind the HeadBucket that account B's trail shows for SwitchRole/miyamoto?
// Run from the repository root:  examples/notebooks/run.sh 01-console-switchrole.jsh
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

// Backwards: from the B-side call to the human in account A.
var headBucket = graph.trace("82b1981b-e57a-4c89-9932-8f60a53245fb").orElseThrow();
System.out.println("actor  " + headBucket.actor().id());
System.out.println("origin " + headBucket.origin().id() + " (" + headBucket.originKind() + ")");
headBucket.hops().forEach(h -> System.out.println("  " + h.mechanism() + " " + h.from().id() + " -> " + h.to().id()
    + " " + h.strength() + " evidence " + h.evidence().stream().map(Evidence::eventId).toList()));
check(headBucket.actor().id().equals("arn:aws:sts::210987654321:assumed-role/SwitchRole/miyamoto"), "actor is the B-side session");
check(headBucket.origin().id().equals("arn:aws:iam::111111111111:user/miyamoto"), "origin is the A-side IAM user");
check(headBucket.originKind() == OriginKind.HUMAN, "a person");
check(headBucket.hops().size() == 1 && headBucket.hops().get(0).mechanism() == HopMechanism.SWITCH_ROLE, "one SwitchRole hop");
check(headBucket.hops().get(0).strength() == Strength.ASSERTED, "SwitchFrom is asserted by AWS");
check(headBucket.hops().get(0).evidence().get(0).eventId().equals("38d4f704-7e0a-4ef1-818b-dd2cf472765c"), "evidence is the SwitchRole record");

// Forwards: everything miyamoto did, directly and through the switched-into session.
var activity = graph.activity("arn:aws:iam::111111111111:user/miyamoto");
activity.actions().forEach(r -> System.out.println("  " + r.action().time() + " " + r.operation() + " by " + r.actor().id()));
var ids = activity.actions().stream().map(r -> r.action().eventId()).toList();
check(ids.containsAll(List.of("1a3ed5dd-fbe8-4310-a274-59504a005963", "82b1981b-e57a-4c89-9932-8f60a53245fb",
    "b22a9e3e-3e5c-4881-b9a0-8e5a60606fe3", "f5ed230e-ae7e-46b2-a12f-fd5f879c055b")), "the four B-side calls are miyamoto's");
/exit
