package dev.crosstrail.gcp.collect;

import static dev.crosstrail.gcp.collect.TestEntries.audit;
import static dev.crosstrail.gcp.collect.TestEntries.rawPayload;
import static dev.crosstrail.gcp.collect.TestEntries.settings;
import static dev.crosstrail.gcp.collect.TestEntries.shards;
import static dev.crosstrail.gcp.collect.TestEntries.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crosstrail.gcp.collect.LoopbackLogging.Fault;
import dev.crosstrail.io.AuditLogs;
import dev.crosstrail.io.CrossTrailException;
import dev.crosstrail.io.MalformedRecordException;
import dev.crosstrail.io.ReadOptions;
import dev.crosstrail.io.ReadReport;
import dev.crosstrail.io.Rejection;
import dev.crosstrail.model.AuditEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real LoggingClient against the loopback Logging server: paging, retries, output, checkpoints. */
class CloudLoggingCollectorTest {

  @TempDir Path tmp;
  private Path out;
  private Path ca;
  private LoopbackLogging server;
  private final List<String> heard = new ArrayList<>();
  private final CollectionListener recorder = new CollectionListener() {
    @Override
    public void pageFetched(String resourceName, int page, int entries) {
      heard.add("page " + resourceName + " " + page + " " + entries);
    }

    @Override
    public void entriesWritten(String resourceName, Path file, int count) {
      heard.add("wrote " + out.relativize(file).toString().replace('\\', '/') + " " + count);
    }

    @Override
    public void retrying(String resourceName, int attempt, Duration delay, String error) {
      heard.add("retry " + resourceName + " " + attempt + " " + error.substring(0, error.indexOf(':')));
    }
  };

  @BeforeEach
  void start() throws Exception {
    out = tmp.resolve("out");
    ca = LoopbackLogging.caFile(tmp);
  }

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  private void serve(boolean behindRelay) throws Exception {
    server = new LoopbackLogging(behindRelay);
  }

  @Test
  void pagesThroughEveryEntryOfSeveralResourceNamesIntoHourlyShards() throws Exception {
    serve(false);
    server.add("projects/p1",
        audit("p1", "a1", "2024-05-01T13:10:00Z"),
        audit("p1", "a2", "2024-05-01T13:20:00Z"),
        audit("p1", "a3", "2024-05-01T13:59:59.500Z"),
        audit("p1", "a4", "2024-05-01T14:00:00Z"),
        audit("p1", "a5", "2024-05-01T14:30:00Z"));
    server.add("folders/123", audit("p2", "b1", "2024-05-01T13:30:00Z"));
    server.add("projects/p1", audit("p1", "outside", "2024-05-02T00:00:00Z"));

    List<AuditEvent> events = new ArrayList<>();
    CollectionResult result = CloudLoggingCollector.create(settings(server, out, ca)
        .resourceNames(List.of("projects/p1", "folders/123")).pageSize(2)
        .kinds(java.util.Set.of(AuditLogKind.ACTIVITY)).build()).collect(recorder, events::add);

    assertThat(heard).containsExactly(
        "page projects/p1 1 2",
        "wrote cloudaudit.googleapis.com/activity/2024/05/01/13:00:00_13:59:59_S0.json 2",
        "page projects/p1 2 2",
        "wrote cloudaudit.googleapis.com/activity/2024/05/01/13:00:00_13:59:59_S1.json 1",
        "wrote cloudaudit.googleapis.com/activity/2024/05/01/14:00:00_14:59:59_S0.json 1",
        "page projects/p1 3 1",
        "wrote cloudaudit.googleapis.com/activity/2024/05/01/14:00:00_14:59:59_S1.json 1",
        "page folders/123 1 1",
        "wrote cloudaudit.googleapis.com/activity/2024/05/01/13:00:00_13:59:59_S2.json 1");
    assertThat(shards(out)).containsExactly(
        "cloudaudit.googleapis.com/activity/2024/05/01/13:00:00_13:59:59_S0.json [a1, a2]",
        "cloudaudit.googleapis.com/activity/2024/05/01/13:00:00_13:59:59_S1.json [a3]",
        "cloudaudit.googleapis.com/activity/2024/05/01/13:00:00_13:59:59_S2.json [b1]",
        "cloudaudit.googleapis.com/activity/2024/05/01/14:00:00_14:59:59_S0.json [a4]",
        "cloudaudit.googleapis.com/activity/2024/05/01/14:00:00_14:59:59_S1.json [a5]");
    assertThat(server.requests.get(0).getFilter()).isEqualTo("timestamp>=\"2024-05-01T00:00:00Z\" AND "
        + "timestamp<\"2024-05-02T00:00:00Z\" AND (logName:\"cloudaudit.googleapis.com%2Factivity\")");
    assertThat(server.requests.get(0).getOrderBy()).isEqualTo("timestamp asc");
    assertThat(server.requests.get(0).getPageSize()).isEqualTo(2);
    assertThat(server.requests.get(0).getResourceNamesList()).containsExactly("projects/p1");
    assertThat(server.requests.get(1).getPageToken()).isEqualTo("2");
    assertThat(server.requests.get(3).getResourceNamesList()).containsExactly("folders/123");
    assertThat(result.written()).isEqualTo(6);
    assertThat(result.sources().get(0).pages()).isEqualTo(3);
    assertThat(result.sources().get(0).summary().normalized()).isEqualTo(5);
    assertThat(events).extracting(AuditEvent::id).containsExactly("a1", "a2", "a3", "a4", "a5", "b1");
    assertThat(events.get(0).location().source()).endsWith("13:00:00_13:59:59_S0.json");
    assertThat(events.get(1).location().line()).isEqualTo(2);

    // what was written is what the file readers read
    List<AuditEvent> reread = new ArrayList<>();
    ReadReport report = AuditLogs.load().withParallelism(1).read(List.of(out), ReadOptions.strict(), reread::add);
    assertThat(report.normalized()).isEqualTo(6);
    assertThat(report.rejected()).isZero();
    assertThat(reread).extracting(AuditEvent::id).containsExactlyInAnyOrder("a1", "a2", "a3", "a4", "a5", "b1");
  }

