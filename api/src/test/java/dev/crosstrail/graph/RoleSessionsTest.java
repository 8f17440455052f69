package dev.crosstrail.graph;

import static dev.crosstrail.graph.Fx.assumeRole;
import static dev.crosstrail.graph.Fx.awsCall;
import static dev.crosstrail.graph.Fx.awsSubject;
import static dev.crosstrail.graph.Fx.bareArnOnGcp;
import static dev.crosstrail.graph.Fx.exchangeToken;
import static dev.crosstrail.graph.Fx.federated;
import static dev.crosstrail.graph.Fx.session;
import static dev.crosstrail.graph.Fx.switchRole;
import static dev.crosstrail.graph.Fx.traced;
import static dev.crosstrail.graph.Fx.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crosstrail.model.AuditEvent;
import dev.crosstrail.model.Principal;
import dev.crosstrail.model.PrincipalKind;
import dev.crosstrail.model.Strength;
import org.junit.jupiter.api.Test;

/** A role's sessions, and sessions named only by their ARN (rules 3 and 9). */
class RoleSessionsTest {

  static final String ACCT = "111111111111";

  /**
   * activity() for a role: "its sessions, whoever assumed it". A session of the role whose issuing record
   * is not in the logs (the us-east-1 trail was not collected) is still one of its sessions, and attribute
   * itself names the role as where the chain stops (ASSUME_ROLE role -> session, unknown). Its calls are
   * exactly what an analyst asking about the role must see; the forward walk only reaches sessions through
   * recorded issuances, so they are never candidates.
   */
  @Test
  void aRolesActivityListsTheCallsOfItsSessionsWhoseIssuanceIsMissing() {
    Principal issued = session(ACCT, "Deploy", "ci-1");
    Principal unissued = session(ACCT, "Deploy", "ci-2");
    PrincipalGraph g = PrincipalGraph.create();
    g.add(assumeRole("ar", "2024-05-01T10:00:00Z", user(ACCT, "bob"), issued, "ASIAONE").build());
    g.add(awsCall("c1", "2024-05-01T10:05:00Z", issued, "PutObject").key("ASIAONE").build());
    AuditEvent orphan = awsCall("c2", "2024-05-01T10:06:00Z", unissued, "DeleteObject").key("ASIATWO")
        .issuedAt("2024-05-01T09:59:00Z").build();
    g.add(orphan);

    Attribution a = Invariants.check(g.attribute(orphan));
    assertThat(a.origin().id()).as("attribute stops at the role").isEqualTo("arn:aws:iam::111111111111:role/Deploy");

    assertThat(g.activity("arn:aws:iam::111111111111:role/Deploy").actions())
        .extracting(r -> r.action().eventId()).containsExactlyInAnyOrder("c1", "c2");
  }

  /**
   * Rule 9 names a session only by its ARN: "several candidates: report all, inferred", and the resolver's
   * own comment for one issuance: "One candidate is still a match by ARN and time window, not by a key".
   * So a SwitchRole alone is inferred too: nothing more ties the exchange to it than to a lone issuance.
   */
  @Test
  void aSessionNamedOnlyByItsArnWithOnlyASwitchIsInferredLikeALoneIssuance() {
    Principal s = session(ACCT, "Admin", "ops");
    String arn = s.id();
    PrincipalGraph bySwitch = PrincipalGraph.create();
    bySwitch.add(switchRole("sw", "2024-05-01T08:00:00Z", user("222222222222", "ops"), s).build());
    bySwitch.add(exchangeToken("ex", "2024-05-01T08:40:00Z", bareArnOnGcp(arn), awsSubject(arn),
        federated("123456789012", "pool", arn)).build());
    PrincipalGraph byIssuance = PrincipalGraph.create();
    byIssuance.add(assumeRole("ar", "2024-05-01T08:30:00Z", user(ACCT, "bob"), s, "ASIABOB").build());
    byIssuance.add(exchangeToken("ex", "2024-05-01T08:40:00Z", bareArnOnGcp(arn), awsSubject(arn),
        federated("123456789012", "pool", arn)).build());

    Attribution issuance = traced(byIssuance, "ex");
    Attribution switched = traced(bySwitch, "ex");

    assertThat(issuance.strength()).isEqualTo(Strength.INFERRED);
    assertThat(switched.strength()).as("origin %s", switched.origin().id()).isEqualTo(Strength.INFERRED);
  }

  /** Who tried to become an identity and was refused, however the record names the target. */
  @Test
  void deniedAttemptsAreFoundByTheirTarget() {
    PrincipalGraph g = PrincipalGraph.create();
    g.add(Fx.aws("ar-denied", "2024-05-01T10:00:00Z", "sts.amazonaws.com", "AssumeRole", user(ACCT, "mallory"))
        .resource("arn:aws:iam::111111111111:role/service-role/Deploy").denied("AccessDenied").build());
    g.add(Fx.gcp("gat-denied", "2024-05-01T10:05:00Z", "iamcredentials.googleapis.com", "GenerateAccessToken",
        Fx.googleUser("mallory@example.com")).resource("projects/-/serviceAccounts/deploy@p.iam.gserviceaccount.com")
        .denied("7").build());

    assertThat(g.deniedAttemptsOn("arn:aws:iam::111111111111:role/Deploy")).extracting(d -> d.evidence().eventId())
        .containsExactly("ar-denied");
    assertThat(g.activity("arn:aws:iam::111111111111:role/Deploy").principal().kind())
        .as("a role known only from a denied attempt is still a role").isEqualTo(PrincipalKind.IAM_ROLE);
    assertThat(g.activity("serviceAccount:deploy@p.iam.gserviceaccount.com").deniedOn())
        .extracting(d -> d.evidence().eventId()).containsExactly("gat-denied");
    assertThat(g.activity("serviceAccount:deploy@p.iam.gserviceaccount.com").isEmpty()).isFalse();
  }

  /** A denied call that names the account only by its unique id is found once the id's email is known. */
  @Test
  void aDeniedAttemptOnAnAccountNamedByItsUniqueIdIsFoundUnderItsEmail() {
    String email = "target@p.iam.gserviceaccount.com";
    PrincipalGraph g = PrincipalGraph.builder()
        .directory(PrincipalDirectory.builder().serviceAccount("223344556677889900112", email).build()).build();
    g.add(Fx.gcp("gat-denied", "2024-05-01T10:05:00Z", "iamcredentials.googleapis.com", "GenerateAccessToken",
        Fx.googleUser("mallory@example.com")).resource("projects/-/serviceAccounts/223344556677889900112")
        .denied("7").build());

    assertThat(g.deniedAttemptsOn("serviceAccount:" + email)).extracting(d -> d.evidence().eventId())
        .containsExactly("gat-denied");
  }

  /** A mistaken argument says what was expected, instead of an empty answer or an internal message. */
  @Test
  void mistakenArgumentsAreRefusedWithWhatWasExpected() {
    PrincipalGraph g = PrincipalGraph.create();

    assertThatThrownBy(
            () -> g.sessions("arn:aws:sts::111111111111:assumed-role/Deploy/run-1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sessions takes a role's ARN")
        .hasMessageContaining("ask for arn:aws:iam::111111111111:role/Deploy");
    assertThatThrownBy(() -> g.activity(null))
        .isInstanceOf(NullPointerException.class).hasMessage("principalId");
    assertThatThrownBy(() -> g.trace(null))
        .isInstanceOf(NullPointerException.class).hasMessage("eventId");
  }
}
