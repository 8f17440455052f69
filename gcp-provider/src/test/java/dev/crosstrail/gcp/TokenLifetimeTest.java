package dev.crosstrail.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crosstrail.io.MalformedRecordException;
import dev.crosstrail.model.AuditEvent;
import dev.crosstrail.model.Hop;
import dev.crosstrail.model.HopMechanism;
import dev.crosstrail.model.RecordLocation;
import dev.crosstrail.model.Strength;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Token validity has an upper bound: a logged lifetime of 9999999999999s must not make a token that the
 * graph links to calls until the year 318911. Entries are issued at 2024-05-01T10:00:00Z.
 */
class TokenLifetimeTest {

  private static final RecordLocation AT = new RecordLocation("mem", 0, 1, 0);

  private static Hop impersonation(String method, String lifetime, String response) {
    String json = UnexpectedValuesTest.GENERATE_ACCESS_TOKEN.replace("METHOD", method).replace("LIFETIME", lifetime)
        .replace("\"response\":{}", "\"response\":" + response);
    AuditEvent e = CloudAuditLogs.normalize(json, AT);
    assertThat(e.hops()).hasSize(1);
    return e.hops().get(0);
  }

  private static Hop exchange(String expiresIn) {
    String json = UnexpectedValuesTest.EXCHANGE_TOKEN.replace("SUBJECT", "arn:aws:sts::111111111111:assumed-role/R/S")
        .replace("EXPIRES", expiresIn);
    AuditEvent e = CloudAuditLogs.normalize(json, AT);
    assertThat(e.hops()).hasSize(1);
    return e.hops().get(0);
  }

  @Test
  void accessTokenLifetimeWithinTwelveHoursIsKept() {
    Hop h = impersonation("GenerateAccessToken", "7200s", "{}");

    assertThat(h.validUntil()).contains(Instant.parse("2024-05-01T12:00:00Z"));
    assertThat(h.reason()).isEmpty();
  }

  @Test
  void fractionalLifetimeKeepsItsFraction() {
    Hop h = impersonation("GenerateAccessToken", "1.5s", "{}");

    assertThat(h.validUntil()).contains(Instant.parse("2024-05-01T10:00:01.500Z"));
  }

  @Test
  void accessTokenLifetimeOfCenturiesIsCappedAtTwelveHours() {
    Hop h = impersonation("GenerateAccessToken", "9999999999999s", "{}");

    assertThat(h.mechanism()).isEqualTo(HopMechanism.GENERATE_ACCESS_TOKEN);
    assertThat(h.validUntil()).contains(Instant.parse("2024-05-01T22:00:00Z"));
    assertThat(h.strength()).isEqualTo(Strength.EXACT);
    assertThat(h.reason()).hasValueSatisfying(r -> assertThat(r)
        .startsWith("validity capped at 12 h (the longest an access token from iamcredentials lives)")
        .contains("request.lifetime says 9999999999999s"));
  }

  @Test
  void accessTokenLifetimeTooLargeForALongIsCappedToo() {
    Hop h = impersonation("GenerateAccessToken", "99999999999999999999s", "{}");

    assertThat(h.validUntil()).contains(Instant.parse("2024-05-01T22:00:00Z"));
    assertThat(h.reason()).hasValueSatisfying(r -> assertThat(r).startsWith("validity capped at 12 h"));
  }

  @Test
  void accessTokenExpireTimeBeyondTwelveHoursIsCapped() {
    Hop h = impersonation("GenerateAccessToken", "3600s", "{\"expireTime\":\"2024-05-03T10:00:00Z\"}");

    assertThat(h.validUntil()).contains(Instant.parse("2024-05-01T22:00:00Z"));
    assertThat(h.reason()).hasValueSatisfying(r -> assertThat(r)
        .contains("response.expireTime says 2024-05-03T10:00:00Z"));
  }

  @Test
  void idTokenIsCappedAtOneHour() {
    Hop h = impersonation("GenerateIdToken", "7200s", "{}");

    assertThat(h.mechanism()).isEqualTo(HopMechanism.GENERATE_ID_TOKEN);
    assertThat(h.validUntil()).contains(Instant.parse("2024-05-01T11:00:00Z"));
    assertThat(h.reason()).hasValueSatisfying(r -> assertThat(r)
        .startsWith("validity capped at 1 h (the longest an ID token from iamcredentials lives)"));
  }

