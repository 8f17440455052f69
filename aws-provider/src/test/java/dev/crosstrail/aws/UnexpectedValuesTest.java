package dev.crosstrail.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crosstrail.io.MalformedRecordException;
import dev.crosstrail.io.ReadOptions;
import dev.crosstrail.io.SourceSummary;
import dev.crosstrail.io.Tally;
import dev.crosstrail.model.AuditEvent;
import dev.crosstrail.model.HopMechanism;
import dev.crosstrail.model.PrincipalKind;
import dev.crosstrail.model.RecordLocation;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Values no check foresaw (blank identifiers, ARN-shaped texts the AWS SDK refuses) must never stop a
 * read: each record is normalized or rejected, and the next record is still read.
 */
class UnexpectedValuesTest {

  private static final String GOOD_BEFORE = ReaderTest.record("before", "2024-05-01T10:00:00Z");
  private static final String GOOD_AFTER = ReaderTest.record("after", "2024-05-01T10:00:02Z");

  private final List<AuditEvent> events = new ArrayList<>();

  /** Reads three lines (good, {@code middle}, good) through the streaming reader. */
  private SourceSummary readAround(String middle, ReadOptions options) throws IOException {
    String text = GOOD_BEFORE + "\n" + middle + "\n" + GOOD_AFTER + "\n";
    return new CloudTrailFormat().read("mem.jsonl", new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
        options, events::add);
  }

  private static void assertCountsAddUp(SourceSummary s) {
    assertThat(s.read()).isEqualTo(3);
    assertThat(s.read()).isEqualTo(s.normalized() + s.rejected());
  }

  @Test
  void blankUserIdentityArnFallsBackToAccountAndUserName() throws IOException {
    // an IAMUser whose arn is " ": built from accountId and userName as when the arn is absent
    String middle = ReaderTest.record("middle", "2024-05-01T10:00:01Z")
        .replace("\"arn\":\"arn:aws:iam::111122223333:user/alice\"", "\"arn\":\" \"");

    SourceSummary s = readAround(middle, ReadOptions.DEFAULTS);

    assertCountsAddUp(s);
    assertThat(s.rejected()).isZero();
    assertThat(events).extracting(AuditEvent::id).containsExactly("before", "middle", "after");
    assertThat(events.get(1).actor().id()).isEqualTo("arn:aws:iam::111122223333:user/alice");
    assertThat(events.get(1).actor().kind()).isEqualTo(PrincipalKind.IAM_USER);

    AuditEvent viaFacade = CloudTrail.normalize(middle, new RecordLocation("mem", 0, 1, 0));
    assertThat(viaFacade.actor().id()).isEqualTo("arn:aws:iam::111122223333:user/alice");
  }

  @Test
  void blankInvokedByOfAnAwsServiceIsAnUnknownCallerOfTheAccount() throws IOException {
    String middle = """
        {"eventVersion":"1.08","userIdentity":{"type":"AWSService","invokedBy":" ","accountId":"111122223333"},\
        "eventTime":"2024-05-01T10:00:01Z","eventSource":"kms.amazonaws.com","eventName":"Decrypt",\
        "awsRegion":"us-east-1","eventID":"middle","recipientAccountId":"111122223333"}""";

    SourceSummary s = readAround(middle, ReadOptions.DEFAULTS);

    assertCountsAddUp(s);
    assertThat(s.rejected()).isZero();
    assertThat(events).extracting(AuditEvent::id).containsExactly("before", "middle", "after");
    assertThat(events.get(1).actor().id()).isEqualTo("unknown:111122223333");
    assertThat(events.get(1).actor().kind()).isEqualTo(PrincipalKind.UNKNOWN);
    assertThat(events.get(1).session()).isEmpty(); // a blank invokedBy is no session fact either
  }

  @Test
  void blankSwitchFromEmitsNoSwitchRoleHop() throws IOException {
    String middle = """
        {"eventVersion":"1.08","userIdentity":{"type":"AssumedRole","principalId":"AROAEXAMPLE:alice",\
        "arn":"arn:aws:sts::222222222222:assumed-role/Admin/alice","accountId":"222222222222"},\
        "eventTime":"2024-05-01T10:00:01Z","eventSource":"signin.amazonaws.com","eventName":"SwitchRole",\
        "awsRegion":"us-east-1","eventID":"middle","eventType":"AwsConsoleSignIn",\
        "responseElements":{"SwitchRole":"Success"},"additionalEventData":{"SwitchFrom":" "},\
        "recipientAccountId":"222222222222"}""";

    SourceSummary s = readAround(middle, ReadOptions.DEFAULTS);

    assertCountsAddUp(s);
    assertThat(s.rejected()).isZero();
    assertThat(events).extracting(AuditEvent::id).containsExactly("before", "middle", "after");
    assertThat(events.get(1).identityEstablishing()).isTrue();
    assertThat(events.get(1).hops()).isEmpty();
  }

