package dev.crosstrail.graph;

import static dev.crosstrail.graph.Fx.assumeRole;
import static dev.crosstrail.graph.Fx.aws;
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
import static dev.crosstrail.graph.Fx.switchRole;
import static dev.crosstrail.graph.Fx.traced;
import static dev.crosstrail.graph.Fx.user;
import static dev.crosstrail.graph.Fx.webIdentityLogin;
import static org.assertj.core.api.Assertions.assertThat;

import dev.crosstrail.model.AuditEvent;
import dev.crosstrail.model.Cloud;
import dev.crosstrail.model.Hop;
import dev.crosstrail.model.HopMechanism;
import dev.crosstrail.model.Principal;
import dev.crosstrail.model.PrincipalKind;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Time windows, candidates and ids of the linking rules (docs/DOMAIN.md §4) where one record could fit several
 * issuances.
 */
class LinkingWindowsTest {

  static final String ACCT = "111111111111";
  static final String SESSION_ARN = "arn:aws:sts::111111111111:assumed-role/kawanago-crosscloud-test-aws-1/aws-role1-test";
  static final Principal SESSION = awsSubject(SESSION_ARN);
  static final Principal FED = federated("123456789012", "kawanago-crosscloud-test", SESSION_ARN);
  static final String TARGET = "kawanago-cc-test-target@my-gcp-project.iam.gserviceaccount.com";

  /** The same event with every hop valid until {@code validity} after the record. */
  static AuditEvent lasting(AuditEvent e, Duration validity) {
    List<Hop> hops = e.hops().stream().map(h -> new Hop(h.mechanism(), h.from(), h.to(), h.issued(), h.validFrom(),
        Optional.of(h.validFrom().plus(validity)), h.audience(), h.sourceIdentity(), h.evidence(), h.strength(),
        h.reason())).toList();
    return new AuditEvent(e.cloud(), e.id(), e.time(), e.service(), e.operation(), e.actor(), e.credential(),
        e.session(), e.sourceIp(), e.userAgent(), e.account(), e.region(), e.resources(), e.outcome(),
        e.identityEstablishing(), hops, e.sharedEventId(), e.category(), e.location(), e.namedPrincipals());
  }

  /**
   * Rule 9: "an ExchangeToken whose subject is an AWS session ARN → the AWS session(s) with that ARN whose
   * validity window contains the exchange time (several candidates: report all, inferred)". Two exchanges by
   * the same session ARN, made by two different issuances of it (alice's, then bob's), both give federated
   * tokens still valid when the federated principal acts. Either could be the one used: the answer must be
   * ambiguous, not bob's.
   */
  @Test
  void twoExchangesOfOneSessionArnByDifferentIssuancesAreBothCandidates() {
    PrincipalGraph g = PrincipalGraph.create();
    g.add(assumeRole("ar-alice", "2024-05-01T08:00:00Z", user(ACCT, "alice"), SESSION, "ASIAALICE").build());
    g.add(exchangeToken("ex-alice", "2024-05-01T08:55:00Z", bareArnOnGcp(SESSION_ARN), SESSION, FED).build());
    g.add(assumeRole("ar-bob", "2024-05-01T09:05:00Z", user(ACCT, "bob"), SESSION, "ASIABOB").build());
    g.add(exchangeToken("ex-bob", "2024-05-01T09:10:00Z", bareArnOnGcp(SESSION_ARN), SESSION, FED).build());

    // alice's federated token is valid until 09:55, bob's until 10:10
    Attribution a = Invariants.check(g.attribute(gcp("gcs-direct", "2024-05-01T09:20:00Z", "storage.googleapis.com",
        "storage.objects.list", FED).build()));

    assertThat(a.ambiguous()).as("origin %s (%s), gaps %s", a.origin().id(), a.strength(), a.gaps()).isTrue();
    assertThat(a.candidates()).extracting(c -> c.origin().id())
        .contains("arn:aws:iam::111111111111:user/alice", "arn:aws:iam::111111111111:user/bob");
  }

