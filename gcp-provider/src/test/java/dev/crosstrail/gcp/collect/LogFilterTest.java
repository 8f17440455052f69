package dev.crosstrail.gcp.collect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LogFilterTest {

  @Test
  void kindsMethodsAndPrincipalsAreOredInsideAndAndedAcross() {
    String selection = LogFilter.selection(EnumSet.of(AuditLogKind.DATA_ACCESS, AuditLogKind.ACTIVITY),
        List.of("google.iam.credentials.v1.IAMCredentials.GenerateAccessToken",
            "google.identity.sts.v1.SecurityTokenService.ExchangeToken"),
        List.of("alice@example.com"), Optional.empty());

    assertThat(selection).isEqualTo("(logName:\"cloudaudit.googleapis.com%2Factivity\" OR "
        + "logName:\"cloudaudit.googleapis.com%2Fdata_access\") AND "
        + "(protoPayload.methodName=\"google.iam.credentials.v1.IAMCredentials.GenerateAccessToken\" OR "
        + "protoPayload.methodName=\"google.identity.sts.v1.SecurityTokenService.ExchangeToken\") AND "
        + "(protoPayload.authenticationInfo.principalEmail=\"alice@example.com\" OR "
        + "protoPayload.authenticationInfo.principalSubject=\"alice@example.com\")");
  }

  @Test
  void allFourKindsInTheirFixedOrder() {
    assertThat(LogFilter.selection(EnumSet.allOf(AuditLogKind.class), List.of(), List.of(), Optional.empty()))
        .isEqualTo("(logName:\"cloudaudit.googleapis.com%2Factivity\" OR "
            + "logName:\"cloudaudit.googleapis.com%2Fdata_access\" OR "
            + "logName:\"cloudaudit.googleapis.com%2Fsystem_event\" OR "
            + "logName:\"cloudaudit.googleapis.com%2Fpolicy\")");
  }

  @Test
  void windowComesFirstWithInclusiveStartAndExclusiveEnd() {
    assertThat(LogFilter.withWindow("", Instant.parse("2024-05-01T00:00:00Z"),
        Instant.parse("2024-05-01T12:30:00.250Z")))
        .isEqualTo("timestamp>=\"2024-05-01T00:00:00Z\" AND timestamp<\"2024-05-01T12:30:00.250Z\"");
    assertThat(LogFilter.withWindow("(x)", Instant.parse("2024-05-01T00:00:00Z"),
        Instant.parse("2024-05-02T00:00:00Z")))
        .isEqualTo("timestamp>=\"2024-05-01T00:00:00Z\" AND timestamp<\"2024-05-02T00:00:00Z\" AND (x)");
  }

  @Test
  void quotesAndBackslashesInValuesAreEscapedSoTheyCannotEndTheLiteral() {
    String principal = "principal://iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/p/"
        + "subject/a\" OR logName:\"x\\";

    String selection = LogFilter.selection(Set.of(), List.of(), List.of(principal), Optional.empty());

    assertThat(selection).isEqualTo("(protoPayload.authenticationInfo.principalEmail=\"principal://iam.googleapis.com"
        + "/projects/1/locations/global/workloadIdentityPools/p/subject/a\\\" OR logName:\\\"x\\\\\" OR "
        + "protoPayload.authenticationInfo.principalSubject=\"principal://iam.googleapis.com/projects/1/locations/"
        + "global/workloadIdentityPools/p/subject/a\\\" OR logName:\\\"x\\\\\")");
    assertThat(LogFilter.quote("tab\there\nnext")).isEqualTo("\"tab\\there\\nnext\"");
  }

  @Test
  void controlCharactersAreRefused() {
    assertThatThrownBy(() -> LogFilter.quote("a\u0000b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("U+0000");
  }

  @Test
  void rawFilterIsParenthesisedAndNothingSelectedGivesAnEmptySelection() {
    assertThat(LogFilter.selection(Set.of(), List.of(), List.of(), Optional.of(" severity>=WARNING OR x=1 ")))
        .isEqualTo("(severity>=WARNING OR x=1)");
    assertThat(LogFilter.selection(Set.of(), List.of(), List.of(), Optional.empty())).isEmpty();
  }

  @Test
  void settingsRejectConflictsNamingBothValues() {
    CollectorSettings.Builder b = CollectorSettings.newBuilder().resourceNames(List.of("projects/p1"))
        .start(Instant.parse("2024-05-01T00:00:00Z")).outputDirectory(java.nio.file.Path.of("out"))
        .endpoint("127.0.0.1:8443").plaintext(true);
    assertThatThrownBy(b::build).hasMessageContaining("plaintext=true conflicts with credentials ApplicationDefault");
    assertThatThrownBy(() -> CollectorSettings.newBuilder().resourceNames(List.of("project/p1"))
        .start(Instant.EPOCH).outputDirectory(java.nio.file.Path.of("out")).build())
        .hasMessageContaining("resource name project/p1 is not of the form projects/PROJECT_ID");
    assertThatThrownBy(() -> CollectorSettings.newBuilder().resourceNames(List.of("projects/p1"))
        .start(Instant.EPOCH).outputDirectory(java.nio.file.Path.of("out")).pageSize(1001).build())
        .hasMessageContaining("pageSize must be 1 to 1000");
  }
}
