package dev.crosstrail.graph;

import static dev.crosstrail.graph.Fx.assumeRole;
import static dev.crosstrail.graph.Fx.aws;
import static dev.crosstrail.graph.Fx.awsAccount;
import static dev.crosstrail.graph.Fx.awsCall;
import static dev.crosstrail.graph.Fx.service;
import static dev.crosstrail.graph.Fx.session;
import static dev.crosstrail.graph.Fx.switchRole;
import static dev.crosstrail.graph.Fx.traced;
import static dev.crosstrail.graph.Fx.user;
import static org.assertj.core.api.Assertions.assertThat;

import dev.crosstrail.model.AuditEvent;
import dev.crosstrail.model.PrincipalKind;
import dev.crosstrail.model.Evidence;
import dev.crosstrail.model.Hop;
import dev.crosstrail.model.HopMechanism;
import dev.crosstrail.model.Principal;
import dev.crosstrail.model.Strength;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rules 1–7 inside AWS, each with a positive and a negative case. */
class AwsLinkingTest {

  static final String A = "222222222222";
  static final String B = "111111111111";

  private static Attribution attribute(PrincipalGraph g, AuditEvent e) {
    return Invariants.check(g.attribute(e));
  }

  private static List<String> ids(Hop h) {
    return h.evidence().stream().map(Evidence::eventId).toList();
  }

  @Test
  void accessKeyReturnedByAssumeRoleJoinsLaterCalls() {
    Principal alice = user(A, "alice");
    Principal s = session(B, "Deploy", "ci");
    PrincipalGraph g = PrincipalGraph.create();
    g.add(assumeRole("ar-1", "2024-05-01T10:00:00Z", alice, s, "ASIAKEY1").build());
    AuditEvent call = awsCall("call-1", "2024-05-01T10:10:00Z", s, "ListBuckets").key("ASIAKEY1")
        .issuedAt("2024-05-01T10:00:00Z").build();

    Attribution a = attribute(g, call);

    assertThat(a.origin().id()).isEqualTo("arn:aws:iam::222222222222:user/alice");
    assertThat(a.originKind()).isEqualTo(OriginKind.HUMAN);
    assertThat(a.hops()).hasSize(1);
    assertThat(a.hops().get(0).mechanism()).isEqualTo(HopMechanism.ASSUME_ROLE);
    assertThat(ids(a.hops().get(0))).containsExactly("ar-1");
    assertThat(a.strength()).isEqualTo(Strength.EXACT);
    assertThat(a.gaps()).isEmpty();
  }

  @Test
  void anAccessKeyIssuedToAnotherSessionDoesNotMatch() {
    Principal alice = user(A, "alice");
    PrincipalGraph g = PrincipalGraph.create();
    g.add(assumeRole("ar-1", "2024-05-01T10:00:00Z", alice, session(B, "Deploy", "ci"), "ASIAKEY1").build());
    Principal other = session(B, "Deploy", "other");
    AuditEvent call = awsCall("call-1", "2024-05-01T10:10:00Z", other, "ListBuckets").key("ASIAKEY1").build();

    Attribution a = attribute(g, call);

    assertThat(a.origin().id()).isEqualTo("arn:aws:iam::111111111111:role/Deploy");
    assertThat(a.originKind()).isEqualTo(OriginKind.UNKNOWN);
    assertThat(a.strength()).isEqualTo(Strength.UNKNOWN);
    assertThat(a.gaps()).extracting(Gap::kind)
        .containsExactly(Gap.Kind.ACCESS_KEY_MISMATCH, Gap.Kind.ISSUING_RECORD_MISSING);
    assertThat(a.gaps().get(1).missing()).contains("ASIAKEY1");
    assertThat(a.gaps().get(1).remedy()).contains("111111111111").contains("us-east-1");
  }

  @Test
  void sessionArnAndCreationDateMatchWithoutAKey() {
    Principal alice = user(A, "alice");
    Principal s = session(B, "Deploy", "ci");
    PrincipalGraph g = PrincipalGraph.create();
    g.add(assumeRole("ar-1", "2024-05-01T10:00:00Z", alice, s, "ASIAKEY1").build());
    g.add(assumeRole("ar-2", "2024-05-01T10:30:00Z", user(A, "bob"), s, "ASIAKEY2").build());

    Attribution a = attribute(g, awsCall("call-1", "2024-05-01T10:40:00Z", s, "GetObject")
        .issuedAt("2024-05-01T10:30:00Z").build());

    assertThat(a.origin().id()).isEqualTo("arn:aws:iam::222222222222:user/bob");
    assertThat(ids(a.hops().get(0))).containsExactly("ar-2");
  }