  /**
   * Rules 9/10: the service account's call names the federated principal in serviceAccountDelegationInfo; two
   * GenerateAccessToken records by that principal for the account (one with a 3 h lifetime) both give tokens
   * valid at the call. Behind them stand different AWS session issuances (alice's, bob's). The graph silently
   * keeps the latest token.
   */
  @Test
  void twoValidAccessTokensOfOneFederatedPrincipalAreBothCandidates() {
    PrincipalGraph g = PrincipalGraph.create();
    g.add(assumeRole("ar-alice", "2024-05-01T08:00:00Z", user(ACCT, "alice"), SESSION, "ASIAALICE").build());
    g.add(exchangeToken("ex-alice", "2024-05-01T08:10:00Z", bareArnOnGcp(SESSION_ARN), SESSION, FED).build());
    g.add(lasting(generateAccessToken("gat-alice", "2024-05-01T08:15:00Z", FED, sa(TARGET)).build(),
        Duration.ofHours(3)));
    g.add(assumeRole("ar-bob", "2024-05-01T09:30:00Z", user(ACCT, "bob"), SESSION, "ASIABOB").build());
    g.add(exchangeToken("ex-bob", "2024-05-01T09:35:00Z", bareArnOnGcp(SESSION_ARN), SESSION, FED).build());
    g.add(generateAccessToken("gat-bob", "2024-05-01T09:40:00Z", FED, sa(TARGET)).build());

    Attribution a = Invariants.check(g.attribute(gcp("gcs-1", "2024-05-01T10:00:00Z", "storage.googleapis.com",
        "storage.objects.list", sa(TARGET)).delegation(FED).build()));

    assertThat(a.ambiguous()).as("origin %s (%s), gaps %s", a.origin().id(), a.strength(), a.gaps()).isTrue();
    assertThat(a.candidates()).extracting(c -> c.origin().id())
        .contains("arn:aws:iam::111111111111:user/alice", "arn:aws:iam::111111111111:user/bob");
  }


  /**
   * Rule 8: the ID token must be minted "within the token's one-hour lifetime before the
   * AssumeRoleWithWebIdentity". A token minted exactly one hour before has expired (exp = iat + 3600 s) and
   * cannot be the one presented; the graph still counts it.
   */
  @Test
  void anIdTokenMintedExactlyAnHourBeforeHasExpired() {
    PrincipalGraph g = PrincipalGraph.create();
    g.add(generateIdToken("gen-old", "2024-05-01T09:00:00Z", googleUser("dev@example.com"),
        sa("kawanago-crosscloud-test-1@my-gcp-project.iam.gserviceaccount.com", "100000000000000000001"),
        "kawanago-crosscloud-test").build());
    Principal s = session(ACCT, "kawanago-crosscloud-test", "gcp-sa1-session");
    g.add(webIdentityLogin("awi-1", "2024-05-01T10:00:00Z", "100000000000000000001", s, "ASIAGCP1",
        "100000000000000000001").build());

    Attribution a = Invariants.check(g.attribute(awsCall("s3-1", "2024-05-01T10:05:00Z", s, "ListBuckets")
        .key("ASIAGCP1").build()));

    assertThat(a.origin().id()).isEqualTo("serviceAccount:kawanago-crosscloud-test-1@my-gcp-project.iam.gserviceaccount.com");
    assertThat(a.gaps()).extracting(Gap::kind).containsExactly(Gap.Kind.DATA_ACCESS_LOG_MISSING);
  }


