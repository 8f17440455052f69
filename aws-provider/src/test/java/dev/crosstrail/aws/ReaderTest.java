package dev.crosstrail.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crosstrail.io.AuditLogs;
import dev.crosstrail.io.MalformedRecordException;
import dev.crosstrail.io.ReadOptions;
import dev.crosstrail.io.ReadReport;
import dev.crosstrail.io.Rejection;
import dev.crosstrail.io.SourceSummary;
import dev.crosstrail.model.AuditEvent;
import dev.crosstrail.model.RecordLocation;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** File shapes, streaming, and every kind of bad input, with counts and locations. */
class ReaderTest {

  private final AuditLogs logs = AuditLogs.of(List.of(new CloudTrailFormat())).withParallelism(1);
  private final List<AuditEvent> events = new ArrayList<>();

  static String record(String id, String time) {
    return """
        {"eventVersion":"1.08","userIdentity":{"type":"IAMUser","principalId":"AIDAEXAMPLE1",\
        "arn":"arn:aws:iam::111122223333:user/alice","accountId":"111122223333","userName":"alice"},\
        "eventTime":"%s","eventSource":"s3.amazonaws.com","eventName":"ListBuckets",\
        "awsRegion":"us-east-1","eventID":"%s","recipientAccountId":"111122223333"}""".formatted(time, id);
  }

  static String logFile(int n) {
    StringBuilder s = new StringBuilder("{\"Records\":[");
    for (int i = 0; i < n; i++) {
      s.append(i == 0 ? "" : ",").append(record("id-" + i, "2024-05-01T10:00:00Z"));
    }
    return s.append("]}").toString();
  }