  @Test
  void aReusedSessionNameResolvesToTwoOrigins() {
    Principal s = session(B, "Deploy", "deploy");
    PrincipalGraph g = PrincipalGraph.create();
    g.add(assumeRole("ar-alice", "2024-05-01T10:00:00Z", user(A, "alice"), s, "ASIAALICE").build());
    g.add(assumeRole("ar-bob", "2024-05-01T10:05:00Z", user("333333333333", "bob"), s, "ASIABOB").build());

    Attribution byAlice = attribute(g, awsCall("c1", "2024-05-01T10:20:00Z", s, "PutObject").key("ASIAALICE").build());
    Attribution byBob = attribute(g, awsCall("c2", "2024-05-01T10:20:00Z", s, "PutObject").key("ASIABOB").build());

    assertThat(byAlice.origin().id()).isEqualTo("arn:aws:iam::222222222222:user/alice");
    assertThat(byBob.origin().id()).isEqualTo("arn:aws:iam::333333333333:user/bob");
    List<SessionInstance> sessions = g.sessions("arn:aws:iam::111111111111:role/Deploy");
    assertThat(sessions).extracting(SessionInstance::accessKeyId)
        .containsExactly(java.util.Optional.of("ASIAALICE"), java.util.Optional.of("ASIABOB"));
    assertThat(sessions).extracting(si -> si.origin().origin().id())
        .containsExactly("arn:aws:iam::222222222222:user/alice", "arn:aws:iam::333333333333:user/bob");
  }

  @Test
  void roleChainingRecursesThroughTheCallersKey() {
    Principal alice = user(A, "alice");
    Principal s1 = session(B, "Hub", "alice");
    Principal s2 = session("444444444444", "Deploy", "chained");
    PrincipalGraph g = PrincipalGraph.create();
    g.add(assumeRole("ar-1", "2024-05-01T10:00:00Z", alice, s1, "ASIA1").build());
    g.add(assumeRole("ar-2", "2024-05-01T10:05:00Z", s1, s2, "ASIA2").key("ASIA1").issuedAt("2024-05-01T10:00:00Z")
        .build());

    Attribution a = attribute(g, awsCall("c", "2024-05-01T10:06:00Z", s2, "GetObject").key("ASIA2").build());

    assertThat(a.origin()).isEqualTo(alice);
    assertThat(a.hops()).extracting(h -> h.to().id()).containsExactly(s1.id(), s2.id());
    assertThat(a.strength()).isEqualTo(Strength.EXACT);
    assertThat(g.path(alice.id(), s2.id())).get().extracting(IdentityPath::length).isEqualTo(2);
  }

  @Test
  void sourceIdentityNamesTheOriginWhenIntermediateRecordsAreMissing() {
    Principal alice = user(A, "alice");
    Principal s1 = session(B, "Hub", "x1");
    Principal s2 = session("444444444444", "Deploy", "x2");
    PrincipalGraph g = PrincipalGraph.create();
    g.add(aws("l-1", "2024-05-01T09:00:00Z", "iam.amazonaws.com", "ListUsers", alice).build());
    // ar-1 (alice -> s1, setting sourceIdentity alice) is missing; ar-2 by s1 is present
    g.add(assumeRole("ar-2", "2024-05-01T10:05:00Z", s1, s2, "ASIA2").key("ASIA1").sourceIdentity("alice")
        .hopSourceIdentity("alice").build());

    Attribution a = attribute(g, awsCall("c", "2024-05-01T10:06:00Z", s2, "GetObject").key("ASIA2")
        .sourceIdentity("alice").build());

    assertThat(a.origin()).isEqualTo(g.path(alice.id(), alice.id()).orElseThrow().start());
    assertThat(a.origin().id()).isEqualTo(alice.id());
    assertThat(a.hops()).as("the sourceIdentity string is asserted; that it is the user alice is only inferred")
        .extracting(Hop::strength).containsExactly(Strength.INFERRED, Strength.EXACT);
    assertThat(a.hops().get(0).reason().orElseThrow()).contains("sourceIdentity 'alice'");
    assertThat(a.hops().get(0).sourceIdentity()).contains("alice");
    assertThat(a.gaps()).extracting(Gap::kind).containsExactly(Gap.Kind.ISSUING_RECORD_MISSING);
    assertThat(a.gaps().get(0).missing()).contains("ASIA1");

    Attribution without = attribute(g, awsCall("c2", "2024-05-01T10:07:00Z", s2, "GetObject").key("ASIA2").build());
    assertThat(without.origin().id()).as("the issuing record's own sourceIdentity still names alice")
        .isEqualTo(alice.id());
  }