  /**
   * Rules 2/3: a console session whose calls say creationDate 10:02 was created at 10:02. A SwitchRole into the
   * same session ARN at 10:30 (another account's user of the same name, so the same assumed-role/ROLE/NAME ARN)
   * happened after that session existed and cannot have created it; the graph still attributes the call to it,
   * asserted.
   */
  @Test
  void aSwitchRoleAfterTheSessionsCreationDateIsNotItsOrigin() {
    Principal s = session("999999999999", "Admin", "alice");
    PrincipalGraph g = PrincipalGraph.create();
    g.add(switchRole("sw-late", "2024-05-01T10:30:00Z", user("333333333333", "alice"), s).build());

    Attribution a = Invariants.check(g.attribute(awsCall("c", "2024-05-01T10:35:00Z", s, "ListBuckets")
        .key("ASIACONSOLE").issuedAt("2024-05-01T10:02:00Z").console().build()));

    // Only rule 7's hint remains: the session name equals that user's name.
    assertThat(a.hops()).extracting(Hop::mechanism).doesNotContain(HopMechanism.SWITCH_ROLE);
    assertThat(a.strength()).isEqualTo(dev.crosstrail.model.Strength.INFERRED);
    assertThat(a.gaps()).extracting(Gap::kind).contains(Gap.Kind.ISSUING_RECORD_MISSING);
  }

  /** The same with the real switch (10:00) present as well: the later one makes the answer ambiguous. */
  @Test
  void aSwitchRoleAfterTheSessionsCreationDateDoesNotMakeItAmbiguous() {
    Principal s = session("999999999999", "Admin", "alice");
    PrincipalGraph g = PrincipalGraph.create();
    g.add(switchRole("sw-real", "2024-05-01T10:00:00Z", user("222222222222", "alice"), s).build());
    g.add(switchRole("sw-late", "2024-05-01T10:30:00Z", user("333333333333", "alice"), s).build());

    Attribution a = Invariants.check(g.attribute(awsCall("c", "2024-05-01T10:35:00Z", s, "ListBuckets")
        .key("ASIACONSOLE").issuedAt("2024-05-01T10:02:00Z").console().build()));

    assertThat(a.ambiguous()).as("candidates %s", a.candidates().stream().map(c -> c.origin().id()).toList())
        .isFalse();
    assertThat(a.origin().id()).isEqualTo("arn:aws:iam::222222222222:user/alice");
  }



  /** Repeated exchanges by one session are one candidate: the latest stands for them, not weakened. */
  @Test
  void repeatedExchangesOfOneSessionAreOneCandidate() {
    PrincipalGraph g = PrincipalGraph.create();
    g.add(assumeRole("ar-alice", "2024-05-01T08:00:00Z", user(ACCT, "alice"), SESSION, "ASIAALICE").build());
    g.add(exchangeToken("ex-1", "2024-05-01T08:10:00Z", bareArnOnGcp(SESSION_ARN), SESSION, FED).build());
    g.add(exchangeToken("ex-2", "2024-05-01T08:40:00Z", bareArnOnGcp(SESSION_ARN), SESSION, FED).build());

    Attribution a = Invariants.check(g.attribute(gcp("gcs-1", "2024-05-01T09:00:00Z", "storage.googleapis.com",
        "storage.objects.list", FED).build()));

    assertThat(a.ambiguous()).isFalse();
    assertThat(a.origin().id()).isEqualTo("arn:aws:iam::111111111111:user/alice");
    assertThat(a.candidates()).isEmpty();
    assertThat(a.hops()).extracting(Hop::mechanism)
        .containsExactly(HopMechanism.ASSUME_ROLE, HopMechanism.TOKEN_EXCHANGE);
    assertThat(a.hops().get(1).evidence()).extracting(e -> e.eventId()).containsExactly("ex-2");
    assertThat(a.hops().get(1).strength()).isEqualTo(dev.crosstrail.model.Strength.ASSERTED);
  }

