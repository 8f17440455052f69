package dev.crosstrail.gcp;

import static dev.crosstrail.gcp.Fixtures.normalizeDocExample;
import static dev.crosstrail.gcp.Fixtures.normalizeFile;
import static dev.crosstrail.gcp.Fixtures.normalizeLine;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crosstrail.io.MalformedRecordException;
import dev.crosstrail.model.AuditEvent;
import dev.crosstrail.model.Cloud;
import dev.crosstrail.model.Credential;
import dev.crosstrail.model.CredentialKind;
import dev.crosstrail.model.Hop;
import dev.crosstrail.model.HopMechanism;
import dev.crosstrail.model.PrincipalKind;
import dev.crosstrail.model.RecordLocation;
import dev.crosstrail.model.ResourceRef;
import dev.crosstrail.model.Strength;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Hand-written expectations for single entries, from the fixtures and from text blocks. */
class NormalizerTest {

  private static final String PLASO = "gcp/plaso/gcp_logging.jsonl";
  private static final String SA = "my-service-account@my-project.iam.gserviceaccount.com";

  @Test
  void principalEmailOfAPersonIsAGoogleUser() {
    AuditEvent e = normalizeLine(PLASO, 6);

    assertThat(e.cloud()).isEqualTo(Cloud.GCP);
    assertThat(e.id()).isEqualTo("mraniadjjli");
    assertThat(e.time()).isEqualTo(Instant.parse("2021-10-19T02:42:22.986298Z"));
    assertThat(e.service()).isEqualTo("compute.googleapis.com");
    assertThat(e.operation()).isEqualTo("beta.compute.instances.insert");
    assertThat(e.actor().id()).isEqualTo("user:fakeemailxyz@gmail.com");
    assertThat(e.actor().kind()).isEqualTo(PrincipalKind.GOOGLE_USER);
    assertThat(e.actor().sourceType()).contains("principalEmail");
    assertThat(e.account()).contains("fake-project");
    assertThat(e.category()).contains("activity");
    assertThat(e.region()).contains("us-central1-a");
    assertThat(e.sourceIp()).contains("1.1.1.1");
    assertThat(e.userAgent()).contains("UserAgent");
    assertThat(e.resources()).containsExactly(new ResourceRef(
        "projects/fake-project/zones/us-central1-a/instances/instance-1", Optional.of("gce_instance"),
        Optional.of("fake-project")));
    assertThat(e.outcome().success()).isTrue();
    assertThat(e.identityEstablishing()).isFalse();
    assertThat(e.hops()).isEmpty();
    assertThat(e.credential()).isEmpty();
  }

  @Test
  void principalEmailOfAServiceAccountWithAKey() {
    AuditEvent e = normalizeFile("gcp/google-cloudevents/LogEntryData-pubsubCreateTopic.json");

    assertThat(e.actor().id()).isEqualTo("serviceAccount:robot@test-project.iam.gserviceaccount.com");
    assertThat(e.actor().kind()).isEqualTo(PrincipalKind.SERVICE_ACCOUNT);
    assertThat(e.actor().account()).contains("test-project");
    assertThat(e.credential()).contains(Credential.of(CredentialKind.GCP_SERVICE_ACCOUNT_KEY,
        "//iam.googleapis.com/projects/test-project/serviceAccounts/robot@test-project.iam.gserviceaccount.com/keys/"
            + "90f662482321f1ca8e82ea675b1a1c30c1fe681f"));
    assertThat(e.time()).isEqualTo(Instant.parse("2020-06-30T16:14:47.593398572Z"));
    assertThat(e.hops()).isEmpty();
  }

  @Test
  void serviceAccountKeyNameFromTheDocs() {
    AuditEvent e = normalizeDocExample(
        "gcp/gcp-docs/examples-service-accounts/03_redis_CreateInstance_serviceAccountKeyName.json", "k1",
        "2024-05-01T10:00:00Z");

    assertThat(e.actor().id()).isEqualTo("serviceAccount:" + SA);
    assertThat(e.credential().get().kind()).isEqualTo(CredentialKind.GCP_SERVICE_ACCOUNT_KEY);
    assertThat(e.credential().get().id()).contains("//iam.googleapis.com/projects/my-project/serviceAccounts/"
        + SA + "/keys/c71e040fb4b71d798ce4baca14e15ab62115aaef");
    // The docs' entry has no serviceName and no resource: the gRPC package of the method names the API.
    assertThat(e.operation()).isEqualTo("google.cloud.redis.v1.CloudRedis.CreateInstance");
    assertThat(e.service()).isEqualTo("redis.googleapis.com");
  }

