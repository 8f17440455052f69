package dev.crosstrail.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crosstrail.io.ReadOptions;
import dev.crosstrail.io.SourceSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every GCP record of the shared fixtures, read through {@code AuditLogs} with the expected outcome
 * written by hand per file: normalized, or rejected with the stated reason.
 */
class FixtureCorpusTest {

  private static final String NO_INSERT_ID = "missing required field insertId";
  private static final String MALFORMED = "malformed JSON";
  private static final String NOT_LOG_ENTRY = "Pub/Sub message data is not a LogEntry";

  static Stream<Arguments> files() {
    return Stream.of(
        // file, format, read, normalized, rejected, reason of the first rejection (or null)
        row("gcp-docs/examples-service-accounts/01_iamcredentials_GenerateAccessToken_user_principalEmail.json",
            "log-entry", 1, 0, 1, NO_INSERT_ID),
        row("gcp-docs/examples-service-accounts/02_pubsub_CreateTopic_delegation_firstPartyPrincipal.json",
            "log-entry", 1, 0, 1, NO_INSERT_ID),
        row("gcp-docs/examples-service-accounts/03_redis_CreateInstance_serviceAccountKeyName.json",
            "log-entry", 1, 0, 1, NO_INSERT_ID),
        row("gcp-docs/examples-service-accounts/04_iam_serviceAccounts_actAs.json", "log-entry", 1, 1, 0, null),
        row("gcp-docs/examples-service-accounts/05_SetIAMPolicy_grant_serviceAccountUser.json",
            "log-entry", 1, 0, 1, NO_INSERT_ID),
        row("gcp-docs/examples-service-accounts/06_CreateServiceAccountKey.invalid-json.txt",
            "log-entry", 1, 0, 1, MALFORMED),
        row("gcp-docs/examples-service-accounts/07_serviceDelegationHistory_bigquery_condel.invalid-json.txt",
            "log-entry", 1, 0, 1, MALFORMED),
        row("gcp-docs/examples-workforce-identity/01_sts_ExchangeToken_workforce_oidc.json",
            "log-entry", 1, 0, 1, NO_INSERT_ID),
        row("gcp-docs/examples-workforce-identity/02_sts_WebSignIn_failed_too_many_groups.json",
            "log-entry", 1, 1, 0, null),
        row("gcp-docs/examples-workforce-identity/03_storage_buckets_list_federated_token.invalid-json.txt",
            "log-entry", 1, 0, 1, MALFORMED),
        row("gcp-docs/examples-workforce-identity/04_sts_WebSignIn_success.invalid-json.txt",
            "log-entry", 1, 0, 1, MALFORMED),
        row("gcp-docs/examples-workforce-identity/05_sts_ExchangeOauthToken_placeholders.invalid-json.txt",
            "log-entry", 1, 0, 1, MALFORMED),
        row("gcp-docs/examples-workload-identity/01_sts_ExchangeToken_azure.json", "log-entry", 1, 0, 1, NO_INSERT_ID),
        row("gcp-docs/examples-workload-identity/02_iamcredentials_GenerateAccessToken_federated_aws-pool.json",
            "log-entry", 1, 0, 1, NO_INSERT_ID),
        row("gcp-docs/examples-workload-identity/03_pubsub_CreateTopic_impersonated_sa_delegation_principalSubject.json",
            "log-entry", 1, 0, 1, NO_INSERT_ID),
        row("gcp-docs/examples-workload-identity/md-copy/01_sts_ExchangeToken_azure.json",
            "log-entry", 1, 0, 1, NO_INSERT_ID),
        row("gcp-docs/examples-workload-identity/md-copy/02_iamcredentials_GenerateAccessToken_federated_aws-pool.json",
            "log-entry", 1, 0, 1, NO_INSERT_ID),
        row("gcp-docs/examples-workload-identity/md-copy/03_pubsub_CreateTopic_delegation_principalSubject_aws_role_arn.json",
            "log-entry", 1, 0, 1, NO_INSERT_ID),
        row("google-cloudevents/LogEntryData-bigqueryjobcompleted.json", "log-entry", 1, 1, 0, null),
        row("google-cloudevents/LogEntryData-monitoringCreateTimeSeries.json", "log-entry", 1, 1, 0, null),
        row("google-cloudevents/LogEntryData-pubsubCreateTopic.json", "log-entry", 1, 1, 0, null),
        row("google-cloudevents/MessagePublishedData-binary.json", "pubsub-message", 1, 0, 1, NOT_LOG_ENTRY),
        row("google-cloudevents/MessagePublishedData-duplicatedFields.json", "pubsub-message", 1, 0, 1, NOT_LOG_ENTRY),
        row("google-cloudevents/MessagePublishedData-text.json", "pubsub-message", 1, 0, 1, NOT_LOG_ENTRY),
        // lines 8 (jsonPayload) and 9 (textPayload) are not audit entries
        row("plaso/gcp_logging.jsonl", "gcs-sink-json-lines", 11, 9, 2, "not a Cloud Audit Log entry (jsonPayload)"),
        row("misc-github/salrashid123_mtls-tokensource/README.md__L0339_sts_ExchangeToken_x509_mtls.json",
            "log-entry", 1, 1, 0, null),
        row("seeds/004_ExchangeToken_aws_assumed_role.RECONSTRUCTED.json", "log-entry", 1, 1, 0, null));
  }

  private static Arguments row(String file, String format, int read, int normalized, int rejected, String reason) {
    return Arguments.of(file, format, read, normalized, rejected, reason);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("files")
  void eachFixtureNormalizesOrIsRejectedWithItsReason(String file, String format, long read, long normalized,
      long rejected, String reason) {
    List<Object> events = new ArrayList<>();
    SourceSummary s = Fixtures.reader().read(Fixtures.path("gcp/" + file), ReadOptions.DEFAULTS, events::add);

    assertThat(s.format()).isEqualTo(format);
    assertThat(s.read()).isEqualTo(read);
    assertThat(s.normalized()).isEqualTo(normalized);
    assertThat(s.rejected()).isEqualTo(rejected);
    assertThat(events).hasSize((int) normalized);
    if (reason != null) {
      assertThat(s.rejections().get(0).reason()).contains(reason);
      assertThat(s.rejections().get(0).location().source()).endsWith(file);
    }
  }

  @org.junit.jupiter.api.Test
  void everyFixtureFileIsListed() throws Exception {
    java.nio.file.Path root = Fixtures.path("gcp");
    List<String> listed = files().map(a -> (String) a.get()[0]).sorted().toList();
    try (Stream<java.nio.file.Path> walk = java.nio.file.Files.walk(root)) {
      List<String> onDisk = walk.filter(java.nio.file.Files::isRegularFile)
          .map(p -> root.relativize(p).toString().replace('\\', '/'))
          .filter(p -> !p.endsWith("PROVENANCE.md") && !p.startsWith("shapes/"))
          .sorted().toList();
      assertThat(onDisk).isEqualTo(listed);
    }
  }
}