  /** Repeated access tokens with one chain behind them are one candidate: the latest, not weakened. */
  @Test
  void repeatedAccessTokensOfOneSessionAreOneCandidate() {
    PrincipalGraph g = PrincipalGraph.create();
    g.add(assumeRole("ar-alice", "2024-05-01T08:00:00Z", user(ACCT, "alice"), SESSION, "ASIAALICE").build());
    g.add(exchangeToken("ex-alice", "2024-05-01T08:10:00Z", bareArnOnGcp(SESSION_ARN), SESSION, FED).build());
    g.add(generateAccessToken("gat-1", "2024-05-01T08:15:00Z", FED, sa(TARGET)).build());
    g.add(generateAccessToken("gat-2", "2024-05-01T08:45:00Z", FED, sa(TARGET)).build());

    Attribution a = Invariants.check(g.attribute(gcp("gcs-1", "2024-05-01T09:00:00Z", "storage.googleapis.com",
        "storage.objects.list", sa(TARGET)).delegation(FED).build()));

    assertThat(a.ambiguous()).isFalse();
    assertThat(a.origin().id()).isEqualTo("arn:aws:iam::111111111111:user/alice");
    assertThat(a.hops()).last().satisfies(h -> {
      assertThat(h.mechanism()).isEqualTo(HopMechanism.GENERATE_ACCESS_TOKEN);
      assertThat(h.evidence()).extracting(e -> e.eventId()).containsExactly("gat-2");
      assertThat(h.strength()).isEqualTo(dev.crosstrail.model.Strength.EXACT);
    });
  }

  /**
   * Rule 9 with an AWS federated user (GetFederationToken) as the workload identity subject: Principals.externalSubject
   * keeps {@code arn:aws:sts::A:federated-user/NAME} as a GCP FEDERATED_PRINCIPAL, whose ExchangeToken is then
   * found behind itself: the walk reports a loop (CHAIN_CUT) instead of following the AWS principal.
   */
  @Test
  void aFederatedUserSubjectIsFollowedToAwsNotCutAsALoop() {
    String fuArn = "arn:aws:sts::111111111111:federated-user/bob";
    Principal bob = user(ACCT, "bob");
    Principal fu = Principal.of(fuArn, PrincipalKind.FEDERATED_USER, Cloud.AWS).withAccount(ACCT)
        .withSourceType("FederatedUser");
    // as EntryNormalizer.tokenExchangeHop / Principals.externalSubject build it
    Principal subject = Principal.of(fuArn, PrincipalKind.FEDERATED_USER, Cloud.AWS).withAccount(ACCT)
        .withSourceType("principalSubject");
    Principal fed = federated("123456789012", "pool", fuArn);
    PrincipalGraph g = PrincipalGraph.create();
    g.add(aws("gft", "2024-05-01T09:00:00Z", "sts.amazonaws.com", "GetFederationToken", bob)
        .issues(HopMechanism.GET_FEDERATION_TOKEN, bob, fu, "ASIAFU", Duration.ofHours(12)).build());
    g.add(exchangeToken("ex-fu", "2024-05-01T09:01:00Z", subject, subject, fed).build());

    Attribution a = Invariants.check(g.attribute(gcp("gcs-fu", "2024-05-01T09:10:00Z", "storage.googleapis.com",
        "storage.objects.list", fed).build()));

    assertThat(a.gaps()).as("origin %s, gaps %s", a.origin().id(), a.gaps()).extracting(Gap::kind)
        .doesNotContain(Gap.Kind.CHAIN_CUT);
    assertThat(a.origin().id()).isEqualTo(bob.id());
  }

