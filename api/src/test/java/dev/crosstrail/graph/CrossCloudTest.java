package dev.crosstrail.graph;

import static dev.crosstrail.graph.Fx.assumeRole;
import static dev.crosstrail.graph.Fx.awsCall;
import static dev.crosstrail.graph.Fx.awsSubject;
import static dev.crosstrail.graph.Fx.bareArnOnGcp;
import static dev.crosstrail.graph.Fx.exchangeToken;
import static dev.crosstrail.graph.Fx.federated;
import static dev.crosstrail.graph.Fx.gcp;
import static dev.crosstrail.graph.Fx.generateAccessToken;
import static dev.crosstrail.graph.Fx.generateIdToken;
import static dev.crosstrail.graph.Fx.googleUser;
import static dev.crosstrail.graph.Fx.sa;
import static dev.crosstrail.graph.Fx.session;
import static dev.crosstrail.graph.Fx.traced;
import static dev.crosstrail.graph.Fx.user;
import static dev.crosstrail.graph.Fx.webIdentityLogin;
import static org.assertj.core.api.Assertions.assertThat;

import dev.crosstrail.model.AuditEvent;
import dev.crosstrail.model.Cloud;
import dev.crosstrail.model.Evidence;
import dev.crosstrail.model.Hop;
import dev.crosstrail.model.HopMechanism;
import dev.crosstrail.model.Principal;
import dev.crosstrail.model.PrincipalKind;
import dev.crosstrail.model.Strength;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rules 8–10: GCP → AWS, AWS → GCP (seed 004) and inside GCP. */
class CrossCloudTest {

  static final String AWS_ACCT = "111111111111";
  static final String SA1 = "kawanago-crosscloud-test-1@my-gcp-project.iam.gserviceaccount.com";
  static final String SA2 = "kawanago-crosscloud-test-2@my-gcp-project.iam.gserviceaccount.com";
  static final String TARGET = "kawanago-cc-test-target@my-gcp-project.iam.gserviceaccount.com";
  static final String SESSION1 = "arn:aws:sts::111111111111:assumed-role/kawanago-crosscloud-test-aws-1/aws-role1-test";

  // ---------------------------------------------------------------- GCP -> AWS

  static final Principal DEV = googleUser("dev@example.com");
  static final Principal GCP_SA1_SESSION = session(AWS_ACCT, "kawanago-crosscloud-test", "gcp-sa1-session");
  static final Principal GCP_SA2_SESSION = session(AWS_ACCT, "kawanago-crosscloud-test", "gcp-sa2-session");

  static AuditEvent mintIdToken() {
    return generateIdToken("gen-id-1", "2024-05-01T09:58:00Z", DEV, sa(SA1, "100000000000000000001"),
        "kawanago-crosscloud-test").build();
  }

  static AuditEvent webLogin1() {
    return webIdentityLogin("awi-1", "2024-05-01T10:00:00Z", "100000000000000000001", GCP_SA1_SESSION, "ASIAGCP1",
        "100000000000000000001").build();
  }

  static AuditEvent s3CallBySa1() {
    return awsCall("s3-1", "2024-05-01T10:05:00Z", GCP_SA1_SESSION, "ListBuckets").key("ASIAGCP1").build();
  }

  static AuditEvent webLogin2() {
    return webIdentityLogin("awi-2", "2024-05-01T10:00:00Z", "100000000000000000002", GCP_SA2_SESSION, "ASIAGCP2",
        "100000000000000000002").build();
  }

  static AuditEvent s3CallBySa2() {
    return awsCall("s3-2", "2024-05-01T10:05:00Z", GCP_SA2_SESSION, "ListBuckets").key("ASIAGCP2").build();
  }

