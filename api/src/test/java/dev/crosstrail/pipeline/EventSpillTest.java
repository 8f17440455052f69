package dev.crosstrail.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crosstrail.model.AuditEvent;
import dev.crosstrail.model.Cloud;
import dev.crosstrail.model.Credential;
import dev.crosstrail.model.CredentialKind;
import dev.crosstrail.model.Evidence;
import dev.crosstrail.model.Hop;
import dev.crosstrail.model.HopMechanism;
import dev.crosstrail.model.Outcome;
import dev.crosstrail.model.Principal;
import dev.crosstrail.model.PrincipalKind;
import dev.crosstrail.model.RecordLocation;
import dev.crosstrail.model.ResourceRef;
import dev.crosstrail.model.SessionContext;
import dev.crosstrail.model.Strength;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventSpillTest {

  @TempDir
  Path dir;

  private static final Principal ROLE = new Principal("arn:aws:iam::111111111111:role/Deploy", PrincipalKind.IAM_ROLE,
      Cloud.AWS, Optional.of("111111111111"), Optional.of("AROAEXAMPLEID"), Optional.of("Role"));
  private static final Principal SESSION = new Principal("arn:aws:sts::111111111111:assumed-role/Deploy/olivia",
      PrincipalKind.ROLE_SESSION, Cloud.AWS, Optional.of("111111111111"), Optional.empty(), Optional.empty());

  /** Every optional present, every list non-empty, text outside ASCII, times with nanos and before 1970. */
  static AuditEvent everyFieldSet(String id) {
    Hop hop = new Hop(HopMechanism.ASSUME_ROLE, ROLE, SESSION,
        Optional.of(Credential.of(CredentialKind.AWS_TEMPORARY_ACCESS_KEY, "ASIAEXAMPLE")),
        Instant.parse("2026-03-03T02:43:32.123456789Z"), Optional.of(Instant.parse("2026-03-03T03:43:32Z")),
        Optional.of("sts.amazonaws.com"), Optional.of("olivia"),
        List.of(new Evidence(Cloud.AWS, id, Instant.parse("2026-03-03T02:43:32Z")),
            new Evidence(Cloud.AWS, id + "-copy", Instant.parse("2026-03-03T02:43:33Z"))),
        Strength.ASSERTED, Optional.of("sourceIdentity names the caller"));
    SessionContext session = new SessionContext(Optional.of(ROLE), Optional.of(Instant.parse("1969-12-31T23:59:59.5Z")),
        true, Optional.of("olivia"), Optional.of("accounts.google.com"),
        Map.of("accounts.google.com:sub", "1234567890", "accounts.google.com:aud", "ünïcødé ✓"),
        Optional.of("ec2.amazonaws.com"), Optional.of("someone"), true, Optional.of("IMDSv2"));
    return new AuditEvent(Cloud.AWS, id, Instant.parse("2026-03-03T02:43:32.000000001Z"), "sts.amazonaws.com",
        "AssumeRole", SESSION, Optional.of(Credential.awsAccessKey("ASIAOTHER")), Optional.of(session),
        Optional.of("203.0.113.7"), Optional.of("aws-cli/2 ✓ \ud800 lone surrogate, 😀 pair"),
        Optional.of("111111111111"), Optional.of("eu-west-1"),
        List.of(new ResourceRef("arn:aws:iam::111111111111:role/Deploy", Optional.of("AWS::IAM::Role"),
            Optional.of("111111111111")), ResourceRef.of("bucket")),
        Outcome.failure("AccessDenied", "not authorized ✗"), true, List.of(hop), Optional.of("shared-1"),
        Optional.of("Management"),
        new RecordLocation("AWSLogs/111111111111/CloudTrail/x.json.gz", 17, -1, 123_456_789_012L),
        List.of(ROLE, new Principal("user:alice@example.com", PrincipalKind.GOOGLE_USER, Cloud.GCP, Optional.empty(),
            Optional.empty(), Optional.empty())));
  }

  /** Nothing optional present, no lists. */
  static AuditEvent minimal(String id) {
    return new AuditEvent(Cloud.GCP, id, Instant.EPOCH, "storage.googleapis.com", "storage.objects.get",
        new Principal("serviceAccount:x@p.iam.gserviceaccount.com", PrincipalKind.SERVICE_ACCOUNT, Cloud.GCP,
            Optional.empty(), Optional.empty(), Optional.empty()),
        Optional.of(Credential.ofKind(CredentialKind.GCP_ACCESS_TOKEN)), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty(), List.of(), Outcome.SUCCESS, false, List.of(),
        Optional.empty(), Optional.empty(), new RecordLocation("-", 0, 1, 0), List.of());
  }

  @Test
  void eventsComeBackEqualAndInOrder() throws IOException {
    List<AuditEvent> events = List.of(everyFieldSet("a"), minimal("b"), everyFieldSet("c"), minimal("d"));

    assertThat(roundTrip(events)).containsExactlyElementsOf(events);
  }

  @Test
  void stringsThatShareACacheSlotLongStringsAndManyDistinctOnesSurvive() throws IOException {
    // "Aa" and "BB" have the same hashCode, so they always land in the same slot and evict each other.
    Random random = new Random(7);
    List<AuditEvent> events = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      String id = (i % 2 == 0 ? "Aa" : "BB") + random.nextInt(3);
      AuditEvent base = i % 3 == 0 ? everyFieldSet(id) : minimal(id + "-" + i);
      events.add(new AuditEvent(base.cloud(), base.id(), base.time().plusNanos(random.nextInt(1_000_000)),
          base.service(), i % 1000 == 0 ? "x".repeat(100_000) : "op" + random.nextInt(5000), base.actor(),
          base.credential(), base.session(), base.sourceIp(), Optional.of("agent " + random.nextInt(9000)),
          base.account(), base.region(), base.resources(), base.outcome(), base.identityEstablishing(), base.hops(),
          base.sharedEventId(), base.category(), new RecordLocation("file-" + (i / 100), i, i + 1, 1000L * i),
          base.namedPrincipals()));
    }

    assertThat(roundTrip(events)).containsExactlyElementsOf(events);
  }

  /**
   * Strings whose UTF-8 is longer than their chars, strings that are ASCII up to their last char, and
   * lengths around the 64 KiB write buffer's (a string that fits exactly, one that does not).
   */
  @Test
  void nonAsciiStringsAndStringsAroundTheBufferSizeSurvive() throws IOException {
    AuditEvent base = minimal("a");
    List<String> agents = List.of("café", "東京 agent", "x".repeat(40_000) + "é", "y".repeat(65_530),
        "z".repeat(65_536), "w".repeat(65_540) + "\u00ff", "plain", "\u007f\u0080");
    List<AuditEvent> events = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      events.add(new AuditEvent(base.cloud(), "id" + i, base.time(), base.service(), base.operation(), base.actor(),
          base.credential(), base.session(), base.sourceIp(), Optional.of(agents.get(i % agents.size()) + i % 3),
          base.account(), base.region(), base.resources(), base.outcome(), base.identityEstablishing(), base.hops(),
          base.sharedEventId(), base.category(), base.location(), base.namedPrincipals()));
    }

    assertThat(roundTrip(events)).containsExactlyElementsOf(events);
  }

  /** ASCII plus one lone surrogate encodes to as many UTF-8 bytes as chars ('?' for the surrogate). */
  @Test
  void anAsciiStringWithALoneSurrogateKeepsItAndTheCachesAgree() throws IOException {
    AuditEvent base = minimal("a");
    List<AuditEvent> events = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      events.add(new AuditEvent(base.cloud(), "id" + i, base.time(), base.service(), base.operation(), base.actor(),
          base.credential(), base.session(), base.sourceIp(), Optional.of("aws-cli/2 \ud800 x"), base.account(),
          base.region(), base.resources(), base.outcome(), base.identityEstablishing(), base.hops(),
          base.sharedEventId(), base.category(), base.location(), base.namedPrincipals()));
      events.add(new AuditEvent(base.cloud(), "q" + i, base.time(), base.service(), base.operation(), base.actor(),
          base.credential(), base.session(), base.sourceIp(), Optional.of("aws-cli/2 ? x"), base.account(),
          base.region(), base.resources(), base.outcome(), base.identityEstablishing(), base.hops(),
          base.sharedEventId(), base.category(), base.location(), base.namedPrincipals()));
    }

    assertThat(roundTrip(events)).containsExactlyElementsOf(events);
  }

  @Test
  void aTruncatedSpillIsAnErrorNamingTheFile() throws IOException {
    Path file = dir.resolve("events.spill");
    try (EventSpill.Writer writer = new EventSpill.Writer(file)) {
      writer.write(everyFieldSet("a"));
    }
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length / 2));

    try (EventSpill.Reader reader = new EventSpill.Reader(file)) {
      assertThatThrownBy(reader::next).isInstanceOf(EOFException.class).hasMessageContaining(file.toString());
    }
  }

  @Test
  void repeatedStringsAreWrittenOnce() throws IOException {
    Path one = dir.resolve("one.spill");
    Path many = dir.resolve("many.spill");
    try (EventSpill.Writer writer = new EventSpill.Writer(one)) {
      writer.write(everyFieldSet("id-0"));
    }
    try (EventSpill.Writer writer = new EventSpill.Writer(many)) {
      for (int i = 0; i < 100; i++) {
        writer.write(everyFieldSet("id-" + i));
      }
    }
    // Each further copy writes its new ids and times in full and every other string as a 2-byte
    // reference: under a third of the first copy (682 bytes, then about 200 per copy).
    assertThat(Files.size(many)).isLessThan(Files.size(one) + 99 * (Files.size(one) / 3));
  }

  private List<AuditEvent> roundTrip(List<AuditEvent> events) throws IOException {
    Path file = Files.createTempFile(dir, "events", ".spill");
    try (EventSpill.Writer writer = new EventSpill.Writer(file)) {
      for (AuditEvent e : events) {
        writer.write(e);
      }
      assertThat(writer.events()).isEqualTo(events.size());
    }
    List<AuditEvent> back = new ArrayList<>();
    try (EventSpill.Reader reader = new EventSpill.Reader(file)) {
      for (Optional<AuditEvent> e = reader.next(); e.isPresent(); e = reader.next()) {
        back.add(e.get());
      }
    }
    return back;
  }
}
