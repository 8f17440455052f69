package dev.crosstrail.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crosstrail.io.MalformedRecordException;
import dev.crosstrail.io.ReadOptions;
import dev.crosstrail.io.Rejection;
import dev.crosstrail.io.SourceSummary;
import dev.crosstrail.model.AuditEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of bad input, each with a case that must be rejected and one that must not. */
class BadInputTest {

  private static final String NOT_AUDIT_HINT =
      "; export with the filter logName:\"cloudaudit.googleapis.com\" to leave such entries out";

  private static final String GOOD = """
      {"insertId":"ID","logName":"projects/p/logs/cloudaudit.googleapis.com%2Factivity","protoPayload":{"@type":"type.googleapis.com/google.cloud.audit.AuditLog","authenticationInfo":{"principalEmail":"a@example.com"},"serviceName":"s.googleapis.com","methodName":"m","request":REQUEST},"timestamp":"2024-05-01T10:00:00Z"}""";

  @TempDir
  Path dir;

  private static String good(String id) {
    return GOOD.replace("ID", id).replace("REQUEST", "{}");
  }

  private SourceSummary read(String name, String content, ReadOptions options, List<AuditEvent> events)
      throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return Fixtures.reader().read(file, options, events::add);
  }

  private SourceSummary read(String name, String content) throws IOException {
    return read(name, content, ReadOptions.DEFAULTS, new ArrayList<>());
  }

  @Test
  void malformedLineIsRejectedAndReadingResumesAtTheNextLine() {
    String file = "malformed/lines-with-broken-line.jsonl";
    List<String> lines = Fixtures.lines(file);
    List<AuditEvent> events = new ArrayList<>();

    SourceSummary s = Fixtures.reader().read(Fixtures.path(file), ReadOptions.DEFAULTS, events::add);

    assertThat(s.format()).isEqualTo("gcs-sink-json-lines");
    assertThat(s.read()).isEqualTo(3);
    assertThat(events).extracting(AuditEvent::id).containsExactly("m1", "m3");
    assertThat(events.get(1).location().line()).isEqualTo(3);
    assertThat(s.rejections()).singleElement().satisfies(r -> {
      assertThat(r.reason()).startsWith("malformed JSON on line 2");
      assertThat(r.location().index()).isEqualTo(1);
      assertThat(r.location().line()).isEqualTo(2);
      assertThat(r.location().byteOffset()).isEqualTo(lines.get(0).length() + 1);
      assertThat(r.excerpt()).isPresent();
      assertThat(r.excerpt().get().length()).isLessThanOrEqualTo(Rejection.MAX_EXCERPT + 1);
    });
  }

  @Test
  void brokenArrayRejectsTheRestOnceAndStops() {
    String file = "malformed/broken-array.json";
    String text = Fixtures.text(file);
    List<AuditEvent> events = new ArrayList<>();

    SourceSummary s = Fixtures.reader().read(Fixtures.path(file), ReadOptions.DEFAULTS, events::add);

    assertThat(s.format()).isEqualTo("gcloud-logging-read");
    assertThat(s.read()).isEqualTo(2);
    assertThat(s.normalized()).isEqualTo(1);
    assertThat(events).extracting(AuditEvent::id).containsExactly("b1");
    assertThat(s.rejections()).singleElement().satisfies(r -> {
      assertThat(r.reason()).startsWith("malformed JSON at line 3").contains("rest of the source");
      assertThat(r.location().index()).isEqualTo(1);
      assertThat(r.location().line()).isEqualTo(3);
      assertThat(r.location().byteOffset()).isEqualTo(text.indexOf("{\"insertId\":\"b2\""));
    });
  }

  @Test
  void aRecordThatIsNotAnObject() throws IOException {
    SourceSummary array = read("a.json", "[" + good("o1") + ", 42, \"text\", [1], " + good("o2") + "]");
    SourceSummary lines = read("l.jsonl", good("o1") + "\n[1, 2]\n" + good("o2") + "\n");

    assertThat(array.read()).isEqualTo(5);
    assertThat(array.normalized()).isEqualTo(2);
    assertThat(array.rejections()).extracting(Rejection::reason).containsExactly(
        "record is not a JSON object (found a number)", "record is not a JSON object (found a string)",
        "record is not a JSON object (found an array)");
    assertThat(lines.read()).isEqualTo(3);
    assertThat(lines.rejections()).singleElement()
        .satisfies(r -> assertThat(r.reason()).startsWith("record is not a JSON object"));
  }

  @Test
  void missingInsertIdOrTimestampNamesTheField() throws IOException {
    String noId = good("x").replace("\"insertId\":\"x\",", "");
    String noTime = good("y").replace(",\"timestamp\":\"2024-05-01T10:00:00Z\"", "");
    SourceSummary s = read("m.jsonl", noId + "\n" + noTime + "\n" + good("z") + "\n");

    assertThat(s.read()).isEqualTo(3);
    assertThat(s.normalized()).isEqualTo(1);
    assertThat(s.rejections()).extracting(Rejection::reason).satisfiesExactly(
        r -> assertThat(r).startsWith("missing required field insertId"),
        r -> assertThat(r).startsWith("missing required field timestamp"));
    assertThat(s.rejections()).extracting(r -> r.location().line()).containsExactly(1L, 2L);
  }

  @Test
  void wrongValueTypesNameTheField() throws IOException {
    String content = String.join("\n",
        good("t1").replace("\"insertId\":\"t1\"", "\"insertId\":42"),
        good("t2").replace("\"authenticationInfo\":{\"principalEmail\":\"a@example.com\"}",
            "\"authenticationInfo\":\"a@example.com\""),
        good("t3").replace("\"methodName\":\"m\"", "\"methodName\":\"m\",\"status\":{\"code\":\"seven\"}"),
        good("t4").replace("{\"principalEmail\":\"a@example.com\"}",
            "{\"principalEmail\":\"a@example.com\",\"serviceAccountDelegationInfo\":{\"x\":1}}"),
        good("t5").replace("\"timestamp\":\"2024-05-01T10:00:00Z\"", "\"timestamp\":true"),
        good("t6"));

    SourceSummary s = read("types.jsonl", content);

    assertThat(s.read()).isEqualTo(6);
    assertThat(s.normalized()).isEqualTo(1);
    assertThat(s.rejections()).extracting(Rejection::reason).containsExactly(
        "field insertId: expected a string, found number 42",
        "field protoPayload.authenticationInfo: expected an object, found string a@example.com",
        "field protoPayload.status.code: expected an integer, found string seven",
        "field protoPayload.authenticationInfo.serviceAccountDelegationInfo: expected an array, found object",
        "field timestamp: expected an RFC 3339 time string, found boolean true");
  }

  /** The limit guards memory: it holds for the members the normalizer reads (methodName here), not for the rest. */
  @Test
  void hugeStringBeyondTheLimit() throws IOException {
    ReadOptions small = new ReadOptions(ReadOptions.Mode.LENIENT, 1000, 200);
    String huge = good("h1").replace("\"methodName\":\"m\"", "\"methodName\":\"" + "x".repeat(5000) + "\"");
    String fine = GOOD.replace("ID", "h2").replace("REQUEST", "{\"blob\":\"" + "x".repeat(5000) + "\"}");
    List<AuditEvent> lineEvents = new ArrayList<>();
    List<AuditEvent> arrayEvents = new ArrayList<>();

    SourceSummary lines = read("huge.jsonl", huge + "\n" + fine + "\n", small, lineEvents);
    SourceSummary array = read("huge.json", "[\n" + fine + ",\n" + huge + ",\n" + fine + "\n]", small, arrayEvents);
    SourceSummary defaults = read("huge-ok.jsonl", huge + "\n", ReadOptions.DEFAULTS, new ArrayList<>());

    assertThat(lines.read()).isEqualTo(2);
    assertThat(lineEvents).extracting(AuditEvent::id).containsExactly("h2");
    assertThat(lines.rejections().get(0).reason()).contains("longer than the limit of 1000 characters");
    assertThat(array.read()).isEqualTo(2);
    assertThat(arrayEvents).extracting(AuditEvent::id).containsExactly("h2");
    assertThat(array.rejections().get(0).location().line()).isEqualTo(3);
    assertThat(defaults.normalized()).isEqualTo(1);
  }

  @Test
  void nestingBeyondTheLimit() throws IOException {
    ReadOptions shallow = new ReadOptions(ReadOptions.Mode.LENIENT, 1000, 20);
    String deep = GOOD.replace("ID", "n1").replace("REQUEST", "{\"a\":".repeat(40) + "1" + "}".repeat(40));
    String ok = GOOD.replace("ID", "n2").replace("REQUEST", "{\"a\":".repeat(5) + "1" + "}".repeat(5));
    List<AuditEvent> events = new ArrayList<>();

    SourceSummary s = read("deep.jsonl", deep + "\n" + ok + "\n", shallow, events);
    SourceSummary defaults = read("deep-ok.jsonl", deep + "\n", ReadOptions.DEFAULTS, new ArrayList<>());

    assertThat(s.read()).isEqualTo(2);
    assertThat(events).extracting(AuditEvent::id).containsExactly("n2");
    assertThat(s.rejections().get(0).reason()).contains("nesting depth");
    assertThat(defaults.normalized()).isEqualTo(1);
  }

  @Test
  void nonAuditEntriesAreRejectedWithTheirPayloadKind() throws IOException {
    String requestLog = good("r1").replace("type.googleapis.com/google.cloud.audit.AuditLog",
        "type.googleapis.com/google.appengine.logging.v1.RequestLog");
    String json = """
        {"insertId":"j1","logName":"projects/p/logs/app","jsonPayload":{"msg":"hi"},"timestamp":"2024-05-01T10:00:00Z"}""";
    String text = """
        {"insertId":"t1","logName":"projects/p/logs/app","textPayload":"hi","timestamp":"2024-05-01T10:00:00Z"}""";
    String cloudTrail = """
        {"eventVersion":"1.08","eventTime":"2024-05-01T10:00:00Z","eventSource":"s3.amazonaws.com","eventID":"c1"}""";

    SourceSummary s = read("mixed.jsonl", String.join("\n", requestLog, json, text, cloudTrail, good("ok")));

    assertThat(s.read()).isEqualTo(5);
    assertThat(s.normalized()).isEqualTo(1);
    assertThat(s.rejections()).extracting(Rejection::reason).containsExactly(
        "not a Cloud Audit Log entry (protoPayload @type type.googleapis.com/google.appengine.logging.v1.RequestLog)"
            + NOT_AUDIT_HINT,
        "not a Cloud Audit Log entry (jsonPayload)" + NOT_AUDIT_HINT,
        "not a Cloud Audit Log entry (textPayload)" + NOT_AUDIT_HINT,
        "a CloudTrail record (it has eventID/eventSource), not a Cloud Audit Log entry: the file was read as Cloud "
            + "Audit Logs because its first entry is one; keep each cloud's records in files of their own");
  }

  @Test
  void strictModeThrowsWithTheLocation() {
    String file = "malformed/lines-with-broken-line.jsonl";
    List<AuditEvent> events = new ArrayList<>();

    assertThatThrownBy(() -> Fixtures.reader().read(Fixtures.path(file), ReadOptions.strict(), events::add))
        .isInstanceOf(MalformedRecordException.class)
        .satisfies(t -> {
          MalformedRecordException m = (MalformedRecordException) t;
          assertThat(m.location().line()).isEqualTo(2);
          assertThat(m.location().index()).isEqualTo(1);
          assertThat(m.location().source()).endsWith("lines-with-broken-line.jsonl");
          assertThat(m.getMessage()).contains("line 2");
        });
    assertThat(events).extracting(AuditEvent::id).containsExactly("m1");
  }

  @Test
  void strictModeReadsCleanInputWithoutThrowing() throws IOException {
    SourceSummary s = read("clean.jsonl", good("c1") + "\n" + good("c2") + "\n", ReadOptions.strict(),
        new ArrayList<>());

    assertThat(s.normalized()).isEqualTo(2);
    assertThat(s.rejected()).isZero();
  }

  @Test
  void blankLinesAndCrlfAreNotRecords() throws IOException {
    SourceSummary s = read("crlf.jsonl", good("c1") + "\r\n\r\n" + good("c2") + "\r\n");

    assertThat(s.read()).isEqualTo(2);
    assertThat(s.normalized()).isEqualTo(2);
  }
}