  /**
   * §3 ExchangeToken: "an external credential ... swapped for a federated token. principalSubject names the
   * external identity". For a non-AWS subject (an Azure object id, a GitHub OIDC sub: see
   * NormalizerTest.azureExchangeTokenGoesToTheMappedPrincipal) the exchange's {@code from} is a
   * FEDERATED_PRINCIPAL, which the resolver walks on from: it looks for an ExchangeToken that produced the
   * external subject itself and, finding none, claims that the Data Access log is missing although the
   * ExchangeToken record is right there.
   */
  @Test
  void theExternalSubjectOfALoggedExchangeIsTheOriginWithoutADataAccessGap() {
    Principal external = Principal.of("b6112abb-5791-4507-adb5-7e8cc306eb2e", PrincipalKind.FEDERATED_PRINCIPAL,
        Cloud.GCP).withSourceType("principalSubject");
    Principal fed = federated("1234567890123", "azure-pool", "a1234bcd-5678-9012-efa3-4b5cd678ef9a");
    PrincipalGraph g = PrincipalGraph.create();
    g.add(exchangeToken("ex-az", "2024-05-01T10:00:00Z", external, external, fed).build());

    Attribution a = Invariants.check(g.attribute(gcp("gcs-az", "2024-05-01T10:10:00Z", "storage.googleapis.com",
        "storage.objects.list", fed).build()));

    assertThat(a.origin().id()).isEqualTo(external.id());
    assertThat(a.hops()).extracting(Hop::mechanism).containsExactly(HopMechanism.TOKEN_EXCHANGE);
    assertThat(a.gaps()).as("the ExchangeToken is logged").extracting(Gap::kind)
        .doesNotContain(Gap.Kind.DATA_ACCESS_LOG_MISSING);
  }

  /**
   * §5 ids are pasted into policies: a role with a path ({@code service-role/}, or every Identity Center role,
   * {@code aws-reserved/sso.amazonaws.com/}) is {@code arn:aws:iam::A:role/PATH/NAME} there and in
   * sessionIssuer.arn. Its sessions are indexed only under the path-less form derived from the session ARN.
   */
  @Test
  void sessionsOfARoleWithAPathAreFoundByItsRealArn() {
    Principal s = session(ACCT, "Deploy", "ci");
    PrincipalGraph g = PrincipalGraph.create();
    g.add(assumeRole("ar-1", "2024-05-01T10:00:00Z", user(ACCT, "alice"), s, "ASIAKEY1").build());

    assertThat(g.sessions("arn:aws:iam::111111111111:role/Deploy")).hasSize(1);
    assertThat(g.sessions("arn:aws:iam::111111111111:role/service-role/Deploy")).hasSize(1);
    assertThat(g.sessions("arn:aws:iam::111111111111:role/aws-reserved/sso.amazonaws.com/Deploy")).hasSize(1);
    assertThat(g.sessions("arn:aws:iam::111111111111:role/Other")).isEmpty();
    assertThat(Ids.roleWithoutPath("arn:aws:iam::111111111111:user/a/b")).isEqualTo("arn:aws:iam::111111111111:user/a/b");
  }

  /**
   * docs/DOMAIN.md §3: a custom attribute mapping can make the subject a role ARN; link at that granularity
   * (the role's sessions valid at the time), the same whether the ExchangeToken itself or a call of
   * the federated principal is traced.
   */
  @Test
  void anExchangeNamingOnlyARoleHasItsValidSessionsBehindItWhicheverRecordIsTraced() {
    Principal role = Principal.of("arn:aws:iam::111111111111:role/Deploy", PrincipalKind.IAM_ROLE, Cloud.AWS)
        .withAccount(ACCT).withSourceType("principalSubject");
    Principal fed = federated("123456789012", "pool", role.id());
    PrincipalGraph g = PrincipalGraph.create();
    g.add(assumeRole("ar-ci", "2024-05-01T08:00:00Z", user(ACCT, "ci-deployer"), session(ACCT, "Deploy", "ci"),
        "ASIACI").build());
    g.add(exchangeToken("ex-role", "2024-05-01T08:00:04Z", role, role, fed).build());
    g.add(gcp("gcs-1", "2024-05-01T08:10:00Z", "storage.googleapis.com", "storage.objects.list", fed).build());

    for (String traced : List.of("ex-role", "gcs-1")) {
      Attribution a = traced(g, traced);
      assertThat(a.origin().id()).as(traced).isEqualTo("arn:aws:iam::111111111111:user/ci-deployer");
      assertThat(a.strength()).as(traced).isEqualTo(dev.crosstrail.model.Strength.INFERRED);
      assertThat(a.hops()).as(traced).anySatisfy(h -> assertThat(h.reason()).hasValueSatisfying(r ->
          assertThat(r).contains("names only the role arn:aws:iam::111111111111:role/Deploy; 1 session(s)")));
    }
  }