  /**
   * Rule 5 the other way round: the record that set the sourceIdentity (the chain's first issuance) is in the
   * logs, the records after it are not. The string then leads to that record's caller, not only to itself.
   */
  @Test
  void aSourceIdentityLeadsToTheRecordThatSetItWhenTheRecordsAfterItAreMissing() {
    Principal alice = user(A, "alice");
    Principal s1 = session(B, "Hub", "x1");
    Principal s2 = session("444444444444", "Deploy", "x2");
    AuditEvent call = awsCall("c", "2024-05-01T10:06:00Z", s2, "GetObject").key("ASIA2").sourceIdentity("a.smith")
        .build();
    PrincipalGraph g = PrincipalGraph.create();
    // alice set sourceIdentity a.smith when she took s1; s1 -> s2 (ar-2) is missing
    g.add(assumeRole("ar-1", "2024-05-01T10:00:00Z", alice, s1, "ASIA1").hopSourceIdentity("a.smith").build());

    Attribution a = attribute(g, call);
    assertThat(a.origin()).as("hops %s", a.hops()).isEqualTo(alice);
    assertThat(a.strength()).isEqualTo(Strength.INFERRED);
    assertThat(a.hops()).extracting(h -> h.to().id()).containsExactly(s1.id(), s2.id());
    assertThat(a.hops()).extracting(Hop::mechanism).containsExactly(HopMechanism.ASSUME_ROLE, HopMechanism.UNRECORDED);
    assertThat(a.hops().get(0).strength()).isEqualTo(Strength.EXACT);
    assertThat(a.hops().get(1).reason().orElseThrow()).contains("sourceIdentity 'a.smith'").contains("ar-1");
    assertThat(a.gaps()).extracting(Gap::kind).containsExactly(Gap.Kind.ISSUING_RECORD_MISSING);

    // a session that carried the string already only passed it on: it did not set it
    PrincipalGraph passedOn = PrincipalGraph.create();
    passedOn.add(assumeRole("ar-1", "2024-05-01T10:00:00Z", alice, s1, "ASIA1").hopSourceIdentity("a.smith").build());
    passedOn.add(assumeRole("ar-x", "2024-05-01T10:01:00Z", s1, session(B, "Other", "y"), "ASIAY").key("ASIA1")
        .sourceIdentity("a.smith").hopSourceIdentity("a.smith").build());
    assertThat(attribute(passedOn, call).origin()).isEqualTo(alice);

    // two callers set the same string: either could stand behind the chain
    Principal bob = user(A, "bob");
    g.add(assumeRole("ar-b", "2024-05-01T10:02:00Z", bob, session(B, "Hub", "x3"), "ASIA3").hopSourceIdentity("a.smith")
        .build());
    Attribution two = attribute(g, call);
    assertThat(two.ambiguous()).isTrue();
    assertThat(two.candidates()).extracting(c -> c.origin().id()).containsExactlyInAnyOrder(alice.id(), bob.id());

    // a setting after the call, or a day before it, cannot be the chain's start
    PrincipalGraph late = PrincipalGraph.create();
    late.add(assumeRole("ar-late", "2024-05-01T10:10:00Z", alice, s1, "ASIA1").hopSourceIdentity("a.smith").build());
    late.add(assumeRole("ar-old", "2024-04-29T10:00:00Z", bob, s1, "ASIA0").hopSourceIdentity("a.smith").build());
    assertThat(attribute(late, call).origin().id()).isEqualTo("a.smith");
  }

  /**
   * What trace credits to a principal through a sourceIdentity, activity lists under it too: the calls of a
   * session whose issuing record is missing, reached from the record that set the string or, failing that,
   * from the user whose name it is.
   */
  @Test
  void activityListsTheCallsASourceIdentityCreditsToThePrincipal() {
    Principal alice = user(A, "alice");
    Principal bob = user(A, "bob");
    Principal s1 = session(B, "Hub", "x1");
    PrincipalGraph g = PrincipalGraph.create();
    g.add(assumeRole("ar-1", "2024-05-01T10:00:00Z", alice, s1, "ASIA1").hopSourceIdentity("a.smith").build());
    g.add(awsCall("far", "2024-05-01T10:06:00Z", session("444444444444", "Deploy", "x2"), "GetObject").key("ASIA2")
        .sourceIdentity("a.smith").build());
    g.add(aws("l-bob", "2024-05-01T09:00:00Z", "iam.amazonaws.com", "ListUsers", bob).build());
    g.add(awsCall("named", "2024-05-01T10:07:00Z", session("444444444444", "Deploy", "x3"), "GetObject")
        .key("ASIA3").sourceIdentity("bob").build());

    assertThat(traced(g, "far").origin()).isEqualTo(alice);
    assertThat(g.activity(alice.id()).actions()).extracting(r -> r.action().eventId()).containsExactly("ar-1", "far");
    assertThat(traced(g, "named").origin()).isEqualTo(bob);
    assertThat(g.activity(bob.id()).actions()).extracting(r -> r.action().eventId()).contains("named");
  }