  @Test
  void delegationWithOneHopChainsTheUserToTheServiceAccount() {
    AuditEvent e = normalizeDocExample(
        "gcp/gcp-docs/examples-service-accounts/02_pubsub_CreateTopic_delegation_firstPartyPrincipal.json", "d1",
        "2024-05-01T10:00:00Z");

    assertThat(e.actor().id()).isEqualTo("serviceAccount:" + SA);
    assertThat(e.hops()).hasSize(1);
    Hop h = e.hops().get(0);
    assertThat(h.mechanism()).isEqualTo(HopMechanism.SERVICE_ACCOUNT_DELEGATION);
    assertThat(h.from().id()).isEqualTo("user:example-user@example.com");
    assertThat(h.to().id()).isEqualTo("serviceAccount:" + SA);
    assertThat(h.strength()).isEqualTo(Strength.ASSERTED);
    assertThat(h.reason()).isPresent();
    assertThat(h.evidence()).containsExactly(e.evidence());
  }

  @Test
  void delegationWithSeveralHopsKeepsTheOriginalOrder() {
    AuditEvent e = normalizeLine(PLASO, 10);

    assertThat(e.actor().id()).isEqualTo("user:fake-account@fake-project.com");
    assertThat(e.hops()).extracting(h -> h.from().id() + " -> " + h.to().id()).containsExactly(
        "user:service-account-one@fake-project.com -> user:service-account-two@fake-project.com",
        "user:service-account-two@fake-project.com -> user:fake-account@fake-project.com");
    assertThat(e.hops()).allSatisfy(h -> {
      assertThat(h.mechanism()).isEqualTo(HopMechanism.SERVICE_ACCOUNT_DELEGATION);
      assertThat(h.evidence().get(0).eventId()).isEqualTo("-duywnve29mpi");
    });
    assertThat(e.region()).contains("us-central1-b");
  }

  @Test
  void failedCallThroughDelegationIsAFailureWithItsCodeAndName() {
    AuditEvent e = normalizeLine(PLASO, 11);

    assertThat(e.outcome().success()).isFalse();
    assertThat(e.outcome().errorCode()).contains("7");
    assertThat(e.outcome().errorMessage()).contains(
        "PERMISSION_DENIED: Permission \"iam.serviceAccounts.create\" denied on resource (or it may not exist).");
    assertThat(e.account()).contains("ketchup");
    assertThat(e.hops()).singleElement().satisfies(h -> {
      assertThat(h.from().id()).isEqualTo("serviceAccount:service-1234567890@compute-system.iam.gserviceaccount.com");
      assertThat(h.from().account()).isEmpty();
      assertThat(h.to().id()).isEqualTo("serviceAccount:dvwa-service-account@ketchup.iam.gserviceaccount.com");
    });
  }

  @Test
  void delegationByAFederatedPrincipalSubject() {
    AuditEvent e = normalizeDocExample("gcp/gcp-docs/examples-workload-identity/md-copy/"
        + "03_pubsub_CreateTopic_delegation_principalSubject_aws_role_arn.json", "d2", "2024-05-01T10:00:00Z");

    assertThat(e.hops()).singleElement().satisfies(h -> {
      assertThat(h.from().id()).isEqualTo("principal://iam.googleapis.com/projects/1234567890123/locations/global/"
          + "workloadIdentityPools/aws-pool/subject/arn:aws:iam::123456789012:role/my-role");
      assertThat(h.from().kind()).isEqualTo(PrincipalKind.FEDERATED_PRINCIPAL);
      assertThat(h.to().id()).isEqualTo("serviceAccount:" + SA);
    });
  }