  static byte[] gzip(String text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  SourceSummary read(String text) {
    return read(text.getBytes(StandardCharsets.UTF_8), ReadOptions.DEFAULTS);
  }

  SourceSummary read(byte[] bytes, ReadOptions options) {
    return logs.read("mem.json", new ByteArrayInputStream(bytes), options, events::add);
  }

  static void assertCountsAddUp(SourceSummary s) {
    assertThat(s.read()).isEqualTo(s.normalized() + s.rejected());
  }

  @Test
  void registeredForServiceLoader() {
    assertThat(AuditLogs.load().formats()).hasAtLeastOneElementOfType(CloudTrailFormat.class);
    assertThat(new CloudTrailFormat().cloud()).isEqualTo(dev.crosstrail.model.Cloud.AWS);
  }

  // ---- recognition -----------------------------------------------------------------------------

  @Test
  void recognisesEachShapeFromContent() {
    CloudTrailFormat f = new CloudTrailFormat();
    String rec = record("a", "2024-05-01T10:00:00Z");
    assertThat(recognize(f, logFile(2))).contains("cloudtrail-log-file");
    assertThat(recognize(f, "{\"Events\":[{\"EventId\":\"a\",\"CloudTrailEvent\":\"{}\"}],\"NextToken\":\"t\"}"))
        .contains("cloudtrail-lookup-events");
    assertThat(recognize(f, rec + "\n" + rec + "\n")).contains("cloudtrail-json-lines");
    assertThat(recognize(f, "{\"EventId\":\"a\",\"CloudTrailEvent\":\"{}\"}\n")).contains("cloudtrail-lookup-events-lines");
    assertThat(recognize(f, "{\"detail-type\":\"AWS API Call via CloudTrail\",\"detail\":" + rec + "}"))
        .contains("cloudtrail-eventbridge");
    assertThat(recognize(f, "[" + rec + "]")).contains("cloudtrail-json-array");
    assertThat(recognize(f, rec.replace(",\"", ",\n  \""))).contains("cloudtrail-record");
    // sorted keys (stratus-red-team): eventVersion is not first
    assertThat(recognize(f, "[{\"awsRegion\":\"us-east-1\",\"eventID\":\"x\",\"eventName\":\"n\"}]"))
        .contains("cloudtrail-json-array");
    // the head may end in the middle of a record
    String cut = logFile(3);
    assertThat(f.recognize(cut.getBytes(StandardCharsets.UTF_8), cut.length() / 2)).contains("cloudtrail-log-file");
  }

  @Test
  void doesNotClaimGcpOrOtherContent() {
    CloudTrailFormat f = new CloudTrailFormat();
    assertThat(recognize(f, """
        {"logName": "projects/p/logs/cloudaudit.googleapis.com%2Factivity", "insertId": "abc",
         "protoPayload": {"@type": "type.googleapis.com/google.cloud.audit.AuditLog"},
         "timestamp": "2024-05-01T10:00:00Z", "resource": {"type": "gce_instance"}}""")).isEmpty();
    assertThat(recognize(f, "[{\"logName\":\"projects/p/logs/x\",\"insertId\":\"1\",\"eventTime\":\"t\",\"eventID\":\"i\"}]"))
        .isEmpty();
    assertThat(recognize(f, "{\"detail-type\":\"EC2 Instance State-change Notification\",\"detail\":{}}")).isEmpty();
    assertThat(recognize(f, "{}")).isEmpty();
    assertThat(recognize(f, "[]")).isEmpty();
    assertThat(recognize(f, "name,value\n1,2\n")).isEmpty();
    assertThat(f.recognize(new byte[0], 0)).isEmpty();
  }

  private static Optional<String> recognize(CloudTrailFormat f, String text) {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    return f.recognize(b, b.length);
  }

  // ---- shapes ----------------------------------------------------------------------------------

  @Test
  void s3LogFilePlainAndGzip() {
    SourceSummary plain = read(logFile(3));
    SourceSummary gz = read(gzip(logFile(3)), ReadOptions.DEFAULTS);
    for (SourceSummary s : List.of(plain, gz)) {
      assertThat(s.format()).isEqualTo("cloudtrail-log-file");
      assertThat(s.read()).isEqualTo(3);
      assertThat(s.normalized()).isEqualTo(3);
    }
    assertThat(events).extracting(AuditEvent::id).containsExactly("id-0", "id-1", "id-2", "id-0", "id-1", "id-2");
    // record 1 starts right after `{"Records":[` + record 0 + `,`
    int offset = "{\"Records\":[".length() + record("id-0", "2024-05-01T10:00:00Z").length() + 1;
    assertThat(events.get(1).location()).isEqualTo(new RecordLocation("mem.json", 1, 1, offset));
  }

  @Test
  void directoryTreeSkipsDigestFiles(@TempDir Path dir) throws IOException {
    Path logDir = dir.resolve("AWSLogs/111122223333/CloudTrail/us-east-1/2024/05/01");
    Path digestDir = dir.resolve("AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2024/05/01");
    Files.createDirectories(logDir);
    Files.createDirectories(digestDir);
    Files.write(logDir.resolve("111122223333_CloudTrail_us-east-1_20240501T1000Z_abc.json.gz"), gzip(logFile(2)));
    Files.write(digestDir.resolve("111122223333_CloudTrail-Digest_us-east-1_x_us-east-1_20240501T1100Z.json.gz"),
        gzip("{\"awsAccountId\":\"111122223333\",\"logFiles\":[{\"s3Object\":\"k\",\"hashValue\":\"00\"}]}"));
    ReadReport report = logs.read(List.of(dir), ReadOptions.DEFAULTS, events::add);
    assertThat(report.sources()).hasSize(1);
    assertThat(report.sources().get(0).source()).endsWith("_abc.json.gz");
    assertThat(report.normalized()).isEqualTo(2);
    assertThat(report.rejected()).isZero();
  }

  @Test
  void lookupEventsOutputUnwrapsTheJsonString() {
    SourceSummary s = logs.read(FixtureCorpusTest.fixture(
        "aws-docs/aws-cli-examples/lookup-events.rst__Output__ConsoleLogin_AssumedRole.json"), ReadOptions.DEFAULTS,
        events::add);
    assertThat(s.format()).isEqualTo("cloudtrail-lookup-events");
    AuditEvent e = events.get(0);
    assertThat(e.operation()).isEqualTo("ConsoleLogin");
    assertThat(e.service()).isEqualTo("signin.amazonaws.com");
    assertThat(e.actor().kind()).isEqualTo(dev.crosstrail.model.PrincipalKind.ROLE_SESSION);
  }

  @Test
  void ndjsonAndEventBridgeInEachLayout() {
    String rec = record("nd-1", "2024-05-01T10:00:00Z");
    String envelope = "{\"version\":\"0\",\"detail-type\":\"AWS API Call via CloudTrail\",\"source\":\"aws.s3\",\"detail\":"
        + record("eb-1", "2024-05-01T10:00:00Z") + "}";
    SourceSummary nd = read(rec + "\n\n" + record("nd-2", "2024-05-01T10:00:01Z") + "\n");
    assertThat(nd.format()).isEqualTo("cloudtrail-json-lines");
    assertThat(nd.normalized()).isEqualTo(2);
    assertThat(events.get(1).location().line()).isEqualTo(3);
    assertThat(events.get(1).location().byteOffset()).isEqualTo(rec.length() + 2);

    assertThat(read(envelope).format()).isEqualTo("cloudtrail-eventbridge");
    assertThat(read("[" + envelope + "," + envelope + "]").normalized()).isEqualTo(2);
    SourceSummary lines = read(envelope + "\n" + envelope + "\n");
    assertThat(lines.format()).isEqualTo("cloudtrail-eventbridge");
    assertThat(lines.normalized()).isEqualTo(2);
    assertThat(events).extracting(AuditEvent::id).containsOnly("nd-1", "nd-2", "eb-1");
  }

  @Test
  void singleRecordAndArray() {
    SourceSummary one = read(NormalizerTest.fixtureText(
        "aws-docs/iam-user-guide/cloudtrail-integration__L0085_GetUserPolicy_IAMUser.json"));
    assertThat(one.format()).isEqualTo("cloudtrail-record");
    assertThat(one.normalized()).isEqualTo(1);
    SourceSummary array = read("[" + record("a1", "2024-05-01T10:00:00Z") + "," + record("a2", "2024-05-01T10:00:00Z")
        + "]");
    assertThat(array.format()).isEqualTo("cloudtrail-json-array");
    assertThat(array.normalized()).isEqualTo(2);
  }

  @Test
  void manyRecordsStreamOneAtATime() {
    // 20,000 records (about 7 MB) through a 16 KiB string limit: each record is bound on its own
    SourceSummary s = read(logFile(20_000).getBytes(StandardCharsets.UTF_8), new ReadOptions(ReadOptions.Mode.LENIENT,
        16 * 1024, 32));
    assertThat(s.normalized()).isEqualTo(20_000);
  }

  // ---- bad input ---------------------------------------------------------------------------------

  @Test
  void malformedLineIsRejectedAndReadingResumesAtTheNextLine() throws IOException {
    Path file = Path.of(getClass().getResource("/fixtures/malformed/ndjson-with-broken-line.jsonl").getFile());
    List<String> lines = Files.readAllLines(file);
    SourceSummary s = logs.read(file, ReadOptions.DEFAULTS, events::add);
    assertThat(s.format()).isEqualTo("cloudtrail-json-lines");
    assertThat(s.read()).isEqualTo(3);
    assertThat(s.normalized()).isEqualTo(2);
    assertThat(s.rejected()).isEqualTo(1);
    Rejection r = s.rejections().get(0);
    assertThat(r.location().index()).isEqualTo(1);
    assertThat(r.location().line()).isEqualTo(2);
    assertThat(r.location().byteOffset()).isEqualTo(lines.get(0).getBytes(StandardCharsets.UTF_8).length + 1);
    // the file's line is in the location; the parser saw only that line, so the reason says the column alone
    assertThat(r.reason()).startsWith("malformed JSON at column ").doesNotContain("line 1");
    assertThat(r.excerpt()).hasValueSatisfying(x -> assertThat(x).startsWith("{\"eventVersion\""));
    assertThat(events).extracting(AuditEvent::id)
        .containsExactly("11111111-0000-0000-0000-000000000001", "11111111-0000-0000-0000-000000000003");
    assertThat(events.get(1).location().index()).isEqualTo(2);
  }

  @Test
  void brokenLogFileRejectsTheRestOnceWithItsOffset() throws IOException {
    Path file = Path.of(getClass().getResource("/fixtures/malformed/log-file-broken-after-first-record.json").getFile());
    String text = Files.readString(file);
    SourceSummary s = logs.read(file, ReadOptions.DEFAULTS, events::add);
    assertThat(s.read()).isEqualTo(2);
    assertThat(s.normalized()).isEqualTo(1);
    assertThat(s.rejected()).isEqualTo(1);
    Rejection r = s.rejections().get(0);
    assertThat(r.location().index()).isEqualTo(1);
    assertThat(r.location().line()).isEqualTo(12);
    assertThat(r.location().byteOffset()).isEqualTo(text.indexOf("  {\n    \"eventVersion\": \"1.08\"\n") + 2);
    assertThat(r.reason()).contains("malformed JSON").contains("reading of this file stopped at byte");
  }

  @Test
  void truncatedGzipBecomesARejectionNamingTheByteOffset() {
    // large enough that the cut falls past the 64 KiB head that AuditLogs reads before the format does
    byte[] whole = gzip(logFile(2000));
    byte[] cut = Arrays.copyOf(whole, whole.length / 2);
    SourceSummary s = read(cut, ReadOptions.DEFAULTS);
    assertCountsAddUp(s);
    assertThat(s.normalized()).isGreaterThan(200).isLessThan(2000);
    assertThat(s.rejected()).isEqualTo(1);
    // the offset is what really decompressed, not the parser's (which counts its last buffer twice)
    long decompressed = decompressedLength(cut);
    assertThat(s.rejections().get(0).reason()).contains("EOFException")
        .contains("breaks off after " + decompressed + " bytes (decompressed)").contains("fetch the file again")
        .contains("this record is incomplete");
    assertThat(s.rejections().get(0).location().byteOffset()).isPositive().isLessThan(decompressed);

    StringBuilder nd = new StringBuilder();
    for (int i = 1000; i < 3000; i++) {
      nd.append(record("l-" + i, "2024-05-01T10:00:00Z")).append('\n');
    }
    byte[] ndWhole = gzip(nd.toString());
    SourceSummary lines = read(Arrays.copyOf(ndWhole, ndWhole.length / 2), ReadOptions.DEFAULTS);
    assertCountsAddUp(lines);
    assertThat(lines.format()).isEqualTo("cloudtrail-json-lines");
    assertThat(lines.rejected()).isEqualTo(1);
    Rejection r = lines.rejections().get(0);
    assertThat(r.reason()).contains("EOFException").contains("at byte");
    assertThat(r.location().line()).isEqualTo(lines.normalized() + 1);
    assertThat(r.location().byteOffset()).isEqualTo(lines.normalized() * (nd.length() / 2000));
  }

  /**
   * A file cut in its gzip trailer (checksum and length) holds every record: they are all read, and the
   * break is still reported, as one rejection that says so, at the end of the document.
   */
  @Test
  void aGzipCutInItsTrailerKeepsEveryRecordAndSaysTheRestIsLost() {
    String text = logFile(50);
    byte[] whole = gzip(text);
    SourceSummary s = read(Arrays.copyOf(whole, whole.length - 4), ReadOptions.DEFAULTS);

    assertCountsAddUp(s);
    assertThat(s.normalized()).isEqualTo(50);
    assertThat(s.rejected()).isEqualTo(1);
    Rejection r = s.rejections().get(0);
    int length = text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    assertThat(r.location().byteOffset()).isEqualTo(length);
    assertThat(r.reason()).contains("breaks off after " + length + " bytes (decompressed)")
        .contains("every record before the break was read");
  }

  private static long decompressedLength(byte[] gzip) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    try (java.util.zip.GZIPInputStream in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(gzip))) {
      in.transferTo(out);
    } catch (java.io.IOException expected) {
      // cut short: what came before the break is in out
    }
    return out.size();
  }

  @Test
  void recordThatIsNotAnObject() {
    SourceSummary s = read("{\"Records\":[1,\"x\",[2]," + record("ok", "2024-05-01T10:00:00Z") + "]}");
    assertThat(s.read()).isEqualTo(4);
    assertThat(s.normalized()).isEqualTo(1);
    assertThat(s.rejections()).extracting(Rejection::reason).containsExactly(
        "expected a CloudTrail record (a JSON object), found a number",
        "expected a CloudTrail record (a JSON object), found a string",
        "expected a CloudTrail record (a JSON object), found an array");
    assertThat(s.rejections().get(1).location().byteOffset()).isEqualTo("{\"Records\":[1,".length());
    SourceSummary line = read(record("a", "2024-05-01T10:00:00Z") + "\n42\n");
    assertThat(line.rejections()).extracting(Rejection::reason)
        .containsExactly("expected a CloudTrail record (a JSON object), found a number");
  }

  @Test
  void missingRequiredFields() {
    String good = record("g", "2024-05-01T10:00:00Z");
    String noTime = good.replace("\"eventTime\":\"2024-05-01T10:00:00Z\",", "");
    String noId = good.replace("\"eventID\":\"g\",", "");
    SourceSummary s = read("[" + good + "," + noTime + "," + noId + "]");
    assertThat(s.read()).isEqualTo(3);
    assertThat(s.normalized()).isEqualTo(1);
    assertThat(s.rejections()).extracting(Rejection::reason)
        .containsExactly("missing required field eventTime", "missing required field eventID");
    assertThat(s.rejections()).extracting(r -> r.location().index()).containsExactly(1L, 2L);
  }

  /** Objects that carry no CloudTrail record are named for what they are, not as records missing eventTime. */
  @Test
  void envelopesAndEntriesWithoutARecordSayWhatTheyAre() {
    String good = record("g", "2024-05-01T10:00:00Z");
    SourceSummary s = read(good + "\n"
        + "{\"EventId\":\"e1\",\"EventName\":\"ListBuckets\",\"EventTime\":1714557600}\n"
        + "{\"version\":\"0\",\"detail-type\":\"AWS API Call via CloudTrail\",\"source\":\"aws.s3\"}\n"
        + "{\"insertId\":\"abc\",\"logName\":\"projects/p/logs/cloudaudit.googleapis.com%2Factivity\","
        + "\"protoPayload\":{\"methodName\":\"x\"},\"timestamp\":\"2024-05-01T10:00:00Z\"}\n");
    assertThat(s.read()).isEqualTo(4);
    assertThat(s.normalized()).isEqualTo(1);
    assertThat(s.rejections()).extracting(Rejection::reason).satisfiesExactly(
        r -> assertThat(r).startsWith("a lookup-events item without CloudTrailEvent"),
        r -> assertThat(r).startsWith("an EventBridge event without detail"),
        r -> assertThat(r).startsWith("a Cloud Audit Log entry (it has logName/protoPayload), not a CloudTrail record"));
  }

  @Test
  void wrongValueTypes() {
    String good = record("g", "2024-05-01T10:00:00Z");
    SourceSummary s = read(String.join("\n",
        good.replace("\"2024-05-01T10:00:00Z\"", "5"),
        good.replaceFirst("\"userIdentity\":\\{[^}]*\\}", "\"userIdentity\":\"x\""),
        good.replace("\"2024-05-01T10:00:00Z\"", "\"yesterday\""),
        good));
    assertThat(s.read()).isEqualTo(4);
    assertThat(s.normalized()).isEqualTo(1);
    assertThat(s.rejections()).extracting(Rejection::reason).containsExactly(
        "field eventTime: expected a string, found a number",
        "field userIdentity: expected an object, found a string",
        "field eventTime: expected an ISO-8601 time such as 2024-05-01T10:00:00Z, found a string that is not one");
    // the record's own id, read before its fault, to find it in the file
    assertThat(s.rejections().get(0).toString()).contains("line 1 byte 0 (id g): field eventTime");
  }

  @Test
  void hugeStringsAreRejectedNamingTheLimit() {
    ReadOptions small = new ReadOptions(ReadOptions.Mode.LENIENT, 1000, 64);
    String huge = record("h", "2024-05-01T10:00:00Z").replace("ListBuckets", "x".repeat(5000));
    SourceSummary lines = read((huge + "\n" + record("ok", "2024-05-01T10:00:00Z") + "\n")
        .getBytes(StandardCharsets.UTF_8), small);
    assertThat(lines.read()).isEqualTo(2);
    assertThat(lines.normalized()).isEqualTo(1);
    assertThat(lines.rejections().get(0).reason()).contains("ReadOptions.maxStringLength")
        .contains("longer than the limit of 1000 characters")
        // the parser stops counting when the string passes the limit: its count is no length to raise it to
        .doesNotContain("String value length");
    assertThat(lines.rejections().get(0).location().line()).isEqualTo(1);

    SourceSummary array = read(("[" + record("ok", "2024-05-01T10:00:00Z") + "," + huge + "]")
        .getBytes(StandardCharsets.UTF_8), small);
    assertThat(array.read()).isEqualTo(2);
    assertThat(array.normalized()).isEqualTo(1);
    assertThat(array.rejections().get(0).reason()).contains("ReadOptions.maxStringLength");
    assertThat(array.rejections().get(0).location().index()).isEqualTo(1);
  }

  @Test
  void deepNestingIsRejectedNamingTheLimit() {
    ReadOptions shallow = new ReadOptions(ReadOptions.Mode.LENIENT, 100_000, 16);
    String deep = "[".repeat(40) + "]".repeat(40);
    String nested = record("d", "2024-05-01T10:00:00Z").replace("\"awsRegion\"", "\"requestParameters\":" + deep
        + ",\"awsRegion\"");
    SourceSummary s = read((nested + "\n" + record("ok", "2024-05-01T10:00:00Z") + "\n")
        .getBytes(StandardCharsets.UTF_8), shallow);
    assertThat(s.read()).isEqualTo(2);
    assertThat(s.normalized()).isEqualTo(1);
    assertThat(s.rejections().get(0).reason()).contains("ReadOptions.maxNestingDepth");
    // within the default limits the same record is fine
    assertThat(CloudTrail.normalize(nested, NormalizerTest.HERE).id()).isEqualTo("d");
  }

  @Test
  void cloudTrailEventStringThatIsNotJson() {
    String good = record("in", "2024-05-01T10:00:00Z").replace("\"", "\\\"");
    SourceSummary s = read("{\"EventId\":\"a\",\"CloudTrailEvent\":\"{not json\"}\n"
        + "{\"EventId\":\"b\",\"CloudTrailEvent\":\"" + good + "\"}\n"
        + "{\"EventId\":\"c\",\"CloudTrailEvent\":7}\n");
    assertThat(s.format()).isEqualTo("cloudtrail-lookup-events-lines");
    assertThat(s.read()).isEqualTo(3);
    assertThat(s.normalized()).isEqualTo(1);
    assertThat(s.rejections().get(0).reason()).startsWith("CloudTrailEvent is not valid JSON");
    assertThat(s.rejections().get(1).reason())
        .isEqualTo("field CloudTrailEvent: expected the record as a JSON string, found a number");
    assertThat(events).extracting(AuditEvent::id).containsExactly("in");
  }

  @Test
  void strictModeThrowsWithTheLocation() throws IOException {
    Path file = Path.of(getClass().getResource("/fixtures/malformed/ndjson-with-broken-line.jsonl").getFile());
    assertThatThrownBy(() -> logs.read(file, ReadOptions.strict(), events::add))
        .isInstanceOf(MalformedRecordException.class)
        .satisfies(e -> {
          RecordLocation where = ((MalformedRecordException) e).location();
          assertThat(where.index()).isEqualTo(1);
          assertThat(where.line()).isEqualTo(2);
          assertThat(where.source()).endsWith("ndjson-with-broken-line.jsonl");
        });
    assertThat(events).hasSize(1);
  }

  @Test
  void normalizeThrowsMalformedRecordExceptionWithARejection() {
    RecordLocation where = new RecordLocation("spark-partition-7", 41, -1, -1);
    assertThatThrownBy(() -> CloudTrail.normalize("{\"eventTime\": ", where))
        .isInstanceOf(MalformedRecordException.class)
        .satisfies(e -> assertThat(((MalformedRecordException) e).rejection().location()).isEqualTo(where));
    assertThatThrownBy(() -> CloudTrail.normalize("{\"eventTime\": 5, \"eventID\": \"x\"}", where))
        .isInstanceOf(MalformedRecordException.class)
        .hasMessageContaining("field eventTime: expected a string, found a number");
    assertThatThrownBy(() -> CloudTrail.normalize("[1]", where))
        .hasMessageContaining("expected a CloudTrail record (a JSON object), found an array");
  }
}
