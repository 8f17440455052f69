package dev.crosstrail.graph;

import static dev.crosstrail.graph.Fx.assumeRole;
import static dev.crosstrail.graph.Fx.awsCall;
import static dev.crosstrail.graph.Fx.generateAccessToken;
import static dev.crosstrail.graph.Fx.generateIdToken;
import static dev.crosstrail.graph.Fx.googleUser;
import static dev.crosstrail.graph.Fx.sa;
import static dev.crosstrail.graph.Fx.session;
import static dev.crosstrail.graph.Fx.user;
import static dev.crosstrail.graph.Fx.webIdentityLogin;
import static org.assertj.core.api.Assertions.assertThat;

import dev.crosstrail.model.Hop;
import dev.crosstrail.model.HopMechanism;
import dev.crosstrail.model.Principal;
import dev.crosstrail.model.Strength;
import org.junit.jupiter.api.Test;

/**
 * {@link PrincipalGraph#activity} and {@link PrincipalGraph#path} walk forward in time: a credential leads
 * on only while it is valid, and a session's next hop counts as the walker's only when the record shows
 * the walker's credential (its access key, or the session's creationDate).
 */
class ForwardInTimeTest {

  static final String ACCT = "111111111111";
  static final String SA_EMAIL = "kawanago-crosscloud-test-1@my-gcp-project.iam.gserviceaccount.com";
  static final String SA_UID = "100000000000000000001";
  static final Principal ALICE = user(ACCT, "alice");
  static final Principal BOB = user(ACCT, "bob");
  static final Principal DEV = googleUser("dev@example.com");
  static final Principal SESSION = session(ACCT, "Shared", "ops");
  static final Principal CHAINED = session(ACCT, "Deep", "ops");
  static final Principal WEB_SESSION = session(ACCT, "kawanago-crosscloud-test", "gcp-sa1-session");

  static boolean derives(Activity a, String id) {
    return a.derived().stream().anyMatch(p -> p.end().id().equals(id));
  }

  /** Rule 8 forward: an ID token minted four hours before the AssumeRoleWithWebIdentity had expired. */
  @Test
  void anExpiredIdTokenLeadsNowhere() {
    PrincipalGraph g = PrincipalGraph.create();
    g.add(generateIdToken("gen-old", "2024-05-01T06:00:00Z", DEV, sa(SA_EMAIL, SA_UID), SA_UID).build());
    g.add(webIdentityLogin("awi-1", "2024-05-01T10:00:00Z", SA_UID, WEB_SESSION, "ASIAGCP1", SA_UID).build());

    Activity dev = g.activity(DEV.id());
    assertThat(derives(dev, "serviceAccount:" + SA_EMAIL)).isTrue();
    assertThat(derives(dev, WEB_SESSION.id())).as("derived %s", dev.derived()).isFalse();
    assertThat(g.path(DEV.id(), WEB_SESSION.id())).isEmpty();

    // the account itself, held at any time, still became the session, exactly
    assertThat(g.path("serviceAccount:" + SA_EMAIL, WEB_SESSION.id())).get()
        .satisfies(p -> assertThat(p.strength()).isEqualTo(Strength.EXACT));
  }

  /** Within the token's hour the session is reached, but only by time: another holder of the account could have. */
  @Test
  void aLiveIdTokenLeadsOnInferred() {
    PrincipalGraph g = PrincipalGraph.create();
    g.add(generateIdToken("gen-1", "2024-05-01T09:40:00Z", DEV, sa(SA_EMAIL, SA_UID), SA_UID).build());
    g.add(webIdentityLogin("awi-1", "2024-05-01T10:00:00Z", SA_UID, WEB_SESSION, "ASIAGCP1", SA_UID).build());

    IdentityPath p = g.path(DEV.id(), WEB_SESSION.id()).orElseThrow();
    assertThat(p.hops()).extracting(Hop::mechanism).containsExactly(HopMechanism.GENERATE_ID_TOKEN,
        HopMechanism.SAME_IDENTITY, HopMechanism.ASSUME_ROLE_WITH_WEB_IDENTITY);
    assertThat(p.strength()).isEqualTo(Strength.INFERRED);
    // where trace puts it (Resolver.webIdentity): the token minted is what is inferred to be the one presented
    assertThat(p.hops()).extracting(Hop::strength).containsExactly(Strength.INFERRED, Strength.EXACT, Strength.EXACT);
    assertThat(p.hops().get(0).reason()).hasValueSatisfying(r -> assertThat(r).contains("awi-1"));
    // the account itself, reached by the same token, stays exact: that the token was minted is a fact
    assertThat(g.path(DEV.id(), "serviceAccount:" + SA_EMAIL)).get()
        .satisfies(sa -> assertThat(sa.strength()).isEqualTo(Strength.EXACT));
  }