  /**
   * Trace answers a call chained from instance-profile credentials with the instance's role (5c41d73);
   * activity of that role lists it too, though no issuance leads from the role to the session (review finding).
   */
  @Test
  void aChainFromInstanceMetadataCredentialsIsInTheRolesActivity() {
    Principal web = session(B, "web", "i-0abc");
    Principal chained = session(B, "Deploy", "from-web");
    PrincipalGraph g = PrincipalGraph.builder().retainActions(true).build();
    g.add(assumeRole("ar", "2024-05-01T10:10:00Z", web, chained, "ASIACHAIN").key("ASIAEC2")
        .issuedAt("2024-05-01T09:00:00Z").instanceMetadata("2.0").build());
    g.add(awsCall("c2", "2024-05-01T10:15:00Z", chained, "PutObject").key("ASIACHAIN").build());

    Attribution back = traced(g, "c2");
    assertThat(back.origin().id()).isEqualTo("arn:aws:iam::111111111111:role/web");
    assertThat(g.activity("arn:aws:iam::111111111111:role/web").actions()).extracting(r -> r.action().eventId())
        .as("activity agrees with trace").containsExactly("ar", "c2");
  }

  /** The same when an earlier refresh of the instance's credentials was logged (review finding). */
  @Test
  void anInstanceProfileChainIsInTheRolesActivityEvenWhenAnEarlierRefreshWasLogged() {
    Principal ec2 = service("ec2.amazonaws.com");
    Principal web = session(B, "web", "i-0abc");
    Principal chained = session(B, "Deploy", "from-web");
    PrincipalGraph g = PrincipalGraph.builder().retainActions(true).build();
    g.add(aws("r-ec2", "2024-05-01T02:00:00Z", "sts.amazonaws.com", "AssumeRole", ec2)
        .issues(HopMechanism.SERVICE_ASSUMED_ROLE, ec2, web, "ASIAEC2OLD", Duration.ofHours(6)).build());
    g.add(assumeRole("ar", "2024-05-01T10:10:00Z", web, chained, "ASIACHAIN").key("ASIAEC2")
        .issuedAt("2024-05-01T09:00:00Z").instanceMetadata("2.0").build());
    g.add(awsCall("c2", "2024-05-01T10:15:00Z", chained, "PutObject").key("ASIACHAIN").build());

    assertThat(traced(g, "c2").origin().id()).isEqualTo("arn:aws:iam::" + B + ":role/web");
    assertThat(g.activity("arn:aws:iam::" + B + ":role/web").actions()).extracting(r -> r.action().eventId())
        .as("activity agrees with trace").contains("ar", "c2");
  }

  /**
   * The setter rule past a role owner's copy: a call whose issuance survives only as the owner's copy is
   * traced as far as one whose issuance is missing altogether (more records never give a weaker answer).
   */
  @Test
  void aSourceIdentityOnAnOwnersCopyLeadsToTheRecordThatSetIt() {
    Principal alice = user(A, "alice");
    Principal x1 = session(B, "Hub", "x1");
    Principal run = session("444444444444", "Deploy", "run");
    PrincipalGraph g = PrincipalGraph.builder().retainActions(true).build();
    g.add(assumeRole("ar-1", "2024-05-01T10:00:00Z", alice, x1, "ASIA1").hopSourceIdentity("a.smith").build());
    g.add(assumeRole("own", "2024-05-01T10:05:00Z", awsAccount(B, "AROAHUB:x1"), run, "ASIARUN")
        .hopSourceIdentity("a.smith").shared("sh").build());
    g.add(awsCall("c", "2024-05-01T10:06:00Z", run, "GetObject").key("ASIARUN").sourceIdentity("a.smith").build());
    g.add(awsCall("far", "2024-05-01T10:06:00Z", session("444444444444", "Deploy", "other"), "GetObject")
        .key("ASIAMISSING").sourceIdentity("a.smith").build());

    assertThat(traced(g, "far").origin()).isEqualTo(alice);
    Attribution c = traced(g, "c");
    assertThat(c.origin()).as("more records, weaker answer: %s", c.hops()).isEqualTo(alice);
    assertThat(c.gaps()).extracting(Gap::kind).contains(Gap.Kind.CALLER_TRAIL_MISSING);
    assertThat(traced(g, "own").origin()).as("the owner's copy itself").isEqualTo(alice);
  }