  @Test
  void quotaErrorIsRetriedWithBackoffThenSucceeds() throws Exception {
    serve(false);
    server.add("projects/p1", audit("p1", "a1", "2024-05-01T13:10:00Z"));
    server.failCall(1, Fault.RESOURCE_EXHAUSTED);
    server.failCall(2, Fault.RESOURCE_EXHAUSTED);

    CollectionResult result = CloudLoggingCollector.create(settings(server, out, ca).build()).collect(recorder);

    assertThat(heard).startsWith("retry projects/p1 1 RESOURCE_EXHAUSTED", "retry projects/p1 2 RESOURCE_EXHAUSTED",
        "page projects/p1 1 1");
    assertThat(server.calls()).isEqualTo(3);
    assertThat(result.written()).isEqualTo(1);
  }

  @Test
  void unavailableIsRetried() throws Exception {
    serve(false);
    server.add("projects/p1", audit("p1", "a1", "2024-05-01T13:10:00Z"), audit("p1", "a2", "2024-05-01T13:11:00Z"));
    server.failCall(2, Fault.UNAVAILABLE);

    CollectionResult result = CloudLoggingCollector.create(settings(server, out, ca).pageSize(1).build())
        .collect(recorder);

    assertThat(heard).contains("retry projects/p1 1 UNAVAILABLE");
    assertThat(shards(out)).containsExactly(
        "cloudaudit.googleapis.com/activity/2024/05/01/13:00:00_13:59:59_S0.json [a1]",
        "cloudaudit.googleapis.com/activity/2024/05/01/13:00:00_13:59:59_S1.json [a2]");
    assertThat(result.written()).isEqualTo(2);
  }

  @Test
  void droppedConnectionIsRetriedOnANewConnection() throws Exception {
    serve(true);
    server.add("projects/p1", audit("p1", "a1", "2024-05-01T13:10:00Z"));
    server.failCall(1, Fault.DROP_CONNECTION);

    CollectionResult result = CloudLoggingCollector.create(settings(server, out, ca).build()).collect(recorder);

    assertThat(heard.get(0)).isEqualTo("retry projects/p1 1 UNAVAILABLE");
    assertThat(result.written()).isEqualTo(1);
    assertThat(shards(out)).containsExactly(
        "cloudaudit.googleapis.com/activity/2024/05/01/13:00:00_13:59:59_S0.json [a1]");
  }