  @Test
  void gcpServiceAccountToAwsSessionThroughItsIdTokenMinter() {
    PrincipalGraph g = PrincipalGraph.create();
    g.add(s3CallBySa1());
    g.add(webLogin1());
    g.add(mintIdToken());

    Attribution a = traced(g, "s3-1");

    assertThat(a.origin().id()).isEqualTo("user:dev@example.com");
    assertThat(a.originKind()).isEqualTo(OriginKind.HUMAN);
    assertThat(a.hops()).extracting(Hop::mechanism).containsExactly(HopMechanism.GENERATE_ID_TOKEN,
        HopMechanism.SAME_IDENTITY, HopMechanism.ASSUME_ROLE_WITH_WEB_IDENTITY);
    assertThat(a.hops()).extracting(h -> h.to().id()).containsExactly("serviceAccount:" + SA1,
        "accounts.google.com:100000000000000000001", GCP_SA1_SESSION.id());
    assertThat(a.hops().get(0).strength()).isEqualTo(Strength.INFERRED);
    assertThat(a.hops().get(1).reason().orElseThrow()).contains("the audit logs");
    assertThat(a.hops().get(1).evidence()).as("the entry that showed the unique id is the evidence")
        .extracting(Evidence::eventId).containsExactly(mintIdToken().id());
    assertThat(a.strength()).isEqualTo(Strength.INFERRED);

    Activity activity = g.activity("user:dev@example.com");
    assertThat(activity.actions()).extracting(r -> r.action().eventId()).contains("s3-1");
    ReachedAction s3 = activity.actions().stream().filter(r -> r.action().eventId().equals("s3-1")).findFirst()
        .orElseThrow();
    assertThat(s3.path().hops()).hasSize(3);
    assertThat(activity.derived()).extracting(p -> p.end().id()).contains(GCP_SA1_SESSION.id());
  }

  /**
   * Rule 8 when the GenerateIdToken names its account only by unique id and nothing maps it to an email:
   * the unique id is itself the shared key between the minting entry and the web-identity subject.
   */
  @Test
  void anIdTokenMintedForTheUniqueIdAloneStillLeadsToItsMinter() {
    PrincipalGraph g = PrincipalGraph.create();
    g.add(generateIdToken("gen-u", "2024-05-01T09:58:00Z", DEV, byUniqueId("100000000000000000002"),
        "100000000000000000002").build());
    g.add(webLogin2());

    Attribution a = Invariants.check(g.attribute(s3CallBySa2()));
    assertThat(a.origin()).isEqualTo(DEV);
    assertThat(a.strength()).isEqualTo(Strength.INFERRED);
    assertThat(a.hops()).extracting(Hop::mechanism).containsExactly(HopMechanism.GENERATE_ID_TOKEN,
        HopMechanism.SAME_IDENTITY, HopMechanism.ASSUME_ROLE_WITH_WEB_IDENTITY);
    assertThat(a.hops().get(1).evidence()).extracting(Evidence::eventId).containsExactly("gen-u");
    // the account's email is still unknown, and the answer says so
    assertThat(a.gaps()).extracting(Gap::kind).containsExactly(Gap.Kind.SERVICE_ACCOUNT_UNRESOLVED);
    g.add(s3CallBySa2());
    assertThat(g.activity(DEV.id()).actions()).extracting(r -> r.action().eventId()).contains("s3-2");
  }

  @Test
  void anUnresolvedServiceAccountUniqueIdStaysVisibleWithAGap() {
    PrincipalGraph g = PrincipalGraph.create();
    g.add(webLogin2());
    Attribution a = Invariants.check(g.attribute(s3CallBySa2()));

    assertThat(a.origin().id()).isEqualTo("accounts.google.com:100000000000000000002");
    assertThat(a.originKind()).isEqualTo(OriginKind.WORKLOAD);
    assertThat(a.gaps()).singleElement().satisfies(gap -> {
      assertThat(gap.kind()).isEqualTo(Gap.Kind.SERVICE_ACCOUNT_UNRESOLVED);
      assertThat(gap.missing()).contains("100000000000000000002");
      assertThat(gap.remedy()).contains("gcloud iam service-accounts list --format=json");
    });
  }

  @Test
  void theSameUniqueIdResolvedThroughADirectory() {
    PrincipalGraph g = PrincipalGraph.builder()
        .directory(PrincipalDirectory.builder().serviceAccount("100000000000000000002", SA2).build()).build();
    g.add(webLogin2());
    Attribution a = Invariants.check(g.attribute(s3CallBySa2()));

    assertThat(a.origin().id()).isEqualTo("serviceAccount:" + SA2);
    assertThat(a.originKind()).as("no minter logged: the account runs as itself").isEqualTo(OriginKind.WORKLOAD);
    assertThat(a.hops()).extracting(Hop::mechanism)
        .containsExactly(HopMechanism.SAME_IDENTITY, HopMechanism.ASSUME_ROLE_WITH_WEB_IDENTITY);
    assertThat(a.hops().get(0).reason().orElseThrow()).contains("directory");
    assertThat(a.hops().get(0).evidence()).as("a directory file is no audit record").isEmpty();
    assertThat(a.gaps()).as("no GenerateIdToken collected: the minter may be in an uncollected Data Access log")
        .singleElement().satisfies(gap -> {
          assertThat(gap.kind()).isEqualTo(Gap.Kind.DATA_ACCESS_LOG_MISSING);
          assertThat(gap.missing()).contains("GenerateIdToken").contains("serviceAccount:" + SA2);
          assertThat(gap.remedy()).contains("iamcredentials.googleapis.com");
        });
  }