  @Test
  void signJwtLifetimeIsNotCappedButMustEndBefore2200() {
    Hop h = impersonation("SignJwt", "86400s", "{}");
    assertThat(h.validUntil()).contains(Instant.parse("2024-05-02T10:00:00Z"));
    assertThat(h.reason()).isEmpty();

    assertThatThrownBy(() -> impersonation("SignJwt", "9999999999999s", "{}"))
        .isInstanceOf(MalformedRecordException.class)
        .hasMessageContaining("protoPayload.request.lifetime: expected a token lifetime ending before 2200-01-01");
  }

  @Test
  void federatedTokenExpiresInWithinAnHourIsKept() {
    Hop h = exchange("3599");

    assertThat(h.validUntil()).contains(Instant.parse("2024-05-01T10:59:59Z"));
    assertThat(h.reason()).hasValueSatisfying(r -> assertThat(r).doesNotContain("capped"));
  }

  @Test
  void federatedTokenExpiresInNearLongMaxIsCappedAtOneHour() {
    Hop h = exchange(Long.toString(Long.MAX_VALUE - 1));

    assertThat(h.mechanism()).isEqualTo(HopMechanism.TOKEN_EXCHANGE);
    assertThat(h.validUntil()).contains(Instant.parse("2024-05-01T11:00:00Z"));
    assertThat(h.strength()).isEqualTo(Strength.ASSERTED);
    assertThat(h.reason()).hasValueSatisfying(r -> assertThat(r)
        .contains("; validity capped at 1 h (the longest a federated token lives): response.expiresIn says "
            + (Long.MAX_VALUE - 1) + "s"));
  }

  // ---- timestamps out of range ------------------------------------------------------------------

  private static final String PLAIN = """
      {"insertId":"t1","protoPayload":{"authenticationInfo":{"principalEmail":"a@example.com"},"serviceName":"s.googleapis.com","methodName":"m"},"timestamp":TIME}""";

  private static AuditEvent withTimestamp(String time) {
    return CloudAuditLogs.normalize(PLAIN.replace("TIME", time), AT);
  }

  @Test
  void rfc3339TimestampBefore2000IsRejected() {
    assertThatThrownBy(() -> withTimestamp("\"1970-01-01T00:00:00Z\""))
        .isInstanceOf(MalformedRecordException.class)
        .hasMessageContaining("field timestamp: expected a time between 2000-01-01T00:00:00Z and 2200-01-01T00:00:00Z");
  }

  @Test
  void rfc3339TimestampAfter2200IsRejected() {
    assertThatThrownBy(() -> withTimestamp("\"9999-12-31T23:59:59Z\""))
        .isInstanceOf(MalformedRecordException.class)
        .hasMessageContaining("field timestamp: expected a time between");
  }

  @Test
  void protobufTimestampOutOfRangeIsRejectedWithAReason() {
    assertThatThrownBy(() -> withTimestamp("{\"seconds\":253402300800}"))
        .isInstanceOf(MalformedRecordException.class)
        .hasMessageContaining("field timestamp: expected a time between");
    assertThatThrownBy(() -> withTimestamp("{\"seconds\":" + Long.MAX_VALUE + ",\"nanos\":0}"))
        .isInstanceOf(MalformedRecordException.class)
        .hasMessageContaining("field timestamp: expected a time between");
    assertThatThrownBy(() -> withTimestamp("{\"seconds\":1714557600,\"nanos\":" + Long.MAX_VALUE + "}"))
        .isInstanceOf(MalformedRecordException.class)
        .hasMessageContaining("field timestamp.nanos: expected 0 to 999999999");
  }

  @Test
  void protobufTimestampInRangeIsRead() {
    // 1714557600 = 2024-05-01T10:00:00Z
    assertThat(withTimestamp("{\"seconds\":\"1714557600\",\"nanos\":5}").time())
        .isEqualTo(Instant.parse("2024-05-01T10:00:00.000000005Z"));
  }

  @Test
  void expireTimeAfter2200IsRejected() {
    assertThatThrownBy(() -> impersonation("GenerateAccessToken", "3600s", "{\"expireTime\":\"+318911-01-01T00:00:00Z\"}"))
        .isInstanceOf(MalformedRecordException.class)
        .hasMessageContaining("protoPayload.response.expireTime");
  }
}