  /**
   * An account id as the subject: every role session of that account valid at the time is a candidate,
   * and the record is no role owner's copy of anything (no "caller account's trail missing").
   */
  @Test
  void anExchangeNamingOnlyAnAccountHasTheAccountsValidSessionsAsCandidates() {
    Principal account = Principal.of("arn:aws:iam::111111111111:root", PrincipalKind.AWS_ACCOUNT, Cloud.AWS)
        .withAccount(ACCT).withSourceType("principalSubject");
    Principal fed = federated("123456789012", "pool", ACCT);
    PrincipalGraph g = PrincipalGraph.create();
    g.add(assumeRole("ar-a", "2024-05-01T08:00:00Z", user(ACCT, "alice"), session(ACCT, "Deploy", "a"), "ASIAA")
        .build());
    g.add(assumeRole("ar-b", "2024-05-01T08:20:00Z", user(ACCT, "bob"), session(ACCT, "Audit", "b"), "ASIAB")
        .build());
    g.add(assumeRole("ar-other", "2024-05-01T08:25:00Z", user("222222222222", "carol"),
        session("222222222222", "Deploy", "c"), "ASIAC").build());
    g.add(exchangeToken("ex-acct", "2024-05-01T08:30:00Z", account, account, fed).build());
    g.add(gcp("gcs-1", "2024-05-01T08:40:00Z", "storage.googleapis.com", "storage.objects.list", fed).build());

    for (String traced : List.of("ex-acct", "gcs-1")) {
      Attribution a = traced(g, traced);
      assertThat(a.ambiguous()).as(traced).isTrue();
      assertThat(a.candidates()).as(traced).extracting(c -> c.origin().id())
          .containsExactlyInAnyOrder("arn:aws:iam::111111111111:user/alice", "arn:aws:iam::111111111111:user/bob");
      assertThat(a.gaps()).as(traced).extracting(Gap::kind).doesNotContain(Gap.Kind.CALLER_TRAIL_MISSING);
    }
  }

  /** A workforce pool's subject is a person signed in through the workforce's IdP, not a workload. */
  @Test
  void aWorkforcePoolSubjectIsAHumanOrigin() {
    Principal person = Principal.of("principal://iam.googleapis.com/locations/global/workforcePools/staff/subject/"
        + "alice@example.com", PrincipalKind.FEDERATED_PRINCIPAL, Cloud.GCP);
    Principal machine = federated("123456789012", "ci-pool", "repo:org/app:ref:refs/heads/main");
    PrincipalGraph g = PrincipalGraph.create();

    Attribution a = Invariants.check(g.attribute(gcp("gcs-p", "2024-05-01T10:00:00Z", "storage.googleapis.com",
        "storage.objects.list", person).build()));
    Attribution b = Invariants.check(g.attribute(gcp("gcs-m", "2024-05-01T10:00:00Z", "storage.googleapis.com",
        "storage.objects.list", machine).build()));

    assertThat(a.originKind()).isEqualTo(OriginKind.HUMAN);
    assertThat(b.originKind()).isEqualTo(OriginKind.WORKLOAD);
  }