  @Test
  void callClosedWithoutAResponseIsRetried() throws Exception {
    serve(false);
    server.add("projects/p1", audit("p1", "a1", "2024-05-01T13:10:00Z"));
    server.failCall(1, Fault.CLOSE_WITHOUT_RESPONSE);

    CollectionResult result = CloudLoggingCollector.create(settings(server, out, ca).build()).collect(recorder);

    // the server ends the call without a message: grpc resets the stream, the client sees CANCELLED
    assertThat(heard.get(0)).isEqualTo("retry projects/p1 1 CANCELLED");
    assertThat(result.written()).isEqualTo(1);
  }

  @Test
  void failureMidWayKeepsFinishedPagesAndTheResumedRunCollectsExactlyTheRest() throws Exception {
    serve(false);
    for (int i = 1; i <= 6; i++) {
      server.add("projects/p1", audit("p1", "e" + i, "2024-05-01T13:0" + i + ":00Z"));
    }
    // page 2 keeps failing: both attempts the policy allows
    server.failCall(2, Fault.UNAVAILABLE);
    server.failCall(3, Fault.UNAVAILABLE);
    CollectorSettings twoAttempts = settings(server, out, ca).pageSize(2)
        .retry(new RetryPolicy(Duration.ofMillis(10), Duration.ofMillis(10), 1.0, 2, Duration.ofSeconds(20),
            Duration.ofSeconds(60)))
        .build();

    assertThatThrownBy(() -> CloudLoggingCollector.create(twoAttempts).collect(recorder))
        .isInstanceOf(CrossTrailException.class)
        .hasMessageContaining("Collecting projects/p1 from Cloud Logging failed: UNAVAILABLE")
        .hasMessageContaining("Entries up to 2024-05-01T13:02:00Z are saved; run again to resume");
    assertThat(shards(out)).containsExactly(
        "cloudaudit.googleapis.com/activity/2024/05/01/13:00:00_13:59:59_S0.json [e1, e2]");

    CollectionResult resumed = CloudLoggingCollector.create(twoAttempts).collect(CollectionListener.NONE);

    SourceResult source = resumed.sources().get(0);
    assertThat(source.from()).isEqualTo(Instant.parse("2024-05-01T12:52:00Z")); // 13:02 less 10 minutes of overlap
    assertThat(source.duplicates()).isEqualTo(2);
    assertThat(source.written()).isEqualTo(4);
    assertThat(shards(out)).containsExactly(
        "cloudaudit.googleapis.com/activity/2024/05/01/13:00:00_13:59:59_S0.json [e1, e2]",
        "cloudaudit.googleapis.com/activity/2024/05/01/13:00:00_13:59:59_S1.json [e3, e4]",
        "cloudaudit.googleapis.com/activity/2024/05/01/13:00:00_13:59:59_S2.json [e5, e6]");
  }

  @Test
  void lateRecordInsideTheOverlapIsPickedUpOnceWithoutDuplicates() throws Exception {
    serve(false);
    server.add("projects/p1", audit("p1", "a", "2024-05-01T13:40:00Z"), audit("p1", "b", "2024-05-01T13:55:00Z"));
    CollectorSettings.Builder base = settings(server, out, ca).overlap(Duration.ofMinutes(10));

    CloudLoggingCollector.create(base.end(Instant.parse("2024-05-01T14:00:00Z")).build()).collect(recorder);
    // c was logged at 13:58 but delivered after the first run; d is new
    server.add("projects/p1", audit("p1", "c", "2024-05-01T13:58:00Z"), audit("p1", "d", "2024-05-01T14:05:00Z"));
    CollectionResult second = CloudLoggingCollector.create(base.end(Instant.parse("2024-05-01T15:00:00Z")).build())
        .collect(recorder);

    SourceResult s = second.sources().get(0);
    assertThat(s.from()).isEqualTo(Instant.parse("2024-05-01T13:50:00Z"));
    assertThat(s.fetched()).isEqualTo(3); // b again, c, d
    assertThat(s.duplicates()).isEqualTo(1);
    assertThat(s.written()).isEqualTo(2);
    assertThat(shards(out)).containsExactly(
        "cloudaudit.googleapis.com/activity/2024/05/01/13:00:00_13:59:59_S0.json [a, b]",
        "cloudaudit.googleapis.com/activity/2024/05/01/13:00:00_13:59:59_S1.json [c]",
        "cloudaudit.googleapis.com/activity/2024/05/01/14:00:00_14:59:59_S0.json [d]");

    // a third run over the same window finds nothing new
    CollectionResult third = CloudLoggingCollector.create(base.build()).collect(recorder);
    assertThat(third.sources().get(0).from()).isEqualTo(Instant.parse("2024-05-01T14:50:00Z"));
    assertThat(third.sources().get(0).fetched()).isZero();
    assertThat(third.written()).isZero();
  }

