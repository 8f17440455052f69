package dev.crosstrail.graph;

import static dev.crosstrail.graph.Fx.assumeRole;
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

import dev.crosstrail.model.Principal;
import dev.crosstrail.model.Strength;
import org.junit.jupiter.api.Test;

/**
 * {@link PrincipalGraph#path} and {@link PrincipalGraph#activity} walk forward; {@link PrincipalGraph#trace}
 * walks back and is the reference: where one record can be explained only one way, both must say so.
 */
class ForwardAgreesWithAttributionTest {

  static final String ACCT = "111111111111";
  static final Principal ALICE = user(ACCT, "alice");
  static final Principal BOB = user(ACCT, "bob");
  static final Principal DEV = googleUser("dev@example.com");
  static final Principal SESSION = session(ACCT, "Shared", "alice");
  static final Principal CHAINED = session(ACCT, "Deep", "ops");
  static final String SA_EMAIL = "one@p.iam.gserviceaccount.com";
  static final String SA_UID = "100000000000000000001";
  static final Principal SA2 = sa("two@p.iam.gserviceaccount.com");

  /** A console session's renewed credentials (creationDate after the switch): backward follows, forward not. */
  @Test
  void aConsoleSessionsRenewedCredentialLeadsOnAsTheBackwardWalkSays() {
    PrincipalGraph g = PrincipalGraph.create();
    g.add(switchRole("sw", "2024-05-01T08:00:00Z", ALICE, SESSION).build());
    g.add(assumeRole("ar-chain", "2024-05-01T09:10:00Z", SESSION, CHAINED, "ASIADEEP")
        .key("ASIACONSOLE2").issuedAt("2024-05-01T09:00:00Z").console().build());

    Attribution back = traced(g, "ar-chain");
    assertThat(back.origin().id()).as("backward (reference)").isEqualTo(ALICE.id());
    assertThat(g.path(ALICE.id(), CHAINED.id())).as("forward agrees with backward").isPresent();
  }

  /**
   * A token hop whose entry names, in serviceAccountDelegationInfo, who obtained the token it was made
   * with: the record shows the credential's holder, so the forward path keeps the hop's strength as trace
   * does; a delegation naming someone else is another holder's hop.
   */
  @Test
  void aDelegationNamingTheHolderKeepsTheHopsStrengthForward() {
    Principal first = sa("first@p.iam.gserviceaccount.com");
    Principal bob = googleUser("bob@example.com");
    PrincipalGraph g = PrincipalGraph.create();
    g.add(generateAccessToken("c1", "2024-05-01T10:00:00Z", DEV, first).build());
    g.add(generateAccessToken("c2", "2024-05-01T10:01:00Z", first, SA2).delegation(DEV).build());
    g.add(gcp("c3", "2024-05-01T10:02:00Z", "storage.googleapis.com", "storage.objects.list", SA2)
        .delegation(DEV, first).build());

    Attribution back = traced(g, "c3");
    assertThat(back.origin()).isEqualTo(DEV);
    assertThat(g.path(DEV.id(), SA2.id())).get()
        .satisfies(p -> assertThat(p.strength()).as("hops %s", p.hops()).isEqualTo(back.strength()));

    PrincipalGraph other = PrincipalGraph.create();
    other.add(generateAccessToken("c1", "2024-05-01T10:00:00Z", DEV, first).build());
    other.add(generateAccessToken("c2", "2024-05-01T10:01:00Z", first, SA2).delegation(bob).build());
    assertThat(other.path(DEV.id(), SA2.id())).as("c2 was made with bob's token for %s", first.id()).isEmpty();
  }

  /** A stronger path to the same holding, found later in the BFS, is dropped by the seen-set. */
  @Test
  void theStrongestPathIsKeptWhenAWeakerOneReachesTheSameHoldingFirst() {
    PrincipalGraph g = PrincipalGraph.create();
    g.add(switchRole("sw", "2024-05-01T07:55:00Z", ALICE, SESSION).build());
    g.add(assumeRole("ar-alice", "2024-05-01T08:00:00Z", ALICE, SESSION, "ASIAALICE").build());
    g.add(assumeRole("ar-chain", "2024-05-01T08:10:00Z", SESSION, CHAINED, "ASIADEEP").key("ASIAALICE").build());

    assertThat(traced(g, "ar-chain").strength()).isEqualTo(Strength.EXACT);
    assertThat(g.path(ALICE.id(), CHAINED.id())).get()
        .satisfies(p -> assertThat(p.strength()).as("hops %s", p.hops()).isEqualTo(Strength.EXACT));
  }