  @Test
  void createServiceAccountMapsTheUniqueIdToTheEmail() {
    AuditEvent e = normalizeLine(PLASO, 5);

    assertThat(e.operation()).isEqualTo("google.iam.admin.v1.CreateServiceAccount");
    assertThat(e.resources()).extracting(ResourceRef::id).containsExactly("projects/fake-project",
        "projects/-/serviceAccounts/test-1@fake-project.iam.gserviceaccount.com",
        "projects/-/serviceAccounts/103128253349260544953");
    assertThat(e.namedPrincipals()).singleElement().satisfies(p -> {
      assertThat(p.id()).isEqualTo("serviceAccount:test-1@fake-project.iam.gserviceaccount.com");
      assertThat(p.kind()).isEqualTo(PrincipalKind.SERVICE_ACCOUNT);
      assertThat(p.uniqueId()).contains("103128253349260544953");
    });
    assertThat(e.identityEstablishing()).isFalse();
  }

  @Test
  void generateAccessTokenByAUser() {
    AuditEvent e = normalizeDocExample(
        "gcp/gcp-docs/examples-service-accounts/01_iamcredentials_GenerateAccessToken_user_principalEmail.json",
        "g1", "2024-05-01T10:00:00Z");

    assertThat(e.identityEstablishing()).isTrue();
    assertThat(e.category()).contains("data_access");
    Hop h = e.hops().get(0);
    assertThat(e.hops()).hasSize(1);
    assertThat(h.mechanism()).isEqualTo(HopMechanism.GENERATE_ACCESS_TOKEN);
    assertThat(h.from().id()).isEqualTo("user:example-user@example.com");
    assertThat(h.to().id()).isEqualTo("serviceAccount:" + SA);
    assertThat(h.to().uniqueId()).contains("123456789012345678901");
    assertThat(h.to().account()).contains("my-project");
    assertThat(h.strength()).isEqualTo(Strength.EXACT);
    assertThat(h.issued()).contains(Credential.ofKind(CredentialKind.GCP_ACCESS_TOKEN));
    assertThat(h.validFrom()).isEqualTo(Instant.parse("2024-05-01T10:00:00Z"));
    assertThat(h.validUntil()).contains(Instant.parse("2024-05-01T11:00:00Z"));
  }

  @Test
  void generateAccessTokenByAFederatedPrincipal() {
    AuditEvent e = normalizeDocExample("gcp/gcp-docs/examples-workload-identity/"
        + "02_iamcredentials_GenerateAccessToken_federated_aws-pool.json", "g2", "2024-05-01T10:00:00Z");

    String federated = "principal://iam.googleapis.com/projects/1234567890123/locations/global/"
        + "workloadIdentityPools/aws-pool/subject/012345678901";
    assertThat(e.actor().id()).isEqualTo(federated);
    assertThat(e.actor().kind()).isEqualTo(PrincipalKind.FEDERATED_PRINCIPAL);
    assertThat(e.actor().sourceType()).contains("principalSubject");
    // no serviceName in this example: the short method name and resource type still make it iamcredentials
    assertThat(e.hops()).singleElement().satisfies(h -> {
      assertThat(h.mechanism()).isEqualTo(HopMechanism.GENERATE_ACCESS_TOKEN);
      assertThat(h.from().id()).isEqualTo(federated);
      assertThat(h.to().id()).isEqualTo("serviceAccount:" + SA);
      assertThat(h.to().uniqueId()).contains("123456789012345678901");
    });
  }

  private static final String IAMCREDENTIALS_TEMPLATE = """
      {
        "insertId": "ic-1",
        "logName": "projects/my-project/logs/cloudaudit.googleapis.com%2Fdata_access",
        "timestamp": "2024-05-01T10:00:00Z",
        "protoPayload": {
          "@type": "type.googleapis.com/google.cloud.audit.AuditLog",
          "status": STATUS,
          "authenticationInfo": {"principalEmail": "ci@my-project.iam.gserviceaccount.com"},
          "serviceName": "iamcredentials.googleapis.com",
          "methodName": "google.iam.credentials.v1.IAMCredentials.METHOD",
          "resourceName": "projects/-/serviceAccounts/111111111111111111111",
          "request": {
            "@type": "type.googleapis.com/google.iam.credentials.v1.METHODRequest",
            "name": "projects/-/serviceAccounts/deployer@my-project.iam.gserviceaccount.com",
            "audience": "sts.amazonaws.com"
          },
          "response": RESPONSE
        },
        "resource": {
          "type": "service_account",
          "labels": {"project_id": "my-project", "unique_id": "111111111111111111111",
                     "email_id": "deployer@my-project.iam.gserviceaccount.com"}
        }
      }
      """;