  /**
   * Rule 3 makes console sessions only. A call made outside the console (no sessionCredentialFromConsole)
   * with credentials created hours after the SwitchRole is not shown to come from it: inferred, with the
   * missing issuing record named. The same call from the console (renewed credentials) stays asserted.
   */
  @Test
  void aSwitchRoleExplainsALaterCreatedSessionOnlyInTheConsole() {
    Principal s = session("999999999999", "Admin", "alice");
    PrincipalGraph g = PrincipalGraph.create();
    g.add(switchRole("sw", "2024-05-01T10:00:00Z", user("222222222222", "alice"), s).build());

    Attribution api = Invariants.check(g.attribute(awsCall("api", "2024-05-01T14:05:00Z", s, "ListBuckets")
        .key("ASIAAPI").issuedAt("2024-05-01T14:00:00Z").build()));
    Attribution console = Invariants.check(g.attribute(awsCall("con", "2024-05-01T14:05:00Z", s, "ListBuckets")
        .key("ASIACON").issuedAt("2024-05-01T14:00:00Z").console().build()));

    assertThat(api.origin().id()).isEqualTo("arn:aws:iam::222222222222:user/alice");
    assertThat(api.strength()).isEqualTo(dev.crosstrail.model.Strength.INFERRED);
    assertThat(api.gaps()).extracting(Gap::kind).contains(Gap.Kind.ISSUING_RECORD_MISSING);
    assertThat(console.strength()).isEqualTo(dev.crosstrail.model.Strength.ASSERTED);
    assertThat(console.gaps()).isEmpty();
  }

  /** Rule 9, coarse subject: a role's console sessions (SwitchRole) are its sessions too. */
  @Test
  void anExchangeNamingOnlyARoleCountsItsConsoleSessions() {
    Principal role = Principal.of("arn:aws:iam::111111111111:role/Admin", PrincipalKind.IAM_ROLE, Cloud.AWS)
        .withAccount(ACCT).withSourceType("principalSubject");
    Principal fed = federated("123456789012", "pool", role.id());
    PrincipalGraph g = PrincipalGraph.create();
    g.add(switchRole("sw", "2024-05-01T08:00:00Z", user("222222222222", "alice"), session(ACCT, "Admin", "alice"))
        .build());
    g.add(exchangeToken("ex-role", "2024-05-01T09:00:00Z", role, role, fed).build());

    Attribution a = traced(g, "ex-role");

    assertThat(a.origin().id()).isEqualTo("arn:aws:iam::222222222222:user/alice");
    assertThat(a.strength()).isEqualTo(dev.crosstrail.model.Strength.INFERRED);
  }

  /**
   * Rule 9: a session ARN named only as an ExchangeToken's subject, with both a SwitchRole into it and an
   * AssumeRole issuing it valid at the time: either could be behind it.
   */
  @Test
  void aSessionNamedOnlyByItsArnWithASwitchAndAnIssuanceIsAmbiguous() {
    Principal s = session(ACCT, "Admin", "ops");
    String arn = s.id();
    PrincipalGraph g = PrincipalGraph.create();
    g.add(switchRole("sw", "2024-05-01T08:00:00Z", user("222222222222", "ops"), s).build());
    g.add(assumeRole("ar", "2024-05-01T08:30:00Z", user(ACCT, "bob"), s, "ASIABOB").build());
    g.add(exchangeToken("ex", "2024-05-01T08:40:00Z", bareArnOnGcp(arn), awsSubject(arn),
        federated("123456789012", "pool", arn)).build());

    Attribution a = traced(g, "ex");

    assertThat(a.ambiguous()).as("origin %s (%s)", a.origin().id(), a.strength()).isTrue();
    assertThat(a.candidates()).extracting(c -> c.origin().id())
        .containsExactlyInAnyOrder("arn:aws:iam::222222222222:user/ops", "arn:aws:iam::111111111111:user/bob");
  }

