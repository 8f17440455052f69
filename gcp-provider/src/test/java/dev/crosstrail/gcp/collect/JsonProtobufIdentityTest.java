package dev.crosstrail.gcp.collect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.cloud.audit.AuditLog;
import com.google.logging.v2.LogEntry;
import com.google.protobuf.Any;
import com.google.protobuf.Struct;
import com.google.protobuf.util.JsonFormat;
import dev.crosstrail.gcp.CloudAuditLogs;
import dev.crosstrail.io.MalformedRecordException;
import dev.crosstrail.io.ReadOptions;
import dev.crosstrail.io.Rejection;
import dev.crosstrail.model.AuditEvent;
import dev.crosstrail.model.RecordLocation;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The same entry read from JSON and collected as protobuf normalizes identically: for every GCP fixture
 * (the shared fixtures copied under {@code src/test/resources/fixtures/gcp}, see the PROVENANCE.md
 * there), each LogEntry is parsed into a protobuf {@link LogEntry} with {@code JsonFormat}, served by the
 * loopback Logging server, collected with the real client, converted back to JSON and normalized; the
 * result must equal what {@link CloudAuditLogs#normalize} makes of the fixture's JSON (the location
 * aside), or both must be rejected for the same reason.
 *
 * <p>Left out: the {@code .invalid-json.txt} documentation blocks (not JSON, so neither side can read
 * them) and the three {@code MessagePublishedData-*.json} Pub/Sub messages (their data is not a
 * LogEntry). Documentation examples without {@code insertId}/{@code timestamp} get both, as the
 * normalizer requires them. The protobuf parser ignores fields the LogEntry and AuditLog protos lack:
 * the fixtures' {@code protoPayload.resourceLocation} is known, but older or page-specific fields are
 * dropped there, and the JSON side's normalizer does not read them either.
 */
class JsonProtobufIdentityTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path ROOT = root();

  @TempDir Path tmp;
  private LoopbackLogging server;

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  static Stream<String> fixtures() throws Exception {
    try (Stream<Path> walk = Files.walk(ROOT)) {
      List<String> files = walk.filter(Files::isRegularFile)
          .map(p -> ROOT.relativize(p).toString().replace('\\', '/'))
          .filter(f -> f.endsWith(".json") || f.endsWith(".jsonl"))
          .filter(f -> !f.contains("MessagePublishedData-"))
          .sorted().toList();
      assertThat(files).hasSizeGreaterThanOrEqualTo(20);
      return files.stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void collectedProtobufNormalizesExactlyLikeTheJsonFile(String fixture) throws Exception {
    List<String> entries = entries(ROOT.resolve(fixture));
    server = new LoopbackLogging(false);
    Map<String, Object> expected = new LinkedHashMap<>();
    for (int i = 0; i < entries.size(); i++) {
      String json = entries.get(i);
      String id = JSON.readTree(json).path("insertId").asText();
      expected.put(id, normalizedOrReason(json, new RecordLocation(fixture, i, i + 1L, -1)));
      LogEntry proto = asServedByTheApi(json);
      assertThat(proto.getInsertId()).isEqualTo(id);
      server.add("projects/fixtures", proto);
    }

    List<AuditEvent> events = new ArrayList<>();
    CollectionResult result = CloudLoggingCollector.create(TestEntries.settings(server, tmp.resolve("out"),
            LoopbackLogging.caFile(tmp))
        .resourceNames(List.of("projects/fixtures"))
        .start(Instant.parse("1970-01-01T00:00:00Z")).end(Instant.parse("2100-01-01T00:00:00Z"))
        .kinds(java.util.Set.of()).checkpoints(false).build())
        .collect(CollectionListener.NONE, events::add);

    Map<String, Object> actual = new LinkedHashMap<>();
    events.forEach(e -> actual.put(e.id(), withoutLocation(e)));
    result.sources().get(0).summary().rejections().forEach(r -> actual.put(insertIdOf(r), r.reason()));
    assertThat(result.sources().get(0).fetched()).isEqualTo(entries.size());
    assertThat(actual).containsExactlyInAnyOrderEntriesOf(expected);
  }

  /**
   * The entry as the Logging API holds it. Two fixture spellings differ from the API's JSON: the
   * CloudEvents {@code LogEntryData} types {@code protoPayload} as an AuditLog directly, so it has no
   * {@code "@type"} (added here); and BigQuery's legacy {@code serviceData}
   * ({@code google.cloud.bigquery.logging.v1.AuditData}) has no Java message class, so it is served as
   * an {@code Any} of that type holding opaque bytes, which the collector must leave out with a warning.
   */
  private static LogEntry asServedByTheApi(String json) throws Exception {
    ObjectNode entry = (ObjectNode) JSON.readTree(json);
    JsonNode payload = entry.path("protoPayload");
    Any serviceData = null;
    if (payload instanceof ObjectNode p) {
      if (!p.has("@type")) {
        p.put("@type", "type.googleapis.com/google.cloud.audit.AuditLog");
      }
      JsonNode data = p.path("serviceData");
      String type = data.path("@type").asText("");
      if (!type.isEmpty() && EntryJson.TYPES.find(type.substring(type.lastIndexOf('/') + 1)) == null) {
        ((ObjectNode) data).remove("@type");
        Struct.Builder opaque = Struct.newBuilder();
        JsonFormat.parser().merge(JSON.writeValueAsString(data), opaque);
        serviceData = Any.newBuilder().setTypeUrl(type).setValue(opaque.build().toByteString()).build();
        p.remove("serviceData");
      }
    }
    LogEntry proto = EntryJson.parse(JSON.writeValueAsString(entry), true);
    if (serviceData != null) {
      AuditLog log = proto.getProtoPayload().unpack(AuditLog.class).toBuilder().setServiceData(serviceData).build();
      proto = proto.toBuilder().setProtoPayload(Any.pack(log)).build();
    }
    return proto;
  }

  private static Object normalizedOrReason(String json, RecordLocation where) {
    try {
      return withoutLocation(CloudAuditLogs.normalize(json, where, ReadOptions.DEFAULTS));
    } catch (MalformedRecordException e) {
      return e.rejection().reason();
    }
  }

  /** The rejected entry's insertId, read back from the line the collector wrote. */
  private static String insertIdOf(Rejection r) {
    try {
      List<String> lines = Files.readAllLines(Path.of(r.location().source()));
      return JSON.readTree(lines.get((int) r.location().index())).path("insertId").asText();
    } catch (Exception e) {
      throw new AssertionError("rejection outside the written shards: " + r, e);
    }
  }

  private static AuditEvent withoutLocation(AuditEvent e) {
    return new AuditEvent(e.cloud(), e.id(), e.time(), e.service(), e.operation(), e.actor(), e.credential(),
        e.session(), e.sourceIp(), e.userAgent(), e.account(), e.region(), e.resources(), e.outcome(),
        e.identityEstablishing(), e.hops(), e.sharedEventId(), e.category(), new RecordLocation("-", 0, -1, -1));
  }

  /** The entries of a fixture: one object, an array, or one object per line, completed where the docs cut. */
  private static List<String> entries(Path file) throws Exception {
    List<JsonNode> nodes = new ArrayList<>();
    if (file.toString().endsWith(".jsonl")) {
      for (String line : Files.readAllLines(file)) {
        if (!line.isBlank()) {
          nodes.add(JSON.readTree(line));
        }
      }
    } else {
      JsonNode root = JSON.readTree(file.toFile());
      if (root.isArray()) {
        root.forEach(nodes::add);
      } else {
        nodes.add(root);
      }
    }
    List<String> result = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) {
      ObjectNode entry = (ObjectNode) nodes.get(i);
      if (!entry.has("insertId") && !entry.has("insert_id")) {
        entry.put("insertId", file.getFileName() + "-" + i);
      }
      if (!entry.has("timestamp")) {
        entry.put("timestamp", "2024-05-01T13:0" + (i % 10) + ":00Z");
      }
      result.add(JSON.writeValueAsString(entry));
    }
    return result;
  }

  private static Path root() {
    try {
      return Path.of(JsonProtobufIdentityTest.class.getResource("/fixtures/gcp").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