  /**
   * Rule 8's audience: for a Google token, AssumeRoleWithWebIdentity's audience is the account's unique id
   * (the token's azp), so the audience the token was minted for shows only as {@code accounts.google.com:oaud}
   * on the session's calls. A token minted for another audience did not log in.
   */
  @Test
  void anIdTokenMintedForAnotherAudienceIsNotTheMinter() {
    Principal eve = googleUser("eve@example.com");
    AuditEvent call = awsCall("s3-1", "2024-05-01T10:05:00Z", GCP_SA1_SESSION, "ListBuckets").key("ASIAGCP1")
        .webIdentityAttribute("accounts.google.com:oaud", "kawanago-crosscloud-test")
        .webIdentityAttribute("accounts.google.com:sub", "100000000000000000001").build();
    AuditEvent eveMints = generateIdToken("gen-eve", "2024-05-01T09:59:00Z", eve, sa(SA1, "100000000000000000001"),
        "https://other.example").build();

    PrincipalGraph onlyEve = PrincipalGraph.create();
    List.of(call, webLogin1(), eveMints).forEach(onlyEve::add);
    Attribution a = traced(onlyEve, "s3-1");
    assertThat(a.origin().id()).isEqualTo("serviceAccount:" + SA1);
    assertThat(a.gaps()).extracting(Gap::kind).containsExactly(Gap.Kind.DATA_ACCESS_LOG_MISSING);
    assertThat(a.gaps().get(0).missing())
        .contains("for audience kawanago-crosscloud-test, the one the session presented")
        .contains("(the 1 minted in that hour were for others)");
    assertThat(a.gaps().get(0).remedy()).as("the Data Access log is evidently collected: do not say to enable it")
        .doesNotContain("enable").contains("holds 1 GenerateIdToken record(s) for it");

    PrincipalGraph both = PrincipalGraph.create();
    List.of(call, webLogin1(), eveMints, mintIdToken()).forEach(both::add);
    Attribution b = traced(both, "s3-1");
    assertThat(b.origin().id()).isEqualTo("user:dev@example.com");
    assertThat(b.candidates()).isEmpty();
    assertThat(both.activity("user:eve@example.com").actions()).extracting(r -> r.action().eventId())
        .containsExactly("gen-eve"); // neither the login nor the call: her token was for another audience
    assertThat(traced(onlyEve, "awi-1").origin().id())
        .as("the login record itself").isEqualTo("serviceAccount:" + SA1);
    assertThat(both.activity("user:dev@example.com").actions()).extracting(r -> r.action().eventId()).contains("s3-1");
  }

  @Test
  void anIdTokenMintedMoreThanAnHourBeforeIsNotTheMinter() {
    PrincipalGraph g = PrincipalGraph.create();
    g.add(generateIdToken("old", "2024-05-01T08:30:00Z", DEV, sa(SA1, "100000000000000000001"),
        "kawanago-crosscloud-test").build());
    g.add(webLogin1());
    Attribution a = Invariants.check(g.attribute(s3CallBySa1()));
    assertThat(a.origin().id()).isEqualTo("serviceAccount:" + SA1);
    assertThat(a.originKind()).isEqualTo(OriginKind.WORKLOAD);
    assertThat(a.gaps()).extracting(Gap::kind).containsExactly(Gap.Kind.DATA_ACCESS_LOG_MISSING);
  }

  /** How an iamcredentials entry that logs no email names the account (IdOnlyTargetTest in gcp-provider). */
  static Principal byUniqueId(String uniqueId) {
    return Principal.of("projects/-/serviceAccounts/" + uniqueId, PrincipalKind.SERVICE_ACCOUNT, Cloud.GCP);
  }