  /**
   * Rules 1 and 2 disagree: the access key names one issuance, the call's creationDate (or its time, before
   * the key existed) another moment. A key id is unique, so the key decides; but a clock, an export or a
   * record is wrong, and the answer says so, whichever call the session's shared answer was first made for.
   */
  @Test
  void aCallWhoseKeyAndCreationDateDisagreeSaysSo() {
    Principal alice = user(A, "alice");
    Principal s = session(B, "Deploy", "run");
    PrincipalGraph g = PrincipalGraph.create();
    g.add(assumeRole("ar", "2024-05-01T10:00:00Z", alice, s, "ASIARUN").build());

    Attribution plain = attribute(g, awsCall("c0", "2024-05-01T10:05:00Z", s, "GetObject").key("ASIARUN")
        .issuedAt("2024-05-01T10:00:00Z").build());
    assertThat(plain.gaps()).isEmpty();

    Attribution odd = attribute(g, awsCall("c1", "2024-05-01T10:06:00Z", s, "GetObject").key("ASIARUN")
        .issuedAt("2024-05-01T12:00:00Z").build());
    assertThat(odd.origin()).isEqualTo(alice);
    assertThat(odd.strength()).isEqualTo(Strength.EXACT);
    assertThat(odd.gaps()).singleElement().satisfies(gap -> {
      assertThat(gap.kind()).isEqualTo(Gap.Kind.RECORDS_DISAGREE);
      assertThat(gap.missing()).contains("2024-05-01T12:00:00Z").contains("ar").contains("2024-05-01T10:00:00Z");
      assertThat(gap.remedy()).contains("digest");
    });

    Attribution early = attribute(g, awsCall("c2", "2024-05-01T09:00:00Z", s, "GetObject").key("ASIARUN").build());
    assertThat(early.gaps()).extracting(Gap::kind).containsExactly(Gap.Kind.RECORDS_DISAGREE);
    assertThat(early.gaps().get(0).missing()).contains("before");

    // the other order: the odd call answered first, the plain one still has nothing to report
    PrincipalGraph other = PrincipalGraph.create();
    other.add(assumeRole("ar", "2024-05-01T10:00:00Z", alice, s, "ASIARUN").build());
    assertThat(attribute(other, awsCall("c1", "2024-05-01T10:06:00Z", s, "GetObject").key("ASIARUN")
        .issuedAt("2024-05-01T12:00:00Z").build()).gaps()).isNotEmpty();
    assertThat(attribute(other, awsCall("c0", "2024-05-01T10:05:00Z", s, "GetObject").key("ASIARUN")
        .issuedAt("2024-05-01T10:00:00Z").build()).gaps()).isEmpty();
  }

  @Test
  void aChainWithoutSourceIdentityAndAMissingLinkStopsAtTheRole() {
    Principal s1 = session(B, "Hub", "x1");
    Principal s2 = session("444444444444", "Deploy", "x2");
    PrincipalGraph g = PrincipalGraph.create();
    g.add(assumeRole("ar-2", "2024-05-01T10:05:00Z", s1, s2, "ASIA2").key("ASIA1").build());

    Attribution a = attribute(g, awsCall("c", "2024-05-01T10:06:00Z", s2, "GetObject").key("ASIA2").build());

    assertThat(a.origin().id()).isEqualTo("arn:aws:iam::111111111111:role/Hub");
    assertThat(a.originKind()).isEqualTo(OriginKind.UNKNOWN);
    assertThat(a.hops()).extracting(Hop::strength).containsExactly(Strength.UNKNOWN, Strength.EXACT);
    assertThat(a.gaps()).extracting(Gap::kind).containsExactly(Gap.Kind.ISSUING_RECORD_MISSING);
  }

