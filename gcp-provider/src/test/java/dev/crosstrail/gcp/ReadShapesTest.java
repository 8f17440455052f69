package dev.crosstrail.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.crosstrail.io.ReadOptions;
import dev.crosstrail.io.ReadReport;
import dev.crosstrail.io.SourceSummary;
import dev.crosstrail.model.AuditEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each file shape, read through {@code AuditLogs} with only the GCP format. */
class ReadShapesTest {

  private static final String NOT_AUDIT_HINT =
      "; export with the filter logName:\"cloudaudit.googleapis.com\" to leave such entries out";

  private static final String PLASO = "gcp/plaso/gcp_logging.jsonl";

  @TempDir
  Path dir;

  @Test
  void gcloudLoggingReadArray() {
    List<AuditEvent> events = new ArrayList<>();
    String file = "gcp/shapes/gcloud-logging-read.json";
    String text = Fixtures.text(file);

    SourceSummary s = Fixtures.reader().read(Fixtures.path(file), ReadOptions.DEFAULTS, events::add);

    assertThat(s.format()).isEqualTo("gcloud-logging-read");
    assertThat(s.read()).isEqualTo(3);
    assertThat(s.normalized()).isEqualTo(2);
    assertThat(events).extracting(AuditEvent::id).containsExactly("a1", "a3");
    assertThat(events.get(0).region()).contains("europe-west1");
    assertThat(events.get(0).location().index()).isZero();
    assertThat(events.get(0).location().line()).isEqualTo(2);
    assertThat(events.get(0).location().byteOffset()).isEqualTo(text.indexOf('{'));
    assertThat(events.get(1).location().index()).isEqualTo(2);
    assertThat(events.get(1).location().line()).isEqualTo(21);
    assertThat(s.rejections()).singleElement().satisfies(r -> {
      assertThat(r.reason()).isEqualTo("not a Cloud Audit Log entry (textPayload)" + NOT_AUDIT_HINT);
      assertThat(r.location().index()).isEqualTo(1);
      assertThat(r.location().line()).isEqualTo(15);
      assertThat(r.location().byteOffset()).isEqualTo(text.lastIndexOf('{', text.indexOf("\"a2\"")));
    });
  }