  @Test
  void anIdTokenMintedForTheAccountNamedOnlyByItsUniqueIdIsFoundOnceTheIdIsKnown() {
    PrincipalGraph g = PrincipalGraph.create();
    g.add(s3CallBySa1());
    g.add(webLogin1());
    g.add(generateIdToken("gen-id-u", "2024-05-01T09:58:00Z", DEV, byUniqueId("100000000000000000001"),
        "kawanago-crosscloud-test").build());

    Attribution unknownId = traced(g, "s3-1");
    assertThat(unknownId.gaps()).extracting(Gap::kind).containsExactly(Gap.Kind.SERVICE_ACCOUNT_UNRESOLVED);

    // a record that names the account by email and unique id, long before (no ID token of its own), arrives last
    AuditEvent mapping = generateAccessToken("gat-map", "2024-05-01T06:00:00Z", googleUser("ops@example.com"),
        sa(SA1, "100000000000000000001")).build();
    g.add(mapping);

    Attribution a = traced(g, "s3-1");
    assertThat(a.origin().id()).isEqualTo("user:dev@example.com");
    assertThat(a.hops()).extracting(Hop::mechanism).containsExactly(HopMechanism.GENERATE_ID_TOKEN,
        HopMechanism.SAME_IDENTITY, HopMechanism.ASSUME_ROLE_WITH_WEB_IDENTITY);
    Hop minted = a.hops().get(0);
    assertThat(minted.to().id()).as("the account under the id its other records use").isEqualTo("serviceAccount:" + SA1);
    assertThat(minted.to().uniqueId()).contains("100000000000000000001");
    assertThat(minted.evidence()).as("the token's record, and the record that showed whose id it is")
        .extracting(Evidence::eventId).containsExactly("gen-id-u", "gat-map");
    assertThat(minted.reason().orElseThrow())
        .contains("names the account only by its resource name projects/-/serviceAccounts/100000000000000000001")
        .contains("(from the audit logs)");
    assertThat(a.hops().get(1).evidence()).extracting(Evidence::eventId).containsExactly("gat-map");
    assertThat(g.activity("user:dev@example.com").actions()).extracting(r -> r.action().eventId()).contains("s3-1");
  }

  @Test
  void anAccountRecreatedUnderItsEmailReachesTheAwsSessionsOfEitherUniqueId() {
    PrincipalGraph g = PrincipalGraph.create();
    // SA1 deleted and created again: minted under its first unique id, then under its second
    g.add(generateIdToken("gen-old", "2024-04-01T09:00:00Z", DEV, sa(SA1, "100000000000000000001"),
        "kawanago-crosscloud-test").build());
    g.add(generateIdToken("gen-new", "2024-04-20T09:00:00Z", DEV, sa(SA1, "100000000000000000007"),
        "kawanago-crosscloud-test").build());
    g.add(webIdentityLogin("awi-new", "2024-05-01T10:00:00Z", "100000000000000000007", GCP_SA1_SESSION, "ASIAGCP7",
        "100000000000000000007").build());

    assertThat(g.activity("serviceAccount:" + SA1).derived()).as("forward: the session of the newer id")
        .extracting(p -> p.end().id()).contains(GCP_SA1_SESSION.id());
    Attribution a = Invariants.check(g.attribute(awsCall("s3-7", "2024-05-01T10:05:00Z", GCP_SA1_SESSION, "ListBuckets")
        .key("ASIAGCP7").build()));
    assertThat(a.hops()).as("backward: the same account").extracting(h -> h.from().id())
        .contains("serviceAccount:" + SA1);
  }

  // ---------------------------------------------------------------- AWS -> GCP

  static final Principal AWS_DEV = user(AWS_ACCT, "dev");
  static final Principal AWS_SESSION1 = awsSubject(SESSION1);
  static final Principal FED1 = federated("123456789012", "kawanago-crosscloud-test", SESSION1);

  static AuditEvent awsAssume() {
    return assumeRole("ar-aws1", "2024-05-01T09:00:00Z", AWS_DEV, AWS_SESSION1, "ASIAAWS1").build();
  }

  static AuditEvent exchange() {
    return exchangeToken("ex-1", "2024-05-01T09:01:00Z", bareArnOnGcp(SESSION1), AWS_SESSION1, FED1).build();
  }

  static AuditEvent impersonate() {
    return generateAccessToken("gat-1", "2024-05-01T09:01:05Z", FED1, sa(TARGET, "100000000000000000009")).build();
  }

  static AuditEvent targetCall() {
    return gcp("gcs-1", "2024-05-01T09:02:00Z", "storage.googleapis.com", "storage.objects.list", sa(TARGET))
        .delegation(FED1).build();
  }

  static AuditEvent awsSideCall() {
    return awsCall("aws-side-1", "2024-05-01T09:00:30Z", AWS_SESSION1, "GetCallerIdentity").key("ASIAAWS1").build();
  }