  /** An ID token for another audience cannot have been presented. */
  @Test
  void anIdTokenForAnotherAudienceLeadsNowhere() {
    PrincipalGraph g = PrincipalGraph.create();
    g.add(generateIdToken("gen-1", "2024-05-01T09:40:00Z", DEV, sa(SA_EMAIL, SA_UID), "https://other.example")
        .build());
    g.add(webIdentityLogin("awi-1", "2024-05-01T10:00:00Z", SA_UID, WEB_SESSION, "ASIAGCP1", "sts.amazonaws.com")
        .build());

    assertThat(g.path(DEV.id(), WEB_SESSION.id())).isEmpty();
  }

  /**
   * Two issuances of one session ARN (alice's, then bob's); the chained AssumeRole shows bob's key. It is
   * bob's, not alice's, although both held "the session".
   */
  @Test
  void aChainedHopMadeWithAnotherIssuancesKeyIsNotFollowed() {
    PrincipalGraph g = PrincipalGraph.create();
    g.add(assumeRole("ar-alice", "2024-05-01T08:00:00Z", ALICE, SESSION, "ASIAALICE").build());
    g.add(assumeRole("ar-bob", "2024-05-01T08:30:00Z", BOB, SESSION, "ASIABOB").build());
    g.add(assumeRole("ar-chain", "2024-05-01T08:40:00Z", SESSION, CHAINED, "ASIADEEP").key("ASIABOB").build());

    assertThat(derives(g.activity(ALICE.id()), CHAINED.id())).isFalse();
    assertThat(g.path(ALICE.id(), CHAINED.id())).isEmpty();
    assertThat(g.path(BOB.id(), CHAINED.id())).get()
        .satisfies(p -> assertThat(p.strength()).isEqualTo(Strength.EXACT));
    assertThat(g.activity(ALICE.id()).actions()).extracting(r -> r.action().eventId()).containsExactly("ar-alice");
  }

  /** The same, told by creationDate (rule 2) instead of the key. */
  @Test
  void aChainedHopOfAnotherIssuanceToldByCreationDateIsNotFollowed() {
    PrincipalGraph g = PrincipalGraph.create();
    g.add(assumeRole("ar-alice", "2024-05-01T08:00:00Z", ALICE, SESSION, "ASIAALICE").build());
    g.add(assumeRole("ar-bob", "2024-05-01T08:30:00Z", BOB, SESSION, "ASIABOB").build());
    g.add(assumeRole("ar-chain", "2024-05-01T08:40:00Z", SESSION, CHAINED, "ASIADEEP")
        .issuedAt("2024-05-01T08:30:00Z").build());

    assertThat(g.path(ALICE.id(), CHAINED.id())).isEmpty();
    assertThat(g.path(BOB.id(), CHAINED.id())).get()
        .satisfies(p -> assertThat(p.strength()).isEqualTo(Strength.EXACT));
  }

  /** With nothing in the record to tell the issuances apart, both lead on, inferred. */
  @Test
  void aChainedHopThatShowsNoCredentialIsInferredForEveryLiveIssuance() {
    PrincipalGraph g = PrincipalGraph.create();
    g.add(assumeRole("ar-alice", "2024-05-01T08:00:00Z", ALICE, SESSION, "ASIAALICE").build());
    g.add(assumeRole("ar-bob", "2024-05-01T08:30:00Z", BOB, SESSION, "ASIABOB").build());
    g.add(assumeRole("ar-chain", "2024-05-01T08:40:00Z", SESSION, CHAINED, "ASIADEEP").build());

    for (Principal who : new Principal[] {ALICE, BOB}) {
      IdentityPath p = g.path(who.id(), CHAINED.id()).orElseThrow();
      assertThat(p.strength()).as(who.id()).isEqualTo(Strength.INFERRED);
      // as trace shows it: the issuance is what is inferred to stand behind the chained hop
      assertThat(p.hops().get(0).strength()).isEqualTo(Strength.INFERRED);
      assertThat(p.hops().get(0).reason()).hasValueSatisfying(r -> assertThat(r).contains("ar-chain")
          .contains("another holder"));
      assertThat(p.hops().get(1).strength()).isEqualTo(Strength.EXACT);
    }
  }

  /** A session's hop after its credential expired is not the session holder's doing. */
  @Test
  void aHopAfterTheCredentialExpiredIsNotFollowed() {
    PrincipalGraph g = PrincipalGraph.create();
    g.add(assumeRole("ar-alice", "2024-05-01T08:00:00Z", ALICE, SESSION, "ASIAALICE").build()); // valid 1 h
    g.add(assumeRole("ar-chain", "2024-05-01T11:00:00Z", SESSION, CHAINED, "ASIADEEP").build());

    assertThat(g.path(ALICE.id(), CHAINED.id())).isEmpty();
    assertThat(g.path(SESSION.id(), CHAINED.id())).isPresent();
  }

