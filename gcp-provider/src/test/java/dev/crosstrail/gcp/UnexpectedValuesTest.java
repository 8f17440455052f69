package dev.crosstrail.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crosstrail.io.MalformedRecordException;
import dev.crosstrail.io.ReadOptions;
import dev.crosstrail.io.SourceSummary;
import dev.crosstrail.model.AuditEvent;
import dev.crosstrail.model.RecordLocation;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Values no check foresaw (lifetimes and expiries too large for {@code Instant}, ARN-shaped subjects the
 * AWS SDK refuses) must never stop a read: each entry is normalized or rejected, the next one is still
 * read, and {@link CloudAuditLogs#normalize} throws nothing but {@link MalformedRecordException}.
 */
class UnexpectedValuesTest {

  static final String PLAIN = """
      {"insertId":"ID","logName":"projects/p/logs/cloudaudit.googleapis.com%2Factivity","protoPayload":{"@type":"type.googleapis.com/google.cloud.audit.AuditLog","authenticationInfo":{"principalEmail":"a@example.com"},"serviceName":"s.googleapis.com","methodName":"m"},"timestamp":"2024-05-01T10:00:00Z"}""";

  static final String GENERATE_ACCESS_TOKEN = """
      {"insertId":"middle","logName":"projects/my-project/logs/cloudaudit.googleapis.com%2Fdata_access","timestamp":"2024-05-01T10:00:00Z","protoPayload":{"@type":"type.googleapis.com/google.cloud.audit.AuditLog","authenticationInfo":{"principalEmail":"ci@my-project.iam.gserviceaccount.com"},"serviceName":"iamcredentials.googleapis.com","methodName":"google.iam.credentials.v1.IAMCredentials.METHOD","resourceName":"projects/-/serviceAccounts/111111111111111111111","request":{"name":"projects/-/serviceAccounts/deployer@my-project.iam.gserviceaccount.com","lifetime":"LIFETIME"},"response":{}},"resource":{"type":"service_account","labels":{"project_id":"my-project","unique_id":"111111111111111111111","email_id":"deployer@my-project.iam.gserviceaccount.com"}}}""";

  static final String EXCHANGE_TOKEN = """
      {"insertId":"middle","logName":"projects/my-project/logs/cloudaudit.googleapis.com%2Fdata_access","timestamp":"2024-05-01T10:00:00Z","protoPayload":{"@type":"type.googleapis.com/google.cloud.audit.AuditLog","authenticationInfo":{"principalSubject":"SUBJECT"},"serviceName":"sts.googleapis.com","methodName":"google.identity.sts.v1.SecurityTokenService.ExchangeToken","request":{"audience":"//iam.googleapis.com/projects/1234567890123/locations/global/workloadIdentityPools/aws-pool/providers/aws"},"response":{"expiresIn":EXPIRES}}}""";

  private final List<AuditEvent> events = new ArrayList<>();

  private SourceSummary readAround(String middle, ReadOptions options, EntryReader.Normalize normalizer) {
    String text = PLAIN.replace("ID", "before") + "\n" + middle + "\n" + PLAIN.replace("ID", "after") + "\n";
    return new EntryReader("mem.jsonl", options, events::add, normalizer)
        .read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
  }

  private SourceSummary readAround(String middle) {
    return readAround(middle, ReadOptions.DEFAULTS, EntryNormalizer::normalize);
  }

  /** Read = normalized + rejected, and the entry after the odd one was read. */
  private void assertReadContinued(SourceSummary s) {
    assertThat(s.read()).isEqualTo(3);
    assertThat(s.read()).isEqualTo(s.normalized() + s.rejected());
    assertThat(events).extracting(AuditEvent::id).startsWith("before").endsWith("after");
  }

  /** The facade returns an event or throws a MalformedRecordException; nothing else escapes. */
  private static void assertFacadeThrowsNothingElse(String entry) {
    try {
      CloudAuditLogs.normalize(entry, new RecordLocation("mem", 0, 1, 0));
    } catch (MalformedRecordException expected) {
      assertThat(expected.rejection().location().source()).isEqualTo("mem");
    }
  }

  @Test
  void lifetimeTooLargeForADurationDoesNotStopTheRead() {
    String middle = GENERATE_ACCESS_TOKEN.replace("METHOD", "GenerateAccessToken")
        .replace("LIFETIME", "99999999999999999999s");

    assertReadContinued(readAround(middle));
    assertFacadeThrowsNothingElse(middle);
  }

  @Test
  void expiresInNearLongMaxDoesNotStopTheRead() {
    String middle = EXCHANGE_TOKEN.replace("SUBJECT", "arn:aws:sts::111111111111:assumed-role/R/S")
        .replace("EXPIRES", Long.toString(Long.MAX_VALUE - 1));

    assertReadContinued(readAround(middle));
    assertFacadeThrowsNothingElse(middle);
  }

  @Test
  void protobufTimestampBeyondInstantDoesNotStopTheRead() {
    String middle = PLAIN.replace("ID", "middle").replace("\"2024-05-01T10:00:00Z\"",
        "{\"seconds\":" + Long.MAX_VALUE + ",\"nanos\":" + Long.MAX_VALUE + "}");

    SourceSummary s = readAround(middle);

    assertReadContinued(s);
    assertThat(s.rejected()).isEqualTo(1);
    assertThat(s.rejections().get(0).location().line()).isEqualTo(2);
    assertThatThrownBy(() -> CloudAuditLogs.normalize(middle, new RecordLocation("mem", 0, 1, 0)))
        .isInstanceOf(MalformedRecordException.class);
  }

  @Test
  void subjectThatTheAwsSdkRefusesAsAnArnIsKeptVerbatim() {
    // Arn.tryFromString throws IllegalArgumentException for an empty resource instead of returning empty
    String middle = PLAIN.replace("ID", "middle")
        .replace("\"principalEmail\":\"a@example.com\"", "\"principalSubject\":\"arn:aws:iam::111111111111:role/\"");

    SourceSummary s = readAround(middle);

    assertReadContinued(s);
    assertThat(s.rejected()).isZero();
    assertThat(events.get(1).actor().id()).isEqualTo("arn:aws:iam::111111111111:role/");
    assertThat(events.get(1).actor().account()).isEmpty();
  }

  // ---- the safety net: any unchecked exception rejects one entry ----------------------------------

  private static final EntryReader.Normalize THROWS_ON_MIDDLE = (entry, where) -> {
    if (entry.path("insertId").asText().equals("middle")) {
      throw new IllegalStateException("boom at insertId middle");
    }
    return EntryNormalizer.normalize(entry, where);
  };

  @Test
  void anUncheckedExceptionRejectsThatEntryAndReadingContinues() {
    String middle = PLAIN.replace("ID", "middle");

    SourceSummary s = readAround(middle, ReadOptions.DEFAULTS, THROWS_ON_MIDDLE);

    assertReadContinued(s);
    assertThat(events).extracting(AuditEvent::id).containsExactly("before", "after");
    assertThat(s.rejections()).singleElement().satisfies(r -> {
      assertThat(r.reason()).startsWith("unexpected value in the entry (IllegalStateException): boom at insertId middle");
      assertThat(r.location().index()).isEqualTo(1);
      assertThat(r.location().line()).isEqualTo(2);
      assertThat(r.location().byteOffset()).isEqualTo(PLAIN.replace("ID", "before").length() + 1);
    });
  }

  @Test
  void inStrictModeTheUncheckedExceptionBecomesAMalformedRecordException() {
    assertThatThrownBy(() -> readAround(PLAIN.replace("ID", "middle"), ReadOptions.strict(), THROWS_ON_MIDDLE))
        .isInstanceOf(MalformedRecordException.class)
        .hasCauseInstanceOf(IllegalStateException.class);
    assertThat(events).extracting(AuditEvent::id).containsExactly("before");
  }
}