  @Test
  void awsSessionToGcpServiceAccountBothWays() {
    PrincipalGraph g = PrincipalGraph.create();
    List.of(targetCall(), impersonate(), exchange(), awsSideCall(), awsAssume()).forEach(g::add);

    Attribution a = traced(g, "gcs-1");

    assertThat(a.origin().id()).isEqualTo("arn:aws:iam::111111111111:user/dev");
    assertThat(a.originKind()).isEqualTo(OriginKind.HUMAN);
    assertThat(a.hops()).extracting(Hop::mechanism).containsExactly(HopMechanism.ASSUME_ROLE,
        HopMechanism.TOKEN_EXCHANGE, HopMechanism.GENERATE_ACCESS_TOKEN);
    // Rule 9: the exchange names the session only by its ARN, so even its one valid issuance is inferred.
    assertThat(a.hops()).extracting(Hop::strength).containsExactly(Strength.INFERRED, Strength.ASSERTED, Strength.EXACT);
    assertThat(a.hops().get(0).reason()).hasValueSatisfying(r -> assertThat(r).startsWith("the only issuance of "
        + AWS_SESSION1.id() + " valid at"));
    assertThat(a.hops().get(1).evidence()).extracting(e -> e.eventId()).containsExactly("ex-1");
    assertThat(a.strength()).isEqualTo(Strength.INFERRED);
    assertThat(a.gaps()).isEmpty();

    Activity forward = g.activity("arn:aws:iam::111111111111:user/dev");
    // its own AssumeRole, the session's call, the exchange, the impersonation, the service account's call
    assertThat(forward.actions()).extracting(r -> r.action().eventId())
        .containsExactly("ar-aws1", "aws-side-1", "ex-1", "gat-1", "gcs-1");
    assertThat(forward.actions().get(4).path().hops()).hasSize(3);
    assertThat(forward.actions()).noneMatch(ReachedAction::candidateOnly);
    assertThat(forward.derived()).extracting(p -> p.end().id())
        .contains(SESSION1, FED1.id(), "serviceAccount:" + TARGET);
    assertThat(g.path("arn:aws:iam::111111111111:user/dev", "serviceAccount:" + TARGET)).get()
        .extracting(IdentityPath::length).isEqualTo(3);
  }

  /**
   * One AWS session exchanged into two workload identity pools is two federated principals: an exchange
   * into the other pool is not the evidence for this one's token, and its own exchange is missing.
   */
  @Test
  void anExchangeIntoAnotherPoolIsNotThisPrincipalsExchange() {
    Principal otherPool = federated("123456789012", "other-pool", SESSION1);
    PrincipalGraph g = PrincipalGraph.create();
    List.of(awsAssume(), exchange()).forEach(g::add);
    g.add(generateAccessToken("gat-other", "2024-05-01T09:01:05Z", otherPool, sa(TARGET)).build());
    g.add(gcp("gcs-other", "2024-05-01T09:02:00Z", "storage.googleapis.com", "storage.objects.list", sa(TARGET))
        .delegation(otherPool).build());

    Attribution a = traced(g, "gcs-other");
    assertThat(a.origin().id()).isEqualTo("arn:aws:iam::111111111111:user/dev");
    assertThat(a.hops()).flatExtracting(Hop::evidence).extracting(e -> e.eventId()).doesNotContain("ex-1");
    assertThat(a.gaps()).extracting(Gap::kind).contains(Gap.Kind.DATA_ACCESS_LOG_MISSING);
    // forward, the exchange into the first pool does not lead to the other pool's principal either
    g.path("arn:aws:iam::111111111111:user/dev", otherPool.id()).ifPresent(p -> assertThat(p.hops())
        .flatExtracting(Hop::evidence).extracting(e -> e.eventId()).doesNotContain("ex-1"));
  }

  @Test
  void aBareArnAsTheGcpActorIsFollowedToTheAwsSession() {
    PrincipalGraph g = PrincipalGraph.create();
    g.add(awsAssume());
    g.add(exchangeToken("ex-bare", "2024-05-01T09:01:00Z", bareArnOnGcp(SESSION1), AWS_SESSION1,
        bareArnOnGcp(SESSION1)).build());
    Attribution a = Invariants.check(g.attribute(gcp("gcp-bare", "2024-05-01T09:10:00Z", "storage.googleapis.com",
        "storage.buckets.list", bareArnOnGcp(SESSION1)).build()));
    assertThat(a.origin().id()).isEqualTo(AWS_DEV.id());
    assertThat(a.hops()).extracting(Hop::mechanism)
        .containsExactly(HopMechanism.ASSUME_ROLE, HopMechanism.TOKEN_EXCHANGE);
  }