  /** Rule 8 with two minters: what decides is not a key (the token is logged nowhere) but where each came from. */
  @Test
  void twoIdTokenMintersSayWhatCouldDecide() {
    Principal sa1 = sa("kawanago-crosscloud-test-1@my-gcp-project.iam.gserviceaccount.com", "100000000000000000001");
    Principal s = session(ACCT, "kawanago-crosscloud-test", "gcp-sa1-session");
    PrincipalGraph g = PrincipalGraph.create();
    g.add(generateIdToken("gen-a", "2024-05-01T09:50:00Z", googleUser("alice@example.com"), sa1,
        "100000000000000000001").build());
    g.add(generateIdToken("gen-b", "2024-05-01T09:55:00Z", googleUser("bob@example.com"), sa1,
        "100000000000000000001").build());
    g.add(webIdentityLogin("awi", "2024-05-01T10:00:00Z", "100000000000000000001", s, "ASIAGCP1",
        "100000000000000000001").build());

    Attribution a = Invariants.check(g.attribute(awsCall("s3", "2024-05-01T10:05:00Z", s, "ListBuckets")
        .key("ASIAGCP1").build()));

    assertThat(a.ambiguous()).isTrue();
    assertThat(a.gaps()).filteredOn(gap -> gap.kind() == Gap.Kind.AMBIGUOUS).singleElement()
        .satisfies(gap -> assertThat(gap.remedy()).contains("callerIp").contains("sourceIPAddress"));
  }

  /**
   * Rule 9 with the exchange missing: the session may have exchanged its token up to an hour before the
   * federated principal acted, so an issuance that expired in that hour still fits. Its hop must not claim
   * it was valid at the call.
   */
  @Test
  void anIssuanceFoundThroughTheMissingExchangesHourDoesNotClaimToBeValidAtTheCall() {
    PrincipalGraph g = PrincipalGraph.create();
    g.add(assumeRole("ar", "2024-05-01T08:00:00Z", user(ACCT, "alice"), SESSION, "ASIAALICE").build());

    // the session's credentials expired at 09:00; a token exchanged at 08:59 is valid until 09:59
    Attribution a = Invariants.check(g.attribute(gcp("gcs", "2024-05-01T09:30:00Z", "storage.googleapis.com",
        "storage.objects.list", FED).build()));

    assertThat(a.origin().id()).isEqualTo("arn:aws:iam::111111111111:user/alice");
    assertThat(a.hops().get(0).reason()).hasValueSatisfying(r -> assertThat(r)
        .doesNotContain("valid at 2024-05-01T09:30:00Z")
        .contains("valid between 2024-05-01T08:30:00Z and 2024-05-01T09:30:00Z"));
  }

  /** The exchange that was logged had expired: the gap says so rather than that none was logged. */
  @Test
  void anExpiredExchangeIsNamedInTheGap() {
    PrincipalGraph g = PrincipalGraph.create();
    g.add(assumeRole("ar", "2024-05-01T08:00:00Z", user(ACCT, "alice"), SESSION, "ASIAALICE").build());
    g.add(exchangeToken("ex", "2024-05-01T08:10:00Z", bareArnOnGcp(SESSION_ARN), SESSION, FED).build());

    Attribution a = Invariants.check(g.attribute(gcp("gcs", "2024-05-01T09:40:00Z", "storage.googleapis.com",
        "storage.objects.list", FED).build()));

    assertThat(a.gaps()).filteredOn(gap -> gap.kind() == Gap.Kind.DATA_ACCESS_LOG_MISSING).singleElement()
        .satisfies(gap -> assertThat(gap.missing())
            .contains("no ExchangeToken record for " + FED.id() + " whose token was valid at 2024-05-01T09:40:00Z")
            .contains("the latest before it, ex at 2024-05-01T08:10:00Z, expired at 2024-05-01T09:10:00Z"));
    assertThat(a.gaps()).filteredOn(gap -> gap.kind() == Gap.Kind.DATA_ACCESS_LOG_MISSING).singleElement()
        .satisfies(gap -> assertThat(gap.remedy()).as("the log it read is on").doesNotContain("enable"));
  }
}
