// crosstrail notebook 02 (seeds 001, 003): two IAM users of account A assume the same role of account B
// with the same arbitrary session name "unknown-user-name". B's trail shows one session ARN for both.
// crosstrail tells them apart by the access key each AssumeRole issued, not by the name.
// Run from the repository root:  examples/notebooks/run.sh 02-arbitrary-session-name.jsh
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

var tanakaCall = graph.trace("98bea983-708e-428a-9e46-58df04aeb2fc").orElseThrow();
var suzukiCall = graph.trace("4a16d201-57df-4c5a-8768-8715b53fd3e8").orElseThrow();
System.out.println(tanakaCall.actor().id() + " -> origin " + tanakaCall.origin().id());
System.out.println(suzukiCall.actor().id() + " -> origin " + suzukiCall.origin().id());
check(tanakaCall.actor().equals(suzukiCall.actor()), "same session ARN in the log");
check(tanakaCall.origin().id().equals("arn:aws:iam::111111111111:user/tanaka"), "tanaka behind the first");
check(suzukiCall.origin().id().equals("arn:aws:iam::111111111111:user/suzuki"), "suzuki behind the second");
check(tanakaCall.hops().get(0).strength() == Strength.EXACT, "joined through the issued access key");
check(tanakaCall.hops().get(0).evidence().size() == 2, "both copies of the cross-account AssumeRole, counted as one hop");

// The sessions of the role, each with its own origin.
graph.sessions("arn:aws:iam::210987654321:role/CrossAccountReadOnly").forEach(s -> System.out.println(
    "  " + s.session().id() + " issued " + s.issuedAt() + " key " + s.accessKeyId().orElse("-") + " <- " + s.origin().origin().id()));
var origins = graph.sessions("arn:aws:iam::210987654321:role/CrossAccountReadOnly").stream().
    map(s -> s.origin().origin().id()).toList();
check(origins.containsAll(List.of("arn:aws:iam::111111111111:user/tanaka", "arn:aws:iam::111111111111:user/suzuki")),
    "both users appear as origins of sessions of the role");

// A partner account whose own trail we do not have: the origin is known to the account only.
var partner = graph.trace("48d78a71-21fd-416f-9ac0-a3572f573b6d").orElseThrow();
System.out.println("partner call -> " + partner.origin().id() + " " + partner.originKind() + " gaps " + partner.gaps());
check(partner.originKind() == OriginKind.ACCOUNT, "only the account is known");
check(partner.gaps().stream().anyMatch(g -> g.kind() == Gap.Kind.CALLER_TRAIL_MISSING), "the missing trail is named");

// The denied attempt (the trust policy enforces sts:RoleSessionName) is on record too.
var denied = graph.deniedAttempts("arn:aws:iam::111111111111:user/suzuki");
System.out.println("denied: " + denied);
check(denied.stream().anyMatch(d -> d.errorCode().orElse("").equals("AccessDenied")), "suzuki's denied AssumeRole");
/exit