  @Test
  void twoAwsSessionsValidAtTheExchangeAreReportedAsCandidates() {
    PrincipalGraph g = PrincipalGraph.create();
    g.add(assumeRole("ar-alice", "2024-05-01T08:30:00Z", user(AWS_ACCT, "alice"), AWS_SESSION1, "ASIAA").build());
    g.add(assumeRole("ar-bob", "2024-05-01T08:45:00Z", user(AWS_ACCT, "bob"), AWS_SESSION1, "ASIAB").build());
    g.add(exchange());
    g.add(impersonate());

    Attribution a = Invariants.check(g.attribute(targetCall()));

    assertThat(a.ambiguous()).isTrue();
    assertThat(a.origin().id()).isEqualTo(SESSION1);
    assertThat(a.originKind()).isEqualTo(OriginKind.UNKNOWN);
    assertThat(a.gaps()).extracting(Gap::kind).contains(Gap.Kind.AMBIGUOUS);
    assertThat(a.candidates()).extracting(c -> c.origin().id())
        .containsExactly("arn:aws:iam::111111111111:user/alice", "arn:aws:iam::111111111111:user/bob");
    assertThat(a.candidates()).allSatisfy(c -> assertThat(c.strength()).isEqualTo(Strength.INFERRED));
    Activity bob = g.activity("arn:aws:iam::111111111111:user/bob");
    assertThat(bob.actions()).extracting(r -> r.action().eventId()).containsExactly("ar-bob", "ex-1", "gat-1");
    assertThat(bob.actions()).extracting(ReachedAction::candidateOnly).containsExactly(false, true, true);
  }

  @Test
  void anExpiredSessionDoesNotMatchTheExchange() {
    PrincipalGraph g = PrincipalGraph.create();
    g.add(assumeRole("ar-old", "2024-05-01T07:00:00Z", user(AWS_ACCT, "alice"), AWS_SESSION1, "ASIAOLD").build());
    g.add(assumeRole("ar-new", "2024-05-01T08:45:00Z", user(AWS_ACCT, "bob"), AWS_SESSION1, "ASIANEW").build());
    g.add(exchange());
    g.add(impersonate());

    Attribution a = Invariants.check(g.attribute(targetCall()));
    assertThat(a.origin().id()).isEqualTo("arn:aws:iam::111111111111:user/bob");
    assertThat(a.candidates()).isEmpty();
  }

  @Test
  void aMissingExchangeTokenIsADataAccessLogGap() {
    PrincipalGraph g = PrincipalGraph.create();
    g.add(awsAssume());
    g.add(impersonate());

    Attribution a = Invariants.check(g.attribute(targetCall()));
    assertThat(a.origin().id()).isEqualTo(AWS_DEV.id());
    assertThat(a.hops()).extracting(Hop::strength).containsExactly(Strength.INFERRED, Strength.INFERRED, Strength.EXACT);
    assertThat(a.gaps()).singleElement().satisfies(gap -> {
      assertThat(gap.kind()).isEqualTo(Gap.Kind.DATA_ACCESS_LOG_MISSING);
      assertThat(gap.remedy()).contains("ExchangeToken is a Data Access log");
    });
  }

  // ---------------------------------------------------------------- inside GCP

  static final Principal ALICE = googleUser("alice@example.com");
  static final Principal FIRST = sa("first@p.iam.gserviceaccount.com");
  static final Principal SECOND = sa("second@p.iam.gserviceaccount.com");

  @Test
  void aDelegationChainOfTwoServiceAccounts() {
    PrincipalGraph g = PrincipalGraph.create();
    AuditEvent call = gcp("del-1", "2024-05-01T12:00:00Z", "compute.googleapis.com", "v1.compute.instances.list",
        SECOND).delegation(ALICE, FIRST).build();
    g.add(call);

    Attribution a = traced(g, "del-1");
    assertThat(a.origin()).isEqualTo(ALICE);
    assertThat(a.originKind()).isEqualTo(OriginKind.HUMAN);
    assertThat(a.hops()).extracting(h -> h.to().id()).containsExactly(FIRST.id(), SECOND.id());
    assertThat(a.hops()).allSatisfy(h -> assertThat(h.strength()).isEqualTo(Strength.ASSERTED));
    assertThat(g.activity(ALICE.id()).actions()).extracting(r -> r.action().eventId()).containsExactly("del-1");

    g.add(generateAccessToken("gat-a", "2024-05-01T11:59:00Z", ALICE, FIRST).build());
    Attribution upgraded = traced(g, "del-1");
    assertThat(upgraded.hops()).extracting(Hop::mechanism)
        .containsExactly(HopMechanism.GENERATE_ACCESS_TOKEN, HopMechanism.SERVICE_ACCOUNT_DELEGATION);
  }