  private static AuditEvent iamCredentials(String method, String status, String response) {
    String json = IAMCREDENTIALS_TEMPLATE.replace("METHOD", method).replace("STATUS", status)
        .replace("RESPONSE", response);
    return CloudAuditLogs.normalize(json, Fixtures.at(method));
  }

  @Test
  void generateIdTokenCarriesTheAudience() {
    AuditEvent e = iamCredentials("GenerateIdToken", "{}", "{}");

    Hop h = e.hops().get(0);
    assertThat(h.mechanism()).isEqualTo(HopMechanism.GENERATE_ID_TOKEN);
    assertThat(h.from().id()).isEqualTo("serviceAccount:ci@my-project.iam.gserviceaccount.com");
    assertThat(h.to().id()).isEqualTo("serviceAccount:deployer@my-project.iam.gserviceaccount.com");
    assertThat(h.to().uniqueId()).contains("111111111111111111111");
    assertThat(h.audience()).contains("sts.amazonaws.com");
    assertThat(h.issued()).contains(Credential.ofKind(CredentialKind.GCP_ID_TOKEN));
    assertThat(h.validUntil()).contains(Instant.parse("2024-05-01T11:00:00Z"));
  }

  /** The caller may spell the account its own way in request.name; the resource label is GCP's spelling. */
  @Test
  void theTargetIsNamedAsTheResourceLabelSpellsIt() {
    String json = IAMCREDENTIALS_TEMPLATE.replace("METHOD", "GenerateAccessToken").replace("STATUS", "{}")
        .replace("RESPONSE", "{}").replace("\"projects/-/serviceAccounts/deployer@my-project.iam.gserviceaccount.com\"",
            "\"projects/-/serviceAccounts/Deployer@My-Project.iam.gserviceaccount.com\"");
    AuditEvent e = CloudAuditLogs.normalize(json, Fixtures.at("mixed-case"));

    assertThat(e.hops().get(0).to().id()).isEqualTo("serviceAccount:deployer@my-project.iam.gserviceaccount.com");
  }

  @Test
  void generateAccessTokenUsesTheLoggedExpireTime() {
    AuditEvent e = iamCredentials("GenerateAccessToken", "{}", """
        {"@type": "type.googleapis.com/google.iam.credentials.v1.GenerateAccessTokenResponse",
         "expireTime": "2024-05-01T10:15:00Z"}""");

    assertThat(e.hops()).singleElement().satisfies(h -> {
      assertThat(h.validUntil()).contains(Instant.parse("2024-05-01T10:15:00Z"));
      assertThat(h.audience()).isEmpty();
    });
  }

  @Test
  void signJwtAndSignBlob() {
    AuditEvent jwt = iamCredentials("SignJwt", "{}", "{}");
    AuditEvent blob = iamCredentials("SignBlob", "{}", "{}");

    assertThat(jwt.hops()).singleElement().satisfies(h -> {
      assertThat(h.mechanism()).isEqualTo(HopMechanism.SIGN_JWT);
      assertThat(h.issued()).contains(Credential.ofKind(CredentialKind.GCP_SIGNED_JWT));
      assertThat(h.validUntil()).contains(Instant.parse("2024-05-01T11:00:00Z"));
    });
    assertThat(blob.hops()).singleElement().satisfies(h -> {
      assertThat(h.mechanism()).isEqualTo(HopMechanism.SIGN_BLOB);
      assertThat(h.to().id()).isEqualTo("serviceAccount:deployer@my-project.iam.gserviceaccount.com");
      assertThat(h.validUntil()).isEmpty();
    });
    assertThat(jwt.identityEstablishing()).isTrue();
  }