  @Test
  void crossAccountCopiesWithOneSharedEventIdCountOnce() {
    Principal admin = user(A, "test-admin");
    Principal s = session(B, "TestEC2FullRoleForOtherAccount1", "unknown-user-name");
    PrincipalGraph g = PrincipalGraph.create();
    g.add(assumeRole("ar-caller", "2024-05-01T10:00:00Z", admin, s, "ASIAX").shared("shared-1").build());
    g.add(assumeRole("ar-owner", "2024-05-01T10:00:00Z", awsAccount(A, "AIDAADMIN"), s, "ASIAX").shared("shared-1")
        .build());

    Attribution a = attribute(g, awsCall("c", "2024-05-01T10:01:00Z", s, "RunInstances").key("ASIAX").build());

    assertThat(g.hopCount()).isEqualTo(1);
    assertThat(a.origin()).extracting(Principal::id).isEqualTo(admin.id());
    assertThat(a.hops()).hasSize(1);
    assertThat(ids(a.hops().get(0))).containsExactlyInAnyOrder("ar-caller", "ar-owner");
    assertThat(a.gaps()).isEmpty();
    assertThat(g.sessions("arn:aws:iam::111111111111:role/TestEC2FullRoleForOtherAccount1")).hasSize(1);
  }

  /** Trace and stream attribution answer each copy under its own id, with one origin for both. */
  @Test
  void eachCopyOfACrossAccountCallIsTracedUnderItsOwnId() {
    Principal admin = user(A, "test-admin");
    Principal s = session(B, "TestEC2FullRoleForOtherAccount1", "unknown-user-name");
    AuditEvent caller = assumeRole("ar-caller", "2024-05-01T10:00:00Z", admin, s, "ASIAX").shared("shared-1").build();
    AuditEvent owner = assumeRole("ar-owner", "2024-05-01T10:00:00Z", awsAccount(A, "AIDAADMIN"), s, "ASIAX")
        .shared("shared-1").build();
    PrincipalGraph g = PrincipalGraph.create();
    g.add(owner);
    g.add(caller);

    for (AuditEvent copy : List.of(caller, owner)) {
      Attribution traced = Invariants.check(g.trace(copy.id()).orElseThrow());
      assertThat(traced.action().eventId()).isEqualTo(copy.id());
      assertThat(traced.origin().id()).isEqualTo(admin.id());
      assertThat(traced).isEqualTo(g.attribute(copy));
      assertThat(g.record(copy.id()).orElseThrow().record().eventId()).isEqualTo(copy.id());
    }
    assertThat(g.activity(admin.id()).actions()).hasSize(1); // one call, shown once
  }

  @Test
  void onlyTheRoleOwnersCopyLeavesTheAccountAsOriginWithAGap() {
    Principal s = session(B, "TestEC2FullRoleForOtherAccount1", "unknown-user-name");
    AuditEvent owner = assumeRole("ar-owner", "2024-05-01T10:00:00Z", awsAccount(A, "AIDAADMIN"), s, "ASIAX")
        .shared("shared-1").build();
    AuditEvent call = awsCall("c", "2024-05-01T10:01:00Z", s, "RunInstances").key("ASIAX").build();
    PrincipalGraph g = PrincipalGraph.create();
    g.add(owner);

    Attribution a = attribute(g, call);

    assertThat(a.origin().id()).isEqualTo("arn:aws:iam::222222222222:root");
    assertThat(a.originKind()).isEqualTo(OriginKind.ACCOUNT);
    assertThat(a.gaps()).extracting(Gap::kind)
        .containsExactly(Gap.Kind.CALLER_TRAIL_MISSING, Gap.Kind.AWS_UNIQUE_ID_UNRESOLVED);
    assertThat(a.gaps().get(0).missing()).startsWith("caller account's trail missing");
    assertThat(a.gaps().get(0).remedy()).contains("222222222222");

    PrincipalGraph withDirectory = PrincipalGraph.builder()
        .directory(PrincipalDirectory.builder().awsPrincipal("AIDAADMIN", "arn:aws:iam::222222222222:user/test-admin")
            .build())
        .build();
    withDirectory.add(owner);
    Attribution resolved = attribute(withDirectory, call);
    assertThat(resolved.origin().id()).isEqualTo("arn:aws:iam::222222222222:user/test-admin");
    assertThat(resolved.originKind()).isEqualTo(OriginKind.HUMAN);
    assertThat(resolved.strength()).isEqualTo(Strength.ASSERTED);
    assertThat(resolved.gaps()).extracting(Gap::kind).containsExactly(Gap.Kind.CALLER_TRAIL_MISSING);
  }