  /**
   * Rule 10 with two holders of one account: alice and bob each impersonate first@, and first@ mints
   * second@ tokens under each. A call names its chain in serviceAccountDelegationInfo, and so does each
   * token's own record: a token minted under the other holder's chain is not the one the call used.
   */
  @Test
  void aTokenMintedUnderAnotherChainIsNotTheOneTheCallUsed() {
    Principal bob = googleUser("bob@example.com");
    PrincipalGraph g = PrincipalGraph.create();
    g.add(generateAccessToken("ta", "2024-05-01T11:50:00Z", ALICE, FIRST).build());
    g.add(generateAccessToken("tb", "2024-05-01T11:51:00Z", bob, FIRST).build());
    g.add(generateAccessToken("t2a", "2024-05-01T11:52:00Z", FIRST, SECOND).delegation(ALICE).build());
    g.add(generateAccessToken("t2b", "2024-05-01T11:53:00Z", FIRST, SECOND).delegation(bob).build());
    g.add(gcp("call-a", "2024-05-01T12:00:00Z", "compute.googleapis.com", "v1.compute.instances.list", SECOND)
        .delegation(ALICE, FIRST).build());
    g.add(gcp("call-b", "2024-05-01T12:00:00Z", "compute.googleapis.com", "v1.compute.instances.list", SECOND)
        .delegation(bob, FIRST).build());

    for (var expected : List.of(List.of("call-a", ALICE, "ta", "t2a"), List.of("call-b", bob, "tb", "t2b"))) {
      Attribution a = traced(g, (String) expected.get(0));
      assertThat(a.origin()).as("%s", expected.get(0)).isEqualTo(expected.get(1));
      assertThat(a.strength()).as("%s", expected.get(0)).isEqualTo(Strength.EXACT);
      assertThat(a.candidates()).as("%s", expected.get(0)).isEmpty();
      assertThat(a.hops()).extracting(h -> (Object) h.evidence().get(0).eventId())
          .containsExactly(expected.get(2), expected.get(3));
    }
    assertThat(g.activity(ALICE.id()).actions()).extracting(r -> r.action().eventId())
        .contains("call-a").doesNotContain("call-b");
    assertThat(g.activity(bob.id()).actions()).extracting(r -> r.action().eventId())
        .contains("call-b").doesNotContain("call-a");
  }

  @Test
  void anAccessTokenForTheAccountNamedOnlyByItsUniqueIdUpgradesTheDelegation() {
    PrincipalGraph g = PrincipalGraph.builder()
        .directory(PrincipalDirectory.builder().serviceAccount("200000000000000000001", "first@p.iam.gserviceaccount.com")
            .serviceAccount("200000000000000000009", "other@p.iam.gserviceaccount.com").build())
        .build();
    g.add(gcp("del-u", "2024-05-01T12:00:00Z", "compute.googleapis.com", "v1.compute.instances.list", SECOND)
        .delegation(ALICE, FIRST).build());
    g.add(generateAccessToken("gat-other", "2024-05-01T11:58:00Z", ALICE, byUniqueId("200000000000000000009")).build());

    Attribution notThisAccount = traced(g, "del-u");
    assertThat(notThisAccount.hops()).as("the token was for another account's unique id")
        .extracting(Hop::mechanism).containsExactly(HopMechanism.SERVICE_ACCOUNT_DELEGATION,
            HopMechanism.SERVICE_ACCOUNT_DELEGATION);

    g.add(generateAccessToken("gat-u", "2024-05-01T11:59:00Z", ALICE, byUniqueId("200000000000000000001")).build());
    Attribution a = traced(g, "del-u");
    assertThat(a.origin()).isEqualTo(ALICE);
    assertThat(a.hops()).extracting(Hop::mechanism)
        .containsExactly(HopMechanism.GENERATE_ACCESS_TOKEN, HopMechanism.SERVICE_ACCOUNT_DELEGATION);
    assertThat(a.hops().get(0).to().id()).isEqualTo(FIRST.id());
    assertThat(a.hops().get(0).evidence()).extracting(Evidence::eventId).containsExactly("gat-u");
    assertThat(a.hops().get(0).reason().orElseThrow()).contains("(from the directory)");
  }