  @Test
  void aFailedGenerateAccessTokenIsIdentityEstablishingButEmitsNoHop() {
    AuditEvent e = iamCredentials("GenerateAccessToken",
        "{\"code\": 7, \"message\": \"Permission 'iam.serviceAccounts.getAccessToken' denied\"}", "{}");

    assertThat(e.identityEstablishing()).isTrue();
    assertThat(e.hops()).isEmpty();
    assertThat(e.outcome().errorCode()).contains("7");
    assertThat(e.outcome().errorMessage().get()).startsWith("PERMISSION_DENIED: Permission");
    // resourceName names the account by unique id (as Google's own examples do): its email is named too, so
    // that the graph finds the denied attempt under the account's usual id
    assertThat(e.resources()).extracting(ResourceRef::id).containsExactly(
        "projects/-/serviceAccounts/111111111111111111111",
        "projects/-/serviceAccounts/deployer@my-project.iam.gserviceaccount.com");
  }

  @Test
  void seed004ExchangeTokenLinksTheAwsSessionToTheFederatedPrincipal() {
    AuditEvent e = normalizeFile("gcp/seeds/004_ExchangeToken_aws_assumed_role.RECONSTRUCTED.json");
    String arn = "arn:aws:sts::111111111111:assumed-role/kawanago-crosscloud-test-aws-1/aws-role1-test";

    // The caller of the exchange is the AWS session itself, in AWS; what it obtains is the federated principal.
    assertThat(e.actor().id()).isEqualTo(arn);
    assertThat(e.actor().kind()).isEqualTo(PrincipalKind.ROLE_SESSION);
    assertThat(e.actor().cloud()).isEqualTo(Cloud.AWS);
    assertThat(e.actor().account()).contains("111111111111");
    assertThat(e.identityEstablishing()).isTrue();
    assertThat(e.category()).contains("data_access");
    assertThat(e.account()).contains("my-gcp-project");
    Hop h = e.hops().get(0);
    assertThat(e.hops()).hasSize(1);
    assertThat(h.mechanism()).isEqualTo(HopMechanism.TOKEN_EXCHANGE);
    assertThat(h.from().id()).isEqualTo(arn);
    assertThat(h.from().kind()).isEqualTo(PrincipalKind.ROLE_SESSION);
    assertThat(h.from().cloud()).isEqualTo(Cloud.AWS);
    assertThat(h.from().account()).contains("111111111111");
    assertThat(h.to().id()).isEqualTo("principal://iam.googleapis.com/projects/222222222222/locations/global/"
        + "workloadIdentityPools/aws-pool/subject/" + arn);
    assertThat(h.to().kind()).isEqualTo(PrincipalKind.FEDERATED_PRINCIPAL);
    assertThat(h.strength()).isEqualTo(Strength.ASSERTED);
    assertThat(h.issued()).contains(Credential.ofKind(CredentialKind.GCP_FEDERATED_TOKEN));
    assertThat(h.validUntil()).contains(Instant.parse("2024-06-10T02:23:45.600Z"));
    assertThat(h.audience()).contains("//iam.googleapis.com/projects/222222222222/locations/global/"
        + "workloadIdentityPools/aws-pool/providers/aws-provider");
  }

  private static final String EXCHANGE = """
      {
        "insertId": "x-1",
        "logName": "projects/my-project/logs/cloudaudit.googleapis.com%2Fdata_access",
        "timestamp": "2024-05-01T10:00:00Z",
        "protoPayload": {
          "@type": "type.googleapis.com/google.cloud.audit.AuditLog",
          "authenticationInfo": {"principalSubject": "SUBJECT"},
          "serviceName": "sts.googleapis.com",
          "methodName": "google.identity.sts.v1.SecurityTokenService.ExchangeToken"
        }
      }
      """;