  @Test
  void cloudStorageSinkTree() throws IOException {
    Path file = dir.resolve("cloudaudit.googleapis.com/activity/2024/05/01/10:00:00_10:59:59_S0.json");
    Files.createDirectories(file.getParent());
    Files.copy(Fixtures.path(PLASO), file);
    List<String> lines = Fixtures.lines(PLASO);
    List<AuditEvent> events = new ArrayList<>();

    ReadReport report = Fixtures.reader().read(List.of(dir), ReadOptions.DEFAULTS, events::add);

    assertThat(report.sources()).singleElement().satisfies(s -> {
      assertThat(s.format()).isEqualTo("gcs-sink-json-lines");
      assertThat(s.source()).endsWith("10:00:00_10:59:59_S0.json");
    });
    assertThat(report.read()).isEqualTo(11);
    assertThat(report.normalized()).isEqualTo(9);
    assertThat(report.rejected()).isEqualTo(2);
    long line8Offset = 0;
    for (int i = 0; i < 7; i++) {
      line8Offset += lines.get(i).getBytes(StandardCharsets.UTF_8).length + 1;
    }
    long expected8 = line8Offset;
    assertThat(report.sources().get(0).rejections()).satisfiesExactly(
        r -> {
          assertThat(r.reason()).isEqualTo("not a Cloud Audit Log entry (jsonPayload)" + NOT_AUDIT_HINT);
          assertThat(r.location().line()).isEqualTo(8);
          assertThat(r.location().index()).isEqualTo(7);
          assertThat(r.location().byteOffset()).isEqualTo(expected8);
        },
        r -> {
          assertThat(r.reason()).isEqualTo("not a Cloud Audit Log entry (textPayload)" + NOT_AUDIT_HINT);
          assertThat(r.location().line()).isEqualTo(9);
        });
    assertThat(events.get(0).id()).isEqualTo("iv9wx9d16l2");
    assertThat(events.get(8).location().line()).isEqualTo(11);
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void pubSubPushEnvelopeOnePerFile() throws IOException {
    ObjectNode envelope = Fixtures.JSON.createObjectNode();
    envelope.put("subscription", "projects/my-project/subscriptions/audit");
    ObjectNode message = envelope.putObject("message");
    message.put("data", base64(Fixtures.lines(PLASO).get(0)));
    message.put("messageId", "9001");
    message.put("publishTime", "2021-10-19T02:57:48Z");
    Path file = dir.resolve("push.json");
    Files.writeString(file, Fixtures.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(envelope));
    List<AuditEvent> events = new ArrayList<>();

    SourceSummary s = Fixtures.reader().read(file, ReadOptions.DEFAULTS, events::add);

    assertThat(s.format()).isEqualTo("pubsub-message");
    assertThat(s.read()).isEqualTo(1);
    assertThat(events).singleElement().satisfies(e -> {
      assertThat(e.id()).isEqualTo("iv9wx9d16l2");
      assertThat(e.actor().id()).isEqualTo("user:fakeemailxyz@gmail.com");
    });
  }

  @Test
  void pubSubMessagesOnePerLineWithOneThatIsNotALogEntry() throws IOException {
    ObjectNode good = Fixtures.JSON.createObjectNode();
    good.put("data", base64(Fixtures.lines(PLASO).get(4)));
    good.putObject("attributes").put("logging.googleapis.com/timestamp", "2021-10-19T02:43:48.064377809Z");
    good.put("messageId", "1");
    ObjectNode bad = (ObjectNode) Fixtures.JSON.readTree(
        Fixtures.text("gcp/google-cloudevents/MessagePublishedData-text.json")).get("message");
    Path file = dir.resolve("messages.jsonl");
    Files.writeString(file, Fixtures.JSON.writeValueAsString(good) + "\n" + Fixtures.JSON.writeValueAsString(bad) + "\n");
    List<AuditEvent> events = new ArrayList<>();

    SourceSummary s = Fixtures.reader().read(file, ReadOptions.DEFAULTS, events::add);

    assertThat(s.format()).isEqualTo("pubsub-message");
    assertThat(s.read()).isEqualTo(2);
    assertThat(events).extracting(AuditEvent::id).containsExactly("8loeppebz7wc");
    assertThat(s.rejections()).singleElement().satisfies(r -> {
      assertThat(r.reason()).startsWith("Pub/Sub message data is not a LogEntry");
      assertThat(r.location().line()).isEqualTo(2);
    });
  }

  @Test
  void singleEntry() {
    List<AuditEvent> events = new ArrayList<>();
    SourceSummary s = Fixtures.reader().read(Fixtures.path("gcp/google-cloudevents/LogEntryData-bigqueryjobcompleted.json"),
        ReadOptions.DEFAULTS, events::add);

    assertThat(s.format()).isEqualTo("log-entry");
    assertThat(events).singleElement().satisfies(e -> {
      assertThat(e.id()).isEqualTo("jpllvgecd7bx");
      assertThat(e.service()).isEqualTo("bigquery.googleapis.com");
      assertThat(e.actor().id()).isEqualTo("serviceAccount:robot@test-project.iam.gserviceaccount.com");
      assertThat(e.location().line()).isEqualTo(1);
      assertThat(e.location().byteOffset()).isZero();
    });
  }

  @Test
  void gzipSinkFile() throws IOException {
    Path file = dir.resolve("S0.json.gz");
    Files.write(file, gzip(Files.readAllBytes(Fixtures.path(PLASO))));
    List<AuditEvent> events = new ArrayList<>();

    SourceSummary s = Fixtures.reader().read(file, ReadOptions.DEFAULTS, events::add);

    assertThat(s.format()).isEqualTo("gcs-sink-json-lines");
    assertThat(s.read()).isEqualTo(11);
    assertThat(s.normalized()).isEqualTo(9);
    assertThat(events).hasSize(9);
  }

  @Test
  void truncatedGzipBecomesARejectionNamingTheByteOffset() throws IOException {
    // 400 entries of about 1 KiB: well beyond the 64 KiB head, so the cut falls mid-stream.
    StringBuilder content = new StringBuilder();
    List<Long> lineStarts = new ArrayList<>();
    String template = Fixtures.lines(PLASO).get(1);
    for (int i = 0; i < 400; i++) {
      ObjectNode entry = (ObjectNode) Fixtures.JSON.readTree(template);
      entry.put("insertId", "e" + i);
      lineStarts.add((long) content.toString().getBytes(StandardCharsets.UTF_8).length);
      content.append(Fixtures.JSON.writeValueAsString(entry)).append('\n');
    }
    byte[] whole = gzip(content.toString().getBytes(StandardCharsets.UTF_8));
    byte[] cut = java.util.Arrays.copyOf(whole, whole.length * 3 / 4);
    Path file = dir.resolve("truncated.json.gz");
    Files.write(file, cut);
    List<AuditEvent> events = new ArrayList<>();

    SourceSummary s = Fixtures.reader().read(file, ReadOptions.DEFAULTS, events::add);

    assertThat(s.read()).isEqualTo(s.normalized() + s.rejected());
    assertThat(s.rejected()).isEqualTo(1);
    assertThat(s.normalized()).isBetween(100L, 399L);
    assertThat(events).hasSize((int) s.normalized());
    int firstLost = (int) s.normalized();
    assertThat(s.rejections()).singleElement().satisfies(r -> {
      assertThat(r.reason()).contains("ends early or is corrupt").contains("EOFException").contains("bytes");
      assertThat(r.location().index()).isEqualTo(firstLost);
      assertThat(r.location().line()).isEqualTo(firstLost + 1);
      assertThat(r.location().byteOffset()).isEqualTo(lineStarts.get(firstLost));
    });
  }

  @Test
  void cloudTrailContentIsNotClaimed() {
    CloudAuditLogFormat format = new CloudAuditLogFormat();
    List<String> cloudTrail = List.of(
        "{\"Records\": [{\"eventVersion\": \"1.08\", \"eventID\": \"x\"}]}",
        "{\"eventVersion\": \"1.08\", \"eventID\": \"x\", \"eventName\": \"AssumeRole\"}",
        "{\"Events\": [{\"EventId\": \"x\", \"CloudTrailEvent\": \"{}\"}]}",
        "{\"version\": \"0\", \"detail-type\": \"AWS API Call via CloudTrail\", \"detail\": {}}",
        "[{\"eventVersion\": \"1.08\", \"eventID\": \"x\"}]",
        Fixtures.lines("gcp/plaso/gcp_logging.jsonl").get(0).replace("\"insertId\"", "\"eventID\""));
    for (String text : cloudTrail) {
      byte[] head = text.getBytes(StandardCharsets.UTF_8);
      assertThat(format.recognize(head, head.length)).as(text).isEmpty();
    }
    byte[] gcp = Fixtures.lines(PLASO).get(0).getBytes(StandardCharsets.UTF_8);
    assertThat(format.recognize(gcp, gcp.length)).contains("log-entry");
    assertThat(format.recognize(gcp, 100)).as("head cut mid-record").contains("gcs-sink-json-lines");
  }

  @Test
  void serviceLoaderFindsTheFormat() {
    assertThat(dev.crosstrail.io.AuditLogs.load().formats()).anySatisfy(f ->
        assertThat(f).isInstanceOf(CloudAuditLogFormat.class));
    assertThat(new CloudAuditLogFormat().cloud()).isEqualTo(dev.crosstrail.model.Cloud.GCP);
  }

  static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    }
    return out.toByteArray();
  }

}