  /** A keyless holding (SwitchRole) follows a hop whose record shows bob's recorded access key. */
  @Test
  void aKeylessHoldingDoesNotFollowAHopMadeWithAnotherIssuancesKey() {
    PrincipalGraph g = PrincipalGraph.create();
    g.add(switchRole("sw", "2024-05-01T07:55:00Z", ALICE, SESSION).build());
    g.add(assumeRole("ar-bob", "2024-05-01T08:00:00Z", BOB, SESSION, "ASIABOB").build());
    g.add(assumeRole("ar-chain", "2024-05-01T08:10:00Z", SESSION, CHAINED, "ASIADEEP").key("ASIABOB").build());

    Attribution back = traced(g, "ar-chain");
    assertThat(back.origin().id()).isEqualTo(BOB.id());
    assertThat(back.strength()).isEqualTo(Strength.EXACT);
    assertThat(g.path(ALICE.id(), CHAINED.id())).as("made with bob's key, not alice's console session").isEmpty();
  }

  /** Holding the federated token of a session, the walk follows the AWS session's own hops (and keys). */
  @Test
  void aFederatedTokenDoesNotMakeTheAwsSessionsHops() {
    String arn = "arn:aws:sts::" + ACCT + ":assumed-role/Shared/ci";
    Principal s = awsSubject(arn);
    Principal fed = federated("123456789012", "pool", arn);
    PrincipalGraph g = PrincipalGraph.create();
    g.add(assumeRole("ar-alice", "2024-05-01T08:00:00Z", ALICE, s, "ASIAALICE").build()); // until 09:00
    g.add(exchangeToken("ex", "2024-05-01T08:50:00Z", bareArnOnGcp(arn), s, fed).build()); // until 09:50
    g.add(assumeRole("ar-bob", "2024-05-01T09:20:00Z", BOB, s, "ASIABOB").build());
    g.add(assumeRole("ar-chain", "2024-05-01T09:30:00Z", s, CHAINED, "ASIADEEP").key("ASIABOB").build());

    assertThat(traced(g, "ar-chain").origin().id()).isEqualTo(BOB.id());
    assertThat(g.path(ALICE.id(), CHAINED.id())).as("alice's session had expired; ar-chain shows bob's key")
        .isEmpty();
  }

  /** An ExchangeToken whose subject is logged as the bare ARN (seed 004) hides every hop out of the session. */
  @Test
  void aBareArnExchangeDoesNotHideTheSessionsHops() {
    String arn = "arn:aws:sts::" + ACCT + ":assumed-role/Shared/ci";
    Principal s = awsSubject(arn);
    Principal target = sa("target@p.iam.gserviceaccount.com");
    PrincipalGraph g = PrincipalGraph.create();
    g.add(assumeRole("ar-alice", "2024-05-01T08:00:00Z", ALICE, s, "ASIAALICE").build());
    g.add(assumeRole("ar-chain", "2024-05-01T08:10:00Z", s, CHAINED, "ASIADEEP").key("ASIAALICE").build());
    g.add(exchangeToken("ex", "2024-05-01T08:20:00Z", bareArnOnGcp(arn), s, bareArnOnGcp(arn)).build());
    g.add(generateAccessToken("gat", "2024-05-01T08:21:00Z", bareArnOnGcp(arn), target).build());

    assertThat(traced(g, "gat").origin().id()).isEqualTo(ALICE.id());
    assertThat(g.path(ALICE.id(), CHAINED.id())).as("AWS role chaining").isPresent();
    assertThat(g.path(ALICE.id(), target.id())).as("AWS -> GCP, rule 9").isPresent();
  }

  /** Rule 8: only an ID token is presented to AssumeRoleWithWebIdentity; an access token leads nowhere there. */
  @Test
  void anAccessTokenDoesNotLeadToAWebIdentitySession() {
    Principal web = session(ACCT, "gcp-federated", "sa-session");
    PrincipalGraph g = PrincipalGraph.create();
    g.add(generateAccessToken("gat", "2024-05-01T09:40:00Z", DEV, sa(SA_EMAIL, SA_UID)).build());
    g.add(webIdentityLogin("awi", "2024-05-01T10:00:00Z", SA_UID, web, "ASIAWEB", SA_UID).build());

    Attribution back = traced(g, "awi");
    assertThat(back.origin().id()).as("backward: the account itself").isEqualTo("serviceAccount:" + SA_EMAIL);
    assertThat(g.path(DEV.id(), web.id())).isEmpty();
  }

  /** A hop whose record shows a user-managed key was not made with the access token the walk holds. */
  @Test
  void aHopMadeWithAServiceAccountKeyIsNotTheTokenHolders() {
    PrincipalGraph g = PrincipalGraph.create();
    g.add(generateAccessToken("gat-1", "2024-05-01T08:00:00Z", DEV, sa(SA_EMAIL)).build());
    g.add(generateAccessToken("gat-2", "2024-05-01T08:30:00Z", sa(SA_EMAIL), SA2)
        .saKey("projects/p/serviceAccounts/" + SA_EMAIL + "/keys/abc").build());

    Attribution back = traced(g, "gat-2");
    assertThat(back.gaps()).extracting(Gap::kind).contains(Gap.Kind.KEY_HOLDER_UNKNOWN);
    assertThat(g.path(DEV.id(), SA2.id())).isEmpty();
  }