  @Test
  void exchangeTokenSubjectsAtEachAwsGranularity() {
    String pool = "principal://iam.googleapis.com/projects/1234567890123/locations/global/"
        + "workloadIdentityPools/aws-pool/subject/";
    Hop session = CloudAuditLogs.normalize(EXCHANGE.replace("SUBJECT",
        pool + "arn:aws:sts::123456789012:assumed-role/my-role/i-0abc"), Fixtures.at("x")).hops().get(0);
    Hop role = CloudAuditLogs.normalize(EXCHANGE.replace("SUBJECT", pool + "arn:aws:iam::123456789012:role/my-role"),
        Fixtures.at("x")).hops().get(0);
    Hop account = CloudAuditLogs.normalize(EXCHANGE.replace("SUBJECT", pool + "012345678901"), Fixtures.at("x"))
        .hops().get(0);

    assertThat(session.from().kind()).isEqualTo(PrincipalKind.ROLE_SESSION);
    assertThat(session.from().id()).isEqualTo("arn:aws:sts::123456789012:assumed-role/my-role/i-0abc");
    assertThat(session.to().id()).isEqualTo(pool + "arn:aws:sts::123456789012:assumed-role/my-role/i-0abc");
    assertThat(role.from().kind()).isEqualTo(PrincipalKind.IAM_ROLE);
    assertThat(role.from().id()).isEqualTo("arn:aws:iam::123456789012:role/my-role");
    assertThat(role.from().cloud()).isEqualTo(Cloud.AWS);
    assertThat(account.from().kind()).isEqualTo(PrincipalKind.AWS_ACCOUNT);
    assertThat(account.from().id()).isEqualTo("arn:aws:iam::012345678901:root");
    assertThat(account.from().account()).contains("012345678901");
    Hop federatedUser = CloudAuditLogs.normalize(EXCHANGE.replace("SUBJECT",
        pool + "arn:aws:sts::123456789012:federated-user/bob"), Fixtures.at("x")).hops().get(0);
    assertThat(federatedUser.from().id()).isEqualTo("arn:aws:sts::123456789012:federated-user/bob");
    assertThat(federatedUser.from().kind()).isEqualTo(PrincipalKind.FEDERATED_USER);
    assertThat(federatedUser.from().cloud()).isEqualTo(Cloud.AWS);
  }

  @Test
  void bareArnWithoutPoolStandsForTheFederatedPrincipalToo() {
    String arn = "arn:aws:sts::111111111111:assumed-role/r/s";
    Hop h = CloudAuditLogs.normalize(EXCHANGE.replace("SUBJECT", arn), Fixtures.at("x")).hops().get(0);

    assertThat(h.from().id()).isEqualTo(arn);
    assertThat(h.from().kind()).isEqualTo(PrincipalKind.ROLE_SESSION);
    assertThat(h.to().id()).isEqualTo(arn);
    assertThat(h.to().kind()).isEqualTo(PrincipalKind.FEDERATED_PRINCIPAL);
  }

  @Test
  void azureExchangeTokenGoesToTheMappedPrincipal() {
    AuditEvent e = normalizeDocExample("gcp/gcp-docs/examples-workload-identity/01_sts_ExchangeToken_azure.json",
        "az", "2024-05-01T10:00:00Z");

    assertThat(e.service()).isEqualTo("sts.googleapis.com");
    assertThat(e.hops()).singleElement().satisfies(h -> {
      assertThat(h.from().id()).isEqualTo("b6112abb-5791-4507-adb5-7e8cc306eb2e");
      assertThat(h.from().kind()).isEqualTo(PrincipalKind.FEDERATED_PRINCIPAL);
      assertThat(h.to().id()).isEqualTo("principal://iam.googleapis.com/projects/1234567890123/locations/global/"
          + "workloadIdentityPools/azure-pool/subject/a1234bcd-5678-9012-efa3-4b5cd678ef9a");
    });
  }

  @Test
  void mtlsExchangeTokenWithEmptyAuthenticationInfoUsesTheMappedPrincipal() {
    AuditEvent e = normalizeFile(
        "gcp/misc-github/salrashid123_mtls-tokensource/README.md__L0339_sts_ExchangeToken_x509_mtls.json");

    assertThat(e.actor().id()).isEqualTo("principal://iam.googleapis.com/projects/995081011211/locations/global/"
        + "workloadIdentityPools/cert-pool-1/subject/workload1");
    assertThat(e.actor().kind()).isEqualTo(PrincipalKind.FEDERATED_PRINCIPAL);
    assertThat(e.actor().sourceType()).contains("metadata.mapped_principal");
    assertThat(e.identityEstablishing()).isTrue();
    assertThat(e.hops()).isEmpty();
    assertThat(e.outcome().success()).isTrue();
    assertThat(e.time()).isEqualTo(Instant.parse("2024-10-21T23:25:19.653928185Z"));
  }

