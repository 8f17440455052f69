package dev.crosstrail.graph;

import static dev.crosstrail.graph.Fx.assumeRole;
import static dev.crosstrail.graph.Fx.aws;
import static dev.crosstrail.graph.Fx.awsSubject;
import static dev.crosstrail.graph.Fx.exchangeToken;
import static dev.crosstrail.graph.Fx.federated;
import static dev.crosstrail.graph.Fx.gcp;
import static dev.crosstrail.graph.Fx.generateAccessToken;
import static dev.crosstrail.graph.Fx.googleUser;
import static dev.crosstrail.graph.Fx.sa;
import static dev.crosstrail.graph.Fx.session;
import static dev.crosstrail.graph.Fx.switchRole;
import static dev.crosstrail.graph.Fx.traced;
import static dev.crosstrail.graph.Fx.user;
import static org.assertj.core.api.Assertions.assertThat;

import dev.crosstrail.model.HopMechanism;
import dev.crosstrail.model.Principal;
import dev.crosstrail.model.Strength;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The forward walk against {@link PrincipalGraph#trace}, the reference, where the records allow one reading:
 * delegation chains over time, federated identities with and without a logged exchange, creationDates that
 * name one issuance or several, and the cost of coarse-subject exchanges.
 */
class ForwardWalkEdgeCasesTest {

  static final String ACCT = "111111111111";
  static final Principal ALICE = user(ACCT, "alice");
  static final Principal BOB = user(ACCT, "bob");
  static final Principal CAROL = user(ACCT, "carol");
  static final Principal DEV = googleUser("dev@example.com");
  static final Principal SESSION = session(ACCT, "Shared", "alice");
  static final Principal CHAINED = session(ACCT, "Deep", "ops");
  static final Principal SA1 = sa("one@p.iam.gserviceaccount.com");
  static final Principal SA2 = sa("two@p.iam.gserviceaccount.com");
  static final Principal SA3 = sa("three@p.iam.gserviceaccount.com");
  /** An AWS session as the subject of a Workload Identity Federation exchange, and the principal it maps to. */
  static final String CI_ARN = "arn:aws:sts::" + ACCT + ":assumed-role/Shared/ci";
  static final Principal CI_SUBJECT = awsSubject(CI_ARN);
  static final Principal CI_FEDERATED = federated("123456789012", "pool", CI_ARN);

  /** A delegation chain seen on a later day is lost: only the first hour DEV->SA1 was seen in is held. */
  @Test
  void aChainedDelegationOnALaterDayIsReached() {
    PrincipalGraph g = PrincipalGraph.create();
    g.add(gcp("d1", "2024-05-01T08:10:00Z", "storage.googleapis.com", "storage.objects.list", SA1)
        .delegation(DEV).build());
    g.add(gcp("d2", "2024-05-02T20:15:00Z", "storage.googleapis.com", "storage.objects.get", SA2)
        .delegation(DEV, SA1).build());

    Attribution back = traced(g, "d2");
    assertThat(back.origin().id()).as("backward (reference)").isEqualTo(DEV.id());
    assertThat(g.activity(DEV.id()).actions()).extracting(r -> r.action().eventId()).contains("d1", "d2");
    assertThat(g.path(DEV.id(), SA2.id())).isPresent();
  }

  /** A chain that begins at SA1 (SA1 as itself) is not the doing of whoever held an access token for SA1. */
  @Test
  void aDelegationChainHeadedBySa1IsNotTheTokenHolders() {
    PrincipalGraph g = PrincipalGraph.create();
    g.add(generateAccessToken("gat", "2024-05-01T08:00:00Z", DEV, SA1).build());
    g.add(gcp("own", "2024-05-01T08:15:00Z", "storage.googleapis.com", "storage.objects.list", SA2)
        .delegation(SA1).build());

    Attribution back = traced(g, "own");
    assertThat(back.origin().id()).as("backward: the chain begins at SA1").isEqualTo(SA1.id());
    assertThat(back.candidates()).isEmpty();
    assertThat(g.path(DEV.id(), SA2.id())).as("forward").isEmpty();
  }

  /** The hour bucket lets an entry made before the token was minted count as made with it. */
  @Test
  void aDelegationSeenEarlierInTheHourThanTheTokenIsNotFollowed() {
    PrincipalGraph g = PrincipalGraph.create();
    g.add(aws("ar", "2024-05-01T08:25:00Z", "sts.amazonaws.com", "AssumeRole", ALICE)
        .issues(HopMechanism.ASSUME_ROLE, ALICE, CI_SUBJECT, "ASIAALICE", Duration.ofMinutes(15)).build());
    g.add(exchangeToken("ex", "2024-05-01T08:30:00Z", CI_FEDERATED, CI_SUBJECT, CI_FEDERATED).build());
    g.add(gcp("early", "2024-05-01T08:10:00Z", "storage.googleapis.com", "storage.objects.list", SA2)
        .delegation(CI_FEDERATED).build());

    Attribution back = traced(g, "early");
    assertThat(back.origin().id()).as("backward").isNotEqualTo(ALICE.id());
    assertThat(back.candidates()).extracting(c -> c.origin().id()).doesNotContain(ALICE.id());
    assertThat(g.path(ALICE.id(), SA2.id())).as("alice's session did not exist at 08:10").isEmpty();
  }

  /** A logged ExchangeToken hides every hop of the federated identity outside that token's hour. */
  @Test
  void aLoggedExchangeDoesNotHideTheFederatedHopsOfLaterUnloggedExchanges() {
    PrincipalGraph g = PrincipalGraph.create();
    g.add(aws("ar", "2024-05-01T08:00:00Z", "sts.amazonaws.com", "AssumeRole", ALICE)
        .issues(HopMechanism.ASSUME_ROLE, ALICE, CI_SUBJECT, "ASIAALICE", Duration.ofHours(12)).build());
    // its token is valid until 09:10
    g.add(exchangeToken("ex", "2024-05-01T08:10:00Z", CI_FEDERATED, CI_SUBJECT, CI_FEDERATED).build());
    g.add(generateAccessToken("gat", "2024-05-01T15:00:00Z", CI_FEDERATED, SA3).build()); // its exchange not logged

    Attribution back = traced(g, "gat");
    assertThat(back.origin().id()).as("backward: the session by ARN and time").isEqualTo(ALICE.id());
    assertThat(g.path(ALICE.id(), SA3.id())).as("forward").isPresent();
  }

  /** Without any exchange logged, the backward slack (a token outlives the session) is not walked forward. */
  @Test
  void aFederatedHopWithinTheTokenLifetimeAfterTheSessionIsReached() {
    PrincipalGraph g = PrincipalGraph.create();
    g.add(assumeRole("ar", "2024-05-01T08:00:00Z", ALICE, CI_SUBJECT, "ASIAALICE").build()); // until 09:00
    g.add(generateAccessToken("gat", "2024-05-01T09:30:00Z", CI_FEDERATED, SA3).build());

    Attribution back = traced(g, "gat");
    assertThat(back.origin().id()).isEqualTo(ALICE.id());
    assertThat(g.path(ALICE.id(), SA3.id())).isPresent();
  }

  /** The creationDate names bob's AssumeRole exactly (rule 2); alice's switch holding claims it anyway. */
  @Test
  void aSwitchHoldingDoesNotTakeAHopWhoseCreationDateNamesAnotherIssuance() {
    PrincipalGraph g = PrincipalGraph.create();
    g.add(switchRole("sw", "2024-05-01T08:00:00Z", ALICE, SESSION).build());
    g.add(assumeRole("ar-bob", "2024-05-01T09:00:00Z", BOB, SESSION, "ASIABOB").build());
    g.add(assumeRole("ar-chain", "2024-05-01T09:10:00Z", SESSION, CHAINED, "ASIADEEP")
        .issuedAt("2024-05-01T09:00:00Z").build());

    Attribution back = traced(g, "ar-chain");
    assertThat(back.origin().id()).isEqualTo(BOB.id());
    assertThat(back.strength()).isEqualTo(Strength.EXACT);
    assertThat(g.path(ALICE.id(), CHAINED.id())).isEmpty();
  }

  /** Two switchers: backward cannot decide (inferred candidates), forward says asserted for each. */
  @Test
  void aRenewedConsoleCredentialWithTwoSwitchersIsNotAsserted() {
    PrincipalGraph g = PrincipalGraph.create();
    g.add(switchRole("sw-a", "2024-05-01T08:00:00Z", ALICE, SESSION).build());
    g.add(switchRole("sw-c", "2024-05-01T08:30:00Z", CAROL, SESSION).build());
    g.add(assumeRole("ar-chain", "2024-05-01T09:10:00Z", SESSION, CHAINED, "ASIADEEP")
        .issuedAt("2024-05-01T09:00:00Z").console().build());

    Attribution back = traced(g, "ar-chain");
    assertThat(back.ambiguous()).isTrue();
    assertThat(back.candidates()).extracting(Attribution::strength).containsOnly(Strength.INFERRED);
    assertThat(g.path(ALICE.id(), CHAINED.id())).get()
        .satisfies(p -> assertThat(p.strength()).as("no stronger than backward").isEqualTo(Strength.INFERRED));
  }

  /** Two issuances in the same second: creationDate names neither alone (backward ambiguous), forward says exact. */
  @Test
  void aCreationDateSharedByTwoIssuancesIsNotExact() {
    PrincipalGraph g = PrincipalGraph.create();
    g.add(assumeRole("ar-alice", "2024-05-01T08:00:00Z", ALICE, SESSION, "ASIAALICE").build());
    g.add(assumeRole("ar-bob", "2024-05-01T08:00:00Z", BOB, SESSION, "ASIABOB").build());
    g.add(assumeRole("ar-chain", "2024-05-01T08:10:00Z", SESSION, CHAINED, "ASIADEEP")
        .issuedAt("2024-05-01T08:00:00Z").build());

    Attribution back = traced(g, "ar-chain");
    assertThat(back.ambiguous()).isTrue();
    assertThat(g.path(ALICE.id(), CHAINED.id())).get()
        .satisfies(p -> assertThat(p.strength()).as("no stronger than backward").isNotEqualTo(Strength.EXACT));
  }

  /** path() matches the target by Ids.same: asking for the federated identity returns the AWS session. */
  @Test
  void aPathToTheFederatedIdentityNeedsAnExchange() {
    PrincipalGraph g = PrincipalGraph.create();
    g.add(assumeRole("ar-alice", "2024-05-01T08:00:00Z", ALICE, CI_SUBJECT, "ASIAALICE").build());
    g.add(assumeRole("ar-bob", "2024-05-01T10:00:00Z", BOB, CI_SUBJECT, "ASIABOB").build());
    g.add(exchangeToken("ex", "2024-05-01T10:30:00Z", CI_FEDERATED, CI_SUBJECT, CI_FEDERATED).build());
    g.add(generateAccessToken("gat", "2024-05-01T10:35:00Z", CI_FEDERATED, SA3).build());

    assertThat(traced(g, "gat").origin().id()).isEqualTo(BOB.id());
    assertThat(g.path(ALICE.id(), CI_FEDERATED.id())).as("only bob's session exchanged").isEmpty();
  }

  /**
   * Cost: exchanges naming only a role are shared by all its sessions; listed per session, K sessions and
   * E exchanges made K x E edges (9,000,000 here).
   */
  @Test
  void roleSubjectExchangesDoNotMakeTheWalkQuadratic() {
    int n = 3000;
    String roleArn = "arn:aws:iam::" + ACCT + ":role/Ci";
    Principal roleSubject = Principal.of(roleArn, dev.crosstrail.model.PrincipalKind.IAM_ROLE,
        dev.crosstrail.model.Cloud.AWS).withAccount(ACCT).withSourceType("principalSubject");
    Principal fed = federated("123456789012", "pool", roleArn);
    java.util.List<dev.crosstrail.model.AuditEvent> events = new java.util.ArrayList<>();
    java.time.Instant t0 = java.time.Instant.parse("2024-05-01T00:00:00Z");
    for (int i = 0; i < n; i++) { // one session per instance, one exchange a minute
      events.add(assumeRole("ar" + i, t0.plusSeconds(60L * i).toString(), ALICE, session(ACCT, "Ci", "i-" + i),
          "ASIA" + i).build());
      events.add(exchangeToken("ex" + i, t0.plusSeconds(60L * i + 30).toString(), fed, roleSubject, fed).build());
    }
    DefaultPrincipalGraph g = (DefaultPrincipalGraph) PrincipalGraph.create();
    g.addAll(events);
    g.path(ALICE.id(), SA3.id());

    assertThat(g.forwardEdges.sum()).as("edges listed").isLessThan(10L * n);
  }
}