  /** A delegation seen at 07:00 and 15:00 only is not made while a token valid 08:00–09:00 was. */
  @Test
  void aDelegationSeenOnlyOutsideTheTokensWindowIsNotFollowed() {
    Principal sa1 = sa(SA_EMAIL);
    PrincipalGraph g = PrincipalGraph.create();
    g.add(generateAccessToken("gat", "2024-05-01T08:00:00Z", DEV, sa1).build());
    g.add(gcp("early", "2024-05-01T07:00:00Z", "storage.googleapis.com", "storage.objects.list", SA2)
        .delegation(sa1).build());
    g.add(gcp("late", "2024-05-01T15:00:00Z", "storage.googleapis.com", "storage.objects.list", SA2)
        .delegation(sa1).build());

    assertThat(g.path(DEV.id(), SA2.id())).isEmpty();
  }

  /** An ID token authenticates to AWS (audience), not to the IAM Credentials API. */
  @Test
  void anIdTokenDoesNotMintAccessTokens() {
    PrincipalGraph g = PrincipalGraph.create();
    g.add(generateIdToken("gid", "2024-05-01T09:40:00Z", DEV, sa(SA_EMAIL, SA_UID), "https://app.example").build());
    g.add(generateAccessToken("gat-2", "2024-05-01T09:50:00Z", sa(SA_EMAIL), SA2).build());

    assertThat(g.path(DEV.id(), SA2.id())).isEmpty();
  }

  /** A role recreated under another path: which path names it must not depend on input order. */
  @Test
  void aRolesPathDoesNotDependOnInputOrder() {
    Principal a = Principal.of("arn:aws:iam::" + ACCT + ":role/team-a/Deploy", dev.crosstrail.model.PrincipalKind.IAM_ROLE,
        dev.crosstrail.model.Cloud.AWS).withAccount(ACCT);
    Principal b = Principal.of("arn:aws:iam::" + ACCT + ":role/team-b/Deploy", dev.crosstrail.model.PrincipalKind.IAM_ROLE,
        dev.crosstrail.model.Cloud.AWS).withAccount(ACCT);
    Principal s = session(ACCT, "Deploy", "ci");
    var e1 = Fx.awsCall("c1", "2024-05-01T08:00:00Z", s, "ListBuckets").issuer(a).build();
    var e2 = Fx.awsCall("c2", "2024-06-01T08:00:00Z", s, "ListBuckets").issuer(b).build();
    var ar = assumeRole("ar", "2024-05-01T07:59:00Z", ALICE, s, "ASIA1").build();
    PrincipalGraph g1 = PrincipalGraph.create();
    g1.add(ar);
    g1.add(e1);
    g1.add(e2);
    PrincipalGraph g2 = PrincipalGraph.create();
    g2.add(ar);
    g2.add(e2);
    g2.add(e1);
    assertThat(g1.sessions("arn:aws:iam::" + ACCT + ":role/Deploy").get(0).role().id())
        .isEqualTo(g2.sessions("arn:aws:iam::" + ACCT + ":role/Deploy").get(0).role().id());
  }

  /** An ExchangeToken whose subject is the role (custom mapping): backward finds alice, forward never does. */
  @Test
  void aRoleSubjectExchangeIsReachedFromTheSessionsHolder() {
    String roleArn = "arn:aws:iam::" + ACCT + ":role/service-role/Shared";
    Principal s = session(ACCT, "Shared", "ci");
    Principal roleSubject = Principal.of(roleArn, dev.crosstrail.model.PrincipalKind.IAM_ROLE,
        dev.crosstrail.model.Cloud.AWS).withAccount(ACCT).withSourceType("principalSubject");
    Principal fed = federated("123456789012", "pool", roleArn);
    Principal target = sa("target@p.iam.gserviceaccount.com");
    PrincipalGraph g = PrincipalGraph.create();
    g.add(assumeRole("ar-alice", "2024-05-01T08:00:00Z", ALICE, s, "ASIAALICE").build());
    g.add(exchangeToken("ex", "2024-05-01T08:20:00Z", fed, roleSubject, fed).build());
    g.add(generateAccessToken("gat", "2024-05-01T08:21:00Z", fed, target).build());

    Attribution back = traced(g, "gat");
    assertThat(back.origin().id()).as("backward (rule 9, coarse subject)").isEqualTo(ALICE.id());
    assertThat(g.activity(ALICE.id()).actions()).extracting(r -> r.action().eventId()).contains("gat");
    IdentityPath forward = g.path(ALICE.id(), target.id()).orElseThrow();
    for (int i = 1; i < forward.hops().size(); i++) {
      assertThat(Ids.same(forward.hops().get(i).from().id(), forward.hops().get(i - 1).to().id()))
          .as("hop %d starts where hop %d ended: %s", i, i - 1, forward.hops()).isTrue();
    }
  }
}