  @Test
  void failedWebSignInIsIdentityEstablishingWithoutHops() {
    AuditEvent e = normalizeFile(
        "gcp/gcp-docs/examples-workforce-identity/02_sts_WebSignIn_failed_too_many_groups.json");

    assertThat(e.identityEstablishing()).isTrue();
    assertThat(e.hops()).isEmpty();
    assertThat(e.outcome().errorCode()).contains("3");
    assertThat(e.outcome().errorMessage().get()).startsWith("INVALID_ARGUMENT: The current count of 800");
    assertThat(e.account()).contains("organizations/123456789012");
    assertThat(e.actor().id()).isEqualTo("3Kn-kJQal4N-WXVjxMqcOF1tQcCdBliu97lV-2P-Khc");
  }

  @Test
  void emptyAuthenticationInfoIsAnonymousNotAFailure() {
    AuditEvent e = CloudAuditLogs.normalize(EXCHANGE.replace("{\"principalSubject\": \"SUBJECT\"}", "{}")
        .replace("sts.googleapis.com", "storage.googleapis.com")
        .replace("google.identity.sts.v1.SecurityTokenService.ExchangeToken", "storage.objects.get"),
        Fixtures.at("anon"));

    assertThat(e.actor().kind()).isEqualTo(PrincipalKind.ANONYMOUS);
    assertThat(e.actor().id()).isEqualTo("anonymous");
    assertThat(e.outcome().success()).isTrue();
  }

  @Test
  void thirdPartyPrincipalOnlyIsNamedByItsSubjectClaim() {
    AuditEvent named = CloudAuditLogs.normalize(EXCHANGE.replace("{\"principalSubject\": \"SUBJECT\"}",
        "{\"thirdPartyPrincipal\": {\"thirdPartyClaims\": {\"iss\": \"https://token.actions.githubusercontent.com\","
            + " \"sub\": \"repo:octo/app:ref:refs/heads/main\"}}}").replace("ExchangeToken", "Other"), Fixtures.at("tp"));
    AuditEvent unnamed = CloudAuditLogs.normalize(EXCHANGE.replace("{\"principalSubject\": \"SUBJECT\"}",
        "{\"thirdPartyPrincipal\": {\"thirdPartyClaims\": {}}}").replace("ExchangeToken", "Other"), Fixtures.at("tp"));

    assertThat(named.actor().id()).isEqualTo("repo:octo/app:ref:refs/heads/main");
    assertThat(named.actor().kind()).isEqualTo(PrincipalKind.FEDERATED_PRINCIPAL);
    assertThat(named.actor().sourceType()).contains("thirdPartyPrincipal");
    assertThat(unnamed.actor().kind()).isEqualTo(PrincipalKind.ANONYMOUS);
  }

  @Test
  void legacyWorkloadIdentitySubjectIsKeptVerbatim() {
    AuditEvent e = CloudAuditLogs.normalize(EXCHANGE.replace("SUBJECT",
        "serviceAccount:my-project.svc.id.goog[default/my-ksa]").replace("ExchangeToken", "Other"), Fixtures.at("gke"));

    assertThat(e.actor().id()).isEqualTo("serviceAccount:my-project.svc.id.goog[default/my-ksa]");
    assertThat(e.actor().kind()).isEqualTo(PrincipalKind.FEDERATED_PRINCIPAL);
  }

  @Test
  void folderLogNameGivesThePrefixedAccountAndPolicyCategory() {
    AuditEvent e = CloudAuditLogs.normalize(EXCHANGE.replace("projects/my-project/logs/cloudaudit.googleapis.com%2Fdata_access",
        "folders/123/logs/cloudaudit.googleapis.com%2Fpolicy"), Fixtures.at("f"));

    assertThat(e.account()).contains("folders/123");
    assertThat(e.category()).contains("policy");
  }