  /** A key-verified chain stays exact end to end, and the chained session's calls are in the activity. */
  @Test
  void aKeyVerifiedChainStaysExact() {
    PrincipalGraph g = PrincipalGraph.create();
    g.add(assumeRole("ar-alice", "2024-05-01T08:00:00Z", ALICE, SESSION, "ASIAALICE").build());
    g.add(assumeRole("ar-chain", "2024-05-01T08:10:00Z", SESSION, CHAINED, "ASIADEEP").key("ASIAALICE").build());
    g.add(awsCall("s3-1", "2024-05-01T08:20:00Z", CHAINED, "ListBuckets").key("ASIADEEP").build());

    Activity a = g.activity(ALICE.id());
    assertThat(a.derived()).filteredOn(p -> p.end().id().equals(CHAINED.id())).singleElement()
        .satisfies(p -> assertThat(p.strength()).isEqualTo(Strength.EXACT));
    assertThat(a.actions()).extracting(r -> r.action().eventId()).contains("s3-1");
  }

  /** An access token leads on to the account's own impersonations only while it is valid. */
  @Test
  void anAccessTokenLeadsOnWhileValid() {
    Principal sa2 = sa("second@my-gcp-project.iam.gserviceaccount.com");
    Principal sa3 = sa("third@my-gcp-project.iam.gserviceaccount.com");
    PrincipalGraph g = PrincipalGraph.create();
    g.add(generateAccessToken("gat-1", "2024-05-01T08:00:00Z", DEV, sa(SA_EMAIL)).build());
    g.add(generateAccessToken("gat-2", "2024-05-01T08:30:00Z", sa(SA_EMAIL), sa2).build());
    g.add(generateAccessToken("gat-3", "2024-05-01T12:00:00Z", sa(SA_EMAIL), sa3).build());

    Activity a = g.activity(DEV.id());
    assertThat(derives(a, sa2.id())).isTrue();
    assertThat(derives(a, sa3.id())).isFalse();
  }

  /** A console session's renewed credentials are still the switcher's; credentials older than the switch are not. */
  @Test
  void aConsoleSessionLeadsOnWithRenewedCredentials() {
    Principal console = session("999999999999", "Admin", "alice");
    PrincipalGraph g = PrincipalGraph.create();
    g.add(Fx.switchRole("sw", "2024-05-01T10:00:00Z", ALICE, console).build());
    g.add(assumeRole("ar-renewed", "2024-05-01T11:30:00Z", console, CHAINED, "ASIADEEP")
        .issuedAt("2024-05-01T11:00:00Z").console().build());
    g.add(assumeRole("ar-older", "2024-05-01T11:40:00Z", console, session(ACCT, "Other", "x"), "ASIAOTHER")
        .issuedAt("2024-05-01T09:00:00Z").console().build());

    assertThat(g.path(ALICE.id(), CHAINED.id())).get()
        .satisfies(p -> assertThat(p.strength()).isEqualTo(Strength.ASSERTED));
    assertThat(g.path(ALICE.id(), session(ACCT, "Other", "x").id())).isEmpty();
  }

  /** What a role did is what was done through its sessions, whoever assumed it. */
  @Test
  void aRolesActivityIsWhatItsSessionsDid() {
    Principal role = Principal.of("arn:aws:iam::111111111111:role/Shared", dev.crosstrail.model.PrincipalKind.IAM_ROLE,
        dev.crosstrail.model.Cloud.AWS);
    PrincipalGraph g = PrincipalGraph.create();
    g.add(assumeRole("ar-alice", "2024-05-01T08:00:00Z", ALICE, SESSION, "ASIAALICE").build());
    g.add(Fx.switchRole("sw-bob", "2024-05-01T09:00:00Z", BOB, session(ACCT, "Shared", "bob")).build());
    g.add(awsCall("s3-a", "2024-05-01T08:10:00Z", SESSION, "ListBuckets").key("ASIAALICE").build());
    g.add(awsCall("s3-b", "2024-05-01T09:10:00Z", session(ACCT, "Shared", "bob"), "ListBuckets").key("ASIACON")
        .issuedAt("2024-05-01T09:00:00Z").console().build());
    g.add(awsCall("other", "2024-05-01T09:10:00Z", CHAINED, "ListBuckets").key("ASIAX").build());

    Activity a = g.activity(role.id());

    assertThat(a.derived()).extracting(p -> p.end().id())
        .containsExactlyInAnyOrder(SESSION.id(), session(ACCT, "Shared", "bob").id());
    // the SwitchRole record is the switched session's first call
    assertThat(a.actions()).extracting(r -> r.action().eventId()).containsExactlyInAnyOrder("s3-a", "sw-bob", "s3-b");
    assertThat(a.actions()).allSatisfy(r -> assertThat(r.path().start().id()).isEqualTo(role.id()));
    assertThat(g.path(role.id(), SESSION.id())).get()
        .satisfies(p -> assertThat(p.hops().get(0).reason()).hasValueSatisfying(
            why -> assertThat(why).contains("issued to " + ALICE.id())));
  }
}