  /** A mapping the directory and a log entry both show: the hop cites the entry, and its reason says both. */
  @Test
  void aMappingKnownFromTheDirectoryAndTheLogsSaysBoth() {
    PrincipalGraph g = PrincipalGraph.builder()
        .directory(PrincipalDirectory.builder().serviceAccount("100000000000000000001", SA1).build()).build();
    g.add(generateIdToken("gen-1", "2024-05-01T09:50:00Z", DEV, sa(SA1, "100000000000000000001"),
        "100000000000000000001").build());
    g.add(webIdentityLogin("awi-1", "2024-05-01T10:00:00Z", "100000000000000000001", GCP_SA1_SESSION, "ASIAGCP1",
        "100000000000000000001").build());

    Attribution a = Invariants.check(g.attribute(awsCall("s3-1", "2024-05-01T10:05:00Z", GCP_SA1_SESSION,
        "ListBuckets").key("ASIAGCP1").build()));

    Hop same = a.hops().stream().filter(h -> h.mechanism() == HopMechanism.SAME_IDENTITY).findFirst().orElseThrow();
    assertThat(same.evidence()).extracting(Evidence::eventId).containsExactly("gen-1");
    assertThat(same.reason().orElseThrow()).contains("(from the directory and the audit logs)");
  }

  @Test
  void anAccountRecreatedUnderItsEmailIsFoundUnderEitherUniqueId() {
    Principal ops = googleUser("ops@example.com");
    PrincipalGraph g = PrincipalGraph.create();
    // first@ deleted and created again: the logs show it under two unique ids, days apart
    g.add(generateAccessToken("old-id", "2024-04-01T09:00:00Z", ops,
        sa("first@p.iam.gserviceaccount.com", "300000000000000000001")).build());
    g.add(generateAccessToken("new-id", "2024-04-20T09:00:00Z", ops,
        sa("first@p.iam.gserviceaccount.com", "300000000000000000002")).build());
    g.add(gcp("del-r", "2024-05-01T12:00:00Z", "compute.googleapis.com", "v1.compute.instances.list", SECOND)
        .delegation(ALICE, FIRST).build());
    g.add(generateAccessToken("gat-r", "2024-05-01T11:59:00Z", ALICE, byUniqueId("300000000000000000002")).build());

    Attribution a = traced(g, "del-r");
    assertThat(a.hops()).extracting(Hop::mechanism)
        .containsExactly(HopMechanism.GENERATE_ACCESS_TOKEN, HopMechanism.SERVICE_ACCOUNT_DELEGATION);
    assertThat(a.hops().get(0).evidence()).extracting(Evidence::eventId).containsExactly("gat-r", "new-id");
  }

  @Test
  void aServiceAccountKeyLeavesTheHolderUnknown() {
    Principal deployer = sa("deployer@p.iam.gserviceaccount.com");
    Attribution a = Invariants.check(PrincipalGraph.create().attribute(gcp("k-1", "2024-05-01T12:00:00Z",
        "storage.googleapis.com", "storage.objects.create", deployer)
        .saKey("//iam.googleapis.com/projects/p/serviceAccounts/deployer@p.iam.gserviceaccount.com/keys/abc").build()));
    assertThat(a.origin()).isEqualTo(deployer);
    assertThat(a.originKind()).isEqualTo(OriginKind.UNKNOWN);
    assertThat(a.strength()).as("who holds the key is not in the logs").isEqualTo(Strength.UNKNOWN);
    assertThat(a.originDetail()).contains(
        "whoever holds the key //iam.googleapis.com/projects/p/serviceAccounts/deployer@p.iam.gserviceaccount.com/keys/abc");
    assertThat(a.gaps()).singleElement().satisfies(gap -> {
      assertThat(gap.kind()).isEqualTo(Gap.Kind.KEY_HOLDER_UNKNOWN);
      assertThat(gap.missing()).startsWith("key holder unknown").contains("keys/abc");
    });
  }

  @Test
  void streamModeAttributesActionsThatWereNeverAdded() {
    PrincipalGraph g = PrincipalGraph.builder().retainActions(false).build();
    List.of(mintIdToken(), webLogin1(), awsAssume(), exchange(), impersonate()).forEach(g::add);

    assertThat(g.trace("ex-1")).isEmpty();
    assertThat(Invariants.check(g.attribute(s3CallBySa1())).origin().id()).isEqualTo("user:dev@example.com");
    assertThat(Invariants.check(g.attribute(targetCall())).origin().id()).isEqualTo(AWS_DEV.id());
    assertThat(g.hopCount()).isEqualTo(5);
    Activity dev = g.activity("user:dev@example.com");
    assertThat(dev.actionsRetained()).as("no actions here says nothing of what dev did").isFalse();
    assertThat(dev.actions()).isEmpty();
    assertThat(PrincipalGraph.create().activity("user:dev@example.com").actionsRetained()).isTrue();
  }
}