  /** What {@code JsonFormat.printer().preservingProtoFieldNames()} writes for the seed 004 entry's essentials. */
  @Test
  void protoFieldNamesNormalizeLikeCamelCase() {
    String camel = """
        {"insertId": "p-1", "logName": "projects/p/logs/cloudaudit.googleapis.com%2Fdata_access",
         "timestamp": "2024-05-01T10:00:00.123456789Z", "severity": "NOTICE",
         "resource": {"type": "service_account", "labels": {"project_id": "p", "unique_id": "111111111111111111111"}},
         "protoPayload": {"@type": "type.googleapis.com/google.cloud.audit.AuditLog",
           "status": {"code": 0},
           "authenticationInfo": {"principalEmail": "a@example.com",
             "serviceAccountDelegationInfo": [{"firstPartyPrincipal": {"principalEmail": "b@example.com"}}]},
           "requestMetadata": {"callerIp": "10.0.0.1", "callerSuppliedUserAgent": "ua"},
           "serviceName": "iamcredentials.googleapis.com", "methodName": "GenerateAccessToken",
           "resourceName": "projects/-/serviceAccounts/111111111111111111111",
           "request": {"name": "projects/-/serviceAccounts/sa@p.iam.gserviceaccount.com"}}}
        """;
    String snake = """
        {"insert_id": "p-1", "log_name": "projects/p/logs/cloudaudit.googleapis.com%2Fdata_access",
         "timestamp": "2024-05-01T10:00:00.123456789Z", "severity": "NOTICE",
         "resource": {"type": "service_account", "labels": {"project_id": "p", "unique_id": "111111111111111111111"}},
         "proto_payload": {"@type": "type.googleapis.com/google.cloud.audit.AuditLog",
           "authentication_info": {"principal_email": "a@example.com",
             "service_account_delegation_info": [{"first_party_principal": {"principal_email": "b@example.com"}}]},
           "request_metadata": {"caller_ip": "10.0.0.1", "caller_supplied_user_agent": "ua"},
           "service_name": "iamcredentials.googleapis.com", "method_name": "GenerateAccessToken",
           "resource_name": "projects/-/serviceAccounts/111111111111111111111",
           "request": {"name": "projects/-/serviceAccounts/sa@p.iam.gserviceaccount.com"}}}
        """;
    RecordLocation where = Fixtures.at("logging.googleapis.com");

    AuditEvent a = CloudAuditLogs.normalize(camel, where);
    AuditEvent b = CloudAuditLogs.normalize(snake, where);

    assertThat(b).isEqualTo(a);
    assertThat(a.time()).isEqualTo(Instant.ofEpochSecond(1714557600L, 123456789));
    assertThat(a.hops()).extracting(Hop::mechanism).containsExactly(HopMechanism.SERVICE_ACCOUNT_DELEGATION,
        HopMechanism.GENERATE_ACCESS_TOKEN);
    assertThat(a.sourceIp()).contains("10.0.0.1");
  }

  @Test
  void statusCodeAsDigitsOrEnumName() {
    String base = EXCHANGE.replace("\"authenticationInfo\"", "\"status\": CODE, \"authenticationInfo\"");
    assertThat(CloudAuditLogs.normalize(base.replace("CODE", "{\"code\": \"5\"}"), Fixtures.at("s")).outcome()
        .errorCode()).contains("5");
    assertThat(CloudAuditLogs.normalize(base.replace("CODE", "{\"code\": \"NOT_FOUND\"}"), Fixtures.at("s"))
        .outcome().errorMessage()).contains("NOT_FOUND");
  }

  @Test
  void duplicateKeysKeepTheLastValue() {
    AuditEvent e = CloudAuditLogs.normalize(EXCHANGE.replace("\"insertId\": \"x-1\",",
        "\"insertId\": \"first\", \"insertId\": \"second\","), Fixtures.at("dup"));

    assertThat(e.id()).isEqualTo("second");
  }

  @Test
  void normalizeThrowsWithTheLocationAndTheField() {
    RecordLocation where = new RecordLocation("logging.googleapis.com", 41, -1, -1);

    assertThatThrownBy(() -> CloudAuditLogs.normalize(EXCHANGE.replace("\"insertId\": \"x-1\",", ""), where))
        .isInstanceOf(MalformedRecordException.class)
        .satisfies(t -> {
          MalformedRecordException m = (MalformedRecordException) t;
          assertThat(m.location()).isEqualTo(where);
          assertThat(m.rejection().reason()).contains("insertId");
        });
    assertThatThrownBy(() -> CloudAuditLogs.normalize("{\"insertId\": ", where))
        .isInstanceOf(MalformedRecordException.class).hasMessageContaining("malformed JSON");
    assertThatThrownBy(() -> CloudAuditLogs.normalize(EXCHANGE.replace("2024-05-01T10:00:00Z", "yesterday"), where))
        .isInstanceOf(MalformedRecordException.class).hasMessageContaining("field timestamp")
        .hasMessageContaining("yesterday");
  }
}