  /** Seed 000: console SwitchRole from account A's IAM user into SwitchRole of account B, then HeadBucket. */
  @Test
  void consoleSwitchRoleLinksTheSessionBackToTheIamUser() {
    Principal miyamoto = user(A, "miyamoto");
    Principal s = session(B, "SwitchRole", "miyamoto");
    AuditEvent switched = switchRole("53964c04-8156-423d-b89e-cf97de594149", "2018-11-16T15:12:19Z", miyamoto, s)
        .build();
    AuditEvent headBucket = awsCall("c3297949-e0cf-4374-a350-83fe3b96c60d", "2018-11-16T15:15:04Z", s, "HeadBucket")
        .key("ASIAR2S4A2FVYII6OLNX").issuedAt("2018-11-16T15:14:56Z").console().build();
    PrincipalGraph g = PrincipalGraph.create();
    g.add(headBucket);
    g.add(switched);

    Attribution a = traced(g, "c3297949-e0cf-4374-a350-83fe3b96c60d");

    assertThat(a.origin().id()).isEqualTo("arn:aws:iam::222222222222:user/miyamoto");
    assertThat(a.originKind()).isEqualTo(OriginKind.HUMAN);
    assertThat(a.hops()).singleElement().satisfies(h -> {
      assertThat(h.mechanism()).isEqualTo(HopMechanism.SWITCH_ROLE);
      assertThat(h.strength()).isEqualTo(Strength.ASSERTED);
      assertThat(ids(h)).containsExactly("53964c04-8156-423d-b89e-cf97de594149");
    });

    PrincipalGraph stale = PrincipalGraph.create();
    stale.add(switchRole("old", "2018-11-16T02:00:00Z", miyamoto, s).build());
    assertThat(attribute(stale, headBucket).originKind()).as("a switch 13 h earlier is not this session")
        .isNotEqualTo(OriginKind.UNKNOWN);
    assertThat(attribute(stale, headBucket).hops().get(0).strength()).isEqualTo(Strength.INFERRED);
  }

  /** Seed 001: an arbitrary session name says nothing; the access key does. Denied attempts are kept. */
  @Test
  void anArbitrarySessionNameIsAttributedThroughTheAccessKey() {
    Principal admin = user(A, "test-admin");
    Principal s = session(B, "TestEC2FullRoleForOtherAccount1", "unknown-user-name");
    AuditEvent call = awsCall("c", "2024-05-01T10:03:00Z", s, "DescribeInstances").key("ASIA2UJCVL7Q4EXAMPLE")
        .build();
    PrincipalGraph g = PrincipalGraph.create();
    g.add(call);
    g.add(aws("denied-1", "2024-05-01T10:01:00Z", "sts.amazonaws.com", "AssumeRole", admin)
        .resource("arn:aws:iam::111111111111:role/TestEC2FullRoleForOtherAccount2").denied("AccessDenied").build());

    Attribution before = traced(g, "c");
    assertThat(before.originKind()).isEqualTo(OriginKind.UNKNOWN);
    assertThat(before.gaps()).extracting(Gap::kind).containsExactly(Gap.Kind.ISSUING_RECORD_MISSING);

    g.add(assumeRole("ar", "2024-05-01T10:02:00Z", admin, s, "ASIA2UJCVL7Q4EXAMPLE").build());
    Attribution after = traced(g, "c");
    assertThat(after.origin().id()).isEqualTo("arn:aws:iam::222222222222:user/test-admin");
    assertThat(after.strength()).isEqualTo(Strength.EXACT);

    assertThat(g.deniedAttempts(admin.id())).singleElement().satisfies(d -> {
      assertThat(d.errorCode()).contains("AccessDenied");
      assertThat(d.target()).contains("arn:aws:iam::111111111111:role/TestEC2FullRoleForOtherAccount2");
      assertThat(d.evidence().eventId()).isEqualTo("denied-1");
    });
    assertThat(g.hopCount()).as("a denied attempt is no hop").isEqualTo(1);
  }

  @Test
  void aSessionNameEqualToAUserNameIsOnlyInferred() {
    Principal miyamoto = user(A, "miyamoto");
    PrincipalGraph g = PrincipalGraph.create();
    g.add(aws("u", "2024-05-01T09:00:00Z", "s3.amazonaws.com", "ListBuckets", miyamoto).build());

    Attribution named = attribute(g, awsCall("c", "2024-05-01T10:00:00Z", session(B, "Ops", "miyamoto"), "GetObject")
        .key("ASIAUNSEEN").build());
    assertThat(named.origin().id()).isEqualTo(miyamoto.id());
    assertThat(named.strength()).isEqualTo(Strength.INFERRED);
    assertThat(named.hops().get(0).reason().orElseThrow()).contains("session name 'miyamoto'");

    Attribution arbitrary = attribute(g, awsCall("c2", "2024-05-01T10:00:00Z",
        session(B, "Ops", "unknown-user-name"), "GetObject").key("ASIAUNSEEN2").build());
    assertThat(arbitrary.originKind()).isEqualTo(OriginKind.UNKNOWN);
    assertThat(arbitrary.strength()).isEqualTo(Strength.UNKNOWN);
  }

