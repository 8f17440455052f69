package dev.crosstrail.aws.collect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/** Test records from src/test/resources/fixtures/aws/collect and helpers to serve and read them. */
final class Fixtures {

  static final ObjectMapper MAPPER = new ObjectMapper();
  static final String ACCOUNT = "229654561268";

  private Fixtures() {
  }

  /** The records of a fixture file (a JSON array, or one record). */
  static List<JsonNode> records(String name) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/aws/collect/" + name)) {
      JsonNode node = MAPPER.readTree(in);
      List<JsonNode> records = new ArrayList<>();
      if (node.isArray()) {
        node.forEach(records::add);
      } else {
        records.add(node);
      }
      return records;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** CreateUser, AttachUserPolicy, CreateAccessKey at 2024-08-01T13:33:28Z. */
  static List<JsonNode> adminUser() {
    return records("aws.persistence.iam-create-admin-user.json");
  }

  /** GetCallerIdentity 13:42:21, DeleteLoginProfile 13:42:22, CreateLoginProfile 13:42:21 on 2024-08-01. */
  static List<JsonNode> loginProfile() {
    return records("aws.persistence.iam-create-user-login-profile.json");
  }

  /** A LookupEvents response body as CloudTrail's JSON protocol sends it. */
  static String lookupEventsPage(List<JsonNode> records, String nextToken) {
    ObjectNode body = MAPPER.createObjectNode();
    ArrayNode events = body.putArray("Events");
    for (JsonNode record : records) {
      ObjectNode event = events.addObject();
      event.put("EventId", record.get("eventID").asText());
      event.put("EventName", record.get("eventName").asText());
      event.put("ReadOnly", record.path("readOnly").asText("false"));
      event.put("EventTime", Instant.parse(record.get("eventTime").asText()).getEpochSecond());
      event.put("EventSource", record.get("eventSource").asText());
      event.putArray("Resources");
      event.put("CloudTrailEvent", record.toString());
    }
    if (nextToken != null) {
      body.put("NextToken", nextToken);
    }
    return body.toString();
  }

  /** The records of every trail file written under {@code dir}, in file order. */
  static List<JsonNode> writtenRecords(Path dir) throws IOException {
    List<JsonNode> records = new ArrayList<>();
    for (Path file : trailFiles(dir)) {
      try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
        JsonNode root = MAPPER.readTree(in);
        root.get("Records").forEach(records::add);
      }
    }
    return records;
  }

  /** The visible .json.gz files under {@code dir}, sorted. */
  static List<Path> trailFiles(Path dir) throws IOException {
    if (!Files.exists(dir.resolve("AWSLogs"))) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(dir.resolve("AWSLogs"))) {
      return walk.filter(Files::isRegularFile)
          .filter(p -> !p.getFileName().toString().startsWith("."))
          .sorted().toList();
    }
  }

  static List<String> ids(List<JsonNode> records) {
    return records.stream().map(r -> r.get("eventID").asText()).toList();
  }
}