  @Test
  void entriesThatAreNoAuditRecordOrDoNotDecodeAreRejectedAndCollectionGoesOn() throws Exception {
    serve(false);
    server.add("projects/p1",
        audit("p1", "good1", "2024-05-01T13:01:00Z"),
        text("p1", "text1", "2024-05-01T13:02:00Z"),
        rawPayload("p1", "unknown1", "2024-05-01T13:03:00Z", "type.googleapis.com/google.example.Unknown",
            new byte[] {8, 1}),
        rawPayload("p1", "corrupt1", "2024-05-01T13:04:00Z", "type.googleapis.com/google.cloud.audit.AuditLog",
            new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff}),
        audit("p1", "good2", "2024-05-01T13:05:00Z"));

    CollectionResult result = CloudLoggingCollector.create(settings(server, out, ca).kinds(java.util.Set.of())
        .build()).collect(recorder);

    SourceResult s = result.sources().get(0);
    assertThat(s.fetched()).isEqualTo(5);
    assertThat(s.written()).isEqualTo(3);
    assertThat(s.summary().read()).isEqualTo(5);
    assertThat(s.summary().normalized()).isEqualTo(2);
    assertThat(s.summary().rejected()).isEqualTo(3);
    List<String> reasons = s.summary().rejections().stream().map(Rejection::reason).toList();
    assertThat(reasons).anySatisfy(r -> assertThat(r)
        .startsWith("entry insertId unknown1 of projects/p1/logs/cloudaudit.googleapis.com%2Factivity at "
            + "2024-05-01T13:03:00Z cannot be converted to JSON: its protoPayload of type "
            + "type.googleapis.com/google.example.Unknown does not decode"));
    assertThat(reasons).anySatisfy(r -> assertThat(r).startsWith("entry insertId corrupt1 ")
        .contains("type.googleapis.com/google.cloud.audit.AuditLog does not decode"));
    assertThat(reasons).anySatisfy(r -> assertThat(r).contains("textPayload"));
    assertThat(shards(out)).containsExactly(
        "cloudaudit.googleapis.com/activity/2024/05/01/13:00:00_13:59:59_S0.json [good1, good2]",
        "syslog/2024/05/01/13:00:00_13:59:59_S0.json [text1]");
  }

  @Test
  void strictModeStopsAtTheFirstUndecodableEntry() throws Exception {
    serve(false);
    server.add("projects/p1", rawPayload("p1", "unknown1", "2024-05-01T13:03:00Z",
        "type.googleapis.com/google.example.Unknown", new byte[] {8, 1}));

    assertThatThrownBy(() -> CloudLoggingCollector.create(settings(server, out, ca)
        .readOptions(ReadOptions.strict()).build()).collect(recorder))
        .isInstanceOf(MalformedRecordException.class)
        .hasMessageContaining("google.example.Unknown");
  }

  @Test
  void checkpointIsStoredAsJsonInTheOutputDirectory() throws Exception {
    serve(false);
    server.add("projects/p1", audit("p1", "a1", "2024-05-01T13:10:00Z"));
    CollectorSettings s = settings(server, out, ca).build();

    CloudLoggingCollector.create(s).collect(recorder);

    Path file = new CheckpointStore(out).file("projects/p1", s.selection());
    assertThat(file.getFileName().toString()).startsWith(".crosstrail-checkpoint-").endsWith(".json");
    Checkpoint cp = new CheckpointStore(out).load("projects/p1", s.selection()).orElseThrow();
    assertThat(cp.through()).isEqualTo(Instant.parse("2024-05-02T00:00:00Z"));
    assertThat(cp.recent()).isEmpty(); // a1 is more than 10 minutes before the window end
    assertThat(cp.pending()).isEmpty();
    assertThat(Files.readString(file)).contains("\"resourceName\" : \"projects/p1\"");
  }
}