  @Test
  void aRoleAssumedByAnAwsServiceIsAWorkloadOrigin() {
    Principal ec2 = service("ec2.amazonaws.com");
    Principal s = session(B, "web", "i-0abc1234");
    PrincipalGraph g = PrincipalGraph.create();
    g.add(aws("svc", "2024-05-01T10:00:00Z", "sts.amazonaws.com", "AssumeRole", ec2)
        .issues(HopMechanism.SERVICE_ASSUMED_ROLE, ec2, s, "ASIAEC2", Duration.ofHours(6)).build());

    Attribution a = attribute(g, awsCall("c", "2024-05-01T11:00:00Z", s, "GetObject").key("ASIAEC2").build());
    assertThat(a.origin().id()).isEqualTo("arn:aws:iam::111111111111:role/web");
    assertThat(a.originKind()).isEqualTo(OriginKind.WORKLOAD);
    assertThat(a.originDetail()).contains("i-0abc1234");
    assertThat(a.hops()).singleElement().extracting(Hop::mechanism).isEqualTo(HopMechanism.SERVICE_ASSUMED_ROLE);

    Attribution own = attribute(g, aws("own", "2024-05-01T11:00:00Z", "ec2.amazonaws.com", "CreateNetworkInterface",
        ec2).build());
    assertThat(own.originKind()).isEqualTo(OriginKind.SERVICE);
    assertThat(own.hops()).isEmpty();
  }

  /**
   * §5: ids are pasted into policies. A service role's session ARN drops the role's path
   * ({@code assumed-role/web/…}); the session's calls name the role with it ({@code role/service-role/web}),
   * and the origin must be that ARN, the one a policy accepts.
   */
  @Test
  void aWorkloadRoleIsNamedWithItsPathOnceARecordShowsIt() {
    Principal ec2 = service("ec2.amazonaws.com");
    Principal s = session(B, "web", "i-0abc1234");
    Principal withPath = Principal.of("arn:aws:iam::111111111111:role/service-role/web", PrincipalKind.IAM_ROLE,
        dev.crosstrail.model.Cloud.AWS).withAccount(B).withUniqueId("AROAWEB").withSourceType("Role");
    PrincipalGraph g = PrincipalGraph.create();
    g.add(aws("svc", "2024-05-01T10:00:00Z", "sts.amazonaws.com", "AssumeRole", ec2)
        .issues(HopMechanism.SERVICE_ASSUMED_ROLE, ec2, s, "ASIAEC2", Duration.ofHours(6)).build());
    AuditEvent call = awsCall("c", "2024-05-01T11:00:00Z", s, "GetObject").key("ASIAEC2")
        .issuedAt("2024-05-01T10:00:00Z").issuer(withPath).build();
    g.add(call);

    Attribution a = attribute(g, call);
    assertThat(a.origin().id()).isEqualTo(withPath.id());
    assertThat(a.originKind()).isEqualTo(OriginKind.WORKLOAD);
    assertThat(g.sessions(withPath.id())).singleElement()
        .satisfies(i -> assertThat(i.role().id()).isEqualTo(withPath.id()));
    for (String asked : List.of(withPath.id(), "arn:aws:iam::111111111111:role/web")) {
      assertThat(g.activity(asked).actions()).as(asked).extracting(r -> r.action().eventId()).contains("c");
    }
  }

  @Test
  void getSessionTokenKeepsTheUserAsOrigin() {
    Principal alice = user(A, "alice");
    PrincipalGraph g = PrincipalGraph.create();
    g.add(aws("gst", "2024-05-01T10:00:00Z", "sts.amazonaws.com", "GetSessionToken", alice)
        .issues(HopMechanism.GET_SESSION_TOKEN, alice, alice, "ASIAGST", Duration.ofHours(12)).build());

    Attribution a = attribute(g, awsCall("c", "2024-05-01T10:30:00Z", alice, "GetObject").key("ASIAGST").build());
    assertThat(a.origin().id()).isEqualTo(alice.id());
    assertThat(a.hops()).singleElement().extracting(Hop::mechanism).isEqualTo(HopMechanism.GET_SESSION_TOKEN);
  }
}