  @Test
  void arnWithAnEmptyResourceDoesNotBreakTheSdkParser() throws IOException {
    // Arn.tryFromString throws IllegalArgumentException for this text instead of returning empty
    String middle = """
        {"eventVersion":"1.08","userIdentity":{"type":"AssumedRole","principalId":"AROAEXAMPLE:alice",\
        "arn":"arn:aws:sts::222222222222:assumed-role/Admin/alice","accountId":"222222222222"},\
        "eventTime":"2024-05-01T10:00:01Z","eventSource":"signin.amazonaws.com","eventName":"SwitchRole",\
        "awsRegion":"us-east-1","eventID":"middle","eventType":"AwsConsoleSignIn",\
        "responseElements":{"SwitchRole":"Success"},\
        "additionalEventData":{"SwitchFrom":"arn:aws:iam::111111111111:role/"},\
        "recipientAccountId":"222222222222"}""";

    SourceSummary s = readAround(middle, ReadOptions.DEFAULTS);

    assertCountsAddUp(s);
    assertThat(s.rejected()).isZero();
    assertThat(events).extracting(AuditEvent::id).containsExactly("before", "middle", "after");
    assertThat(events.get(1).hops()).singleElement().satisfies(h -> {
      assertThat(h.mechanism()).isEqualTo(HopMechanism.SWITCH_ROLE);
      // kept as logged, but not recognised as a role: the SDK could not parse it
      assertThat(h.from().id()).isEqualTo("arn:aws:iam::111111111111:role/");
      assertThat(h.from().kind()).isEqualTo(PrincipalKind.UNKNOWN);
    });
  }

  // ---- the safety net: any unchecked exception rejects one record --------------------------------

  private static final CloudTrailReader.ElementNormalizer THROWS_ON_MIDDLE = (node, where, mapper) -> {
    if (node.path("eventID").asText().equals("middle")) {
      throw new IllegalStateException("boom at eventID middle");
    }
    return Normalizer.element(node, where, mapper);
  };

  private SourceSummary readWithNormalizer(ReadOptions options) {
    Tally tally = new Tally("mem.jsonl", options);
    String text = GOOD_BEFORE + "\n" + ReaderTest.record("middle", "2024-05-01T10:00:01Z") + "\n" + GOOD_AFTER + "\n";
    new CloudTrailReader(Jackson.mapper(options), tally, events::add, options.maxStringLength(), THROWS_ON_MIDDLE)
        .readLines(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    return tally.summary();
  }

  @Test
  void anUncheckedExceptionRejectsThatRecordAndReadingContinues() {
    SourceSummary s = readWithNormalizer(ReadOptions.DEFAULTS);

    assertCountsAddUp(s);
    assertThat(s.normalized()).isEqualTo(2);
    assertThat(s.rejected()).isEqualTo(1);
    assertThat(events).extracting(AuditEvent::id).containsExactly("before", "after");
    assertThat(s.rejections()).singleElement().satisfies(r -> {
      assertThat(r.reason()).startsWith("unexpected value in the record (IllegalStateException): boom at eventID middle");
      assertThat(r.location().index()).isEqualTo(1);
      assertThat(r.location().line()).isEqualTo(2);
      assertThat(r.location().byteOffset()).isEqualTo(GOOD_BEFORE.length() + 1);
    });
  }

  @Test
  void inStrictModeTheUncheckedExceptionBecomesAMalformedRecordException() {
    assertThatThrownBy(() -> readWithNormalizer(ReadOptions.strict()))
        .isInstanceOf(MalformedRecordException.class)
        .hasCauseInstanceOf(IllegalStateException.class)
        .satisfies(e -> assertThat(((MalformedRecordException) e).location().line()).isEqualTo(2));
    assertThat(events).extracting(AuditEvent::id).containsExactly("before");
  }
}
