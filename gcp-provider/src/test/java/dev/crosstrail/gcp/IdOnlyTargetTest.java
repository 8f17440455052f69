package dev.crosstrail.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crosstrail.graph.Attribution;
import dev.crosstrail.graph.PrincipalDirectory;
import dev.crosstrail.graph.PrincipalGraph;
import dev.crosstrail.model.AuditEvent;
import dev.crosstrail.model.Cloud;
import dev.crosstrail.model.Evidence;
import dev.crosstrail.model.Hop;
import dev.crosstrail.model.HopMechanism;
import dev.crosstrail.model.PrincipalKind;
import dev.crosstrail.model.RecordLocation;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * An impersonation entry that names the service account only by its 21-digit unique id: the target
 * must not look like {@code serviceAccount:EMAIL}, and must not teach the graph the id as an email;
 * once a directory names the id, the graph follows the token to the account's calls.
 */
class IdOnlyTargetTest {

  private static final String ID_ONLY = """
      {"insertId":"io-1","logName":"projects/my-project/logs/cloudaudit.googleapis.com%2Fdata_access",\
      "timestamp":"2024-05-01T10:00:00Z","protoPayload":{"@type":"type.googleapis.com/google.cloud.audit.AuditLog",\
      "authenticationInfo":{"principalEmail":"ci@my-project.iam.gserviceaccount.com"},\
      "serviceName":"iamcredentials.googleapis.com",\
      "methodName":"google.iam.credentials.v1.IAMCredentials.GenerateAccessToken",\
      "resourceName":"projects/-/serviceAccounts/111111111111111111111",\
      "request":{"name":"projects/-/serviceAccounts/111111111111111111111"}},\
      "resource":{"type":"service_account","labels":{"project_id":"my-project"}}}""";

  @Test
  void targetKnownOnlyByUniqueIdKeepsGcpsResourceFormWithoutAUniqueId() {
    AuditEvent e = CloudAuditLogs.normalize(ID_ONLY, new RecordLocation("mem", 0, 1, 0));

    assertThat(e.hops()).singleElement().satisfies(h -> {
      assertThat(h.mechanism()).isEqualTo(HopMechanism.GENERATE_ACCESS_TOKEN);
      assertThat(h.from().id()).isEqualTo("serviceAccount:ci@my-project.iam.gserviceaccount.com");
      assertThat(h.to().id()).isEqualTo("projects/-/serviceAccounts/111111111111111111111");
      assertThat(h.to().id()).doesNotStartWith("serviceAccount:");
      assertThat(h.to().kind()).isEqualTo(PrincipalKind.SERVICE_ACCOUNT);
      assertThat(h.to().cloud()).isEqualTo(Cloud.GCP);
      assertThat(h.to().account()).contains("my-project");
      // empty on purpose: the graph would learn "111111111111111111111 -> projects/-/serviceAccounts/…" as an email
      assertThat(h.to().uniqueId()).isEmpty();
      assertThat(h.to().sourceType()).contains("resourceName");
      assertThat(h.validUntil()).contains(Instant.parse("2024-05-01T11:00:00Z"));
    });
  }

  /** A call by deployer@ on a token ci@ obtained (serviceAccountDelegationInfo), two minutes later. */
  private static final String DELEGATED_CALL = """
      {"insertId":"io-2","logName":"projects/my-project/logs/cloudaudit.googleapis.com%2Factivity",\
      "timestamp":"2024-05-01T10:02:00Z","protoPayload":{"@type":"type.googleapis.com/google.cloud.audit.AuditLog",\
      "authenticationInfo":{"principalEmail":"deployer@my-project.iam.gserviceaccount.com",\
      "serviceAccountDelegationInfo":[{"firstPartyPrincipal":{"principalEmail":"ci@my-project.iam.gserviceaccount.com"}}]},\
      "serviceName":"compute.googleapis.com","methodName":"v1.compute.instances.delete",\
      "resourceName":"projects/my-project/zones/us-central1-a/instances/web-1"},\
      "resource":{"type":"gce_instance","labels":{"project_id":"my-project"}}}""";

  @Test
  void theGraphFollowsTheTokenOnceADirectoryNamesTheUniqueId() {
    // ci@ obtains a token for the account known only as 111…; deployer@'s call names ci@ as its delegate
    AuditEvent token = CloudAuditLogs.normalize(ID_ONLY, new RecordLocation("mem", 0, 1, 0));
    AuditEvent call = CloudAuditLogs.normalize(DELEGATED_CALL, new RecordLocation("mem", 1, 1, 0));
    PrincipalGraph withoutDirectory = PrincipalGraph.create();
    withoutDirectory.add(token);
    withoutDirectory.add(call);
    assertThat(withoutDirectory.trace("io-2").orElseThrow().hops()).extracting(Hop::mechanism)
        .containsExactly(HopMechanism.SERVICE_ACCOUNT_DELEGATION);

    PrincipalGraph g = PrincipalGraph.builder().directory(PrincipalDirectory.builder()
        .serviceAccount("111111111111111111111", "deployer@my-project.iam.gserviceaccount.com").build()).build();
    g.add(token);
    g.add(call);
    Attribution a = g.trace("io-2").orElseThrow();
    assertThat(a.origin().id()).isEqualTo("serviceAccount:ci@my-project.iam.gserviceaccount.com");
    assertThat(a.hops()).singleElement().satisfies(h -> {
      assertThat(h.mechanism()).isEqualTo(HopMechanism.GENERATE_ACCESS_TOKEN);
      assertThat(h.to().id()).isEqualTo("serviceAccount:deployer@my-project.iam.gserviceaccount.com");
      assertThat(h.evidence()).extracting(Evidence::eventId).containsExactly("io-1");
    });
  }

  @Test
  void withTheEmailLoggedTheTargetIsTheEmailAndCarriesTheUniqueId() {
    String withEmail = ID_ONLY.replace("\"labels\":{\"project_id\":\"my-project\"}",
        "\"labels\":{\"project_id\":\"my-project\",\"email_id\":\"deployer@my-project.iam.gserviceaccount.com\"}");

    AuditEvent e = CloudAuditLogs.normalize(withEmail, new RecordLocation("mem", 0, 1, 0));

    assertThat(e.hops()).singleElement().satisfies(h -> {
      assertThat(h.to().id()).isEqualTo("serviceAccount:deployer@my-project.iam.gserviceaccount.com");
      assertThat(h.to().uniqueId()).contains("111111111111111111111");
    });
  }
}
