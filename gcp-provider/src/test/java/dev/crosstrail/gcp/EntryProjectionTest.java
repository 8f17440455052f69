package dev.crosstrail.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.crosstrail.io.ReadOptions;
import dev.crosstrail.io.SourceSummary;
import dev.crosstrail.model.AuditEvent;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The reader binds only what the normalizer reads ({@link EntryProjection}); these tests read the
 * same bytes a second time binding every member, as the reader did before, and require the same
 * events and the same summary (counts, rejections with their locations and reasons).
 */
class EntryProjectionTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** What one read produced. */
  private record Read(List<AuditEvent> events, SourceSummary summary) {}

  private static Read read(byte[] bytes, ReadOptions options, boolean project) {
    List<AuditEvent> events = new ArrayList<>();
    SourceSummary summary = new EntryReader("mem", options, events::add, EntryNormalizer::normalize, project)
        .read(new ByteArrayInputStream(bytes));
    return new Read(events, summary);
  }

  private static void assertSame(byte[] bytes, ReadOptions options) {
    Read whole = read(bytes, options, false);
    Read projected = read(bytes, options, true);
    assertThat(projected.summary()).isEqualTo(whole.summary());
    assertThat(projected.events()).isEqualTo(whole.events());
  }

  static Stream<Path> fixtures() throws IOException, URISyntaxException {
    Path root = Path.of(EntryProjectionTest.class.getResource("/fixtures").toURI());
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().endsWith(".md"))
          .sorted().toList().stream();
    }
  }

  @ParameterizedTest
  @MethodSource("fixtures")
  void everyFixtureGivesTheSameEventsAsTheWholeTree(Path file) {
    assertSame(bytes(file), ReadOptions.DEFAULTS);
  }

  /** Every entry of every fixture, its keys shuffled at every level, one per line. */
  @Test
  void shuffledKeysGiveTheSameEventsAsTheWholeTree() throws Exception {
    List<JsonNode> entries = entries();
    assertThat(entries).hasSizeGreaterThan(20);
    Random random = new Random(7);
    StringBuilder lines = new StringBuilder();
    for (int round = 0; round < 3; round++) {
      for (JsonNode e : entries) {
        lines.append(MAPPER.writeValueAsString(shuffled(e, random))).append('\n');
      }
    }
    byte[] bytes = lines.toString().getBytes(StandardCharsets.UTF_8);
    assertSame(bytes, ReadOptions.DEFAULTS);
    assertThat(read(bytes, ReadOptions.DEFAULTS, true).events()).hasSizeGreaterThan(3 * 10);
  }

  /**
   * Values of the wrong type, both spellings of a name, repeated keys and emptied objects where the
   * projection keeps or drops members: the same events, and the same rejections.
   */
  @Test
  void oddValuesGiveTheSameOutcomeAsTheWholeTree() throws Exception {
    List<JsonNode> odd = List.of(JsonNodeFactory.instance.textNode("x"), JsonNodeFactory.instance.numberNode(7),
        JsonNodeFactory.instance.arrayNode().add("a"), JsonNodeFactory.instance.objectNode(),
        JsonNodeFactory.instance.objectNode().put("expire_time", "2024-05-01T11:00:00Z").put("other", 1),
        JsonNodeFactory.instance.nullNode(), JsonNodeFactory.instance.booleanNode(true));
    List<String> keys = List.of("request", "response", "metadata", "requestMetadata", "request_metadata",
        "authorizationInfo", "status", "methodName", "method_name", "resourceName");
    Random random = new Random(11);
    StringBuilder lines = new StringBuilder();
    for (JsonNode e : entries()) {
      ObjectNode copy = ((ObjectNode) e).deepCopy();
      JsonNode proto = copy.get("protoPayload");
      if (proto instanceof ObjectNode p) {
        p.set(keys.get(random.nextInt(keys.size())), odd.get(random.nextInt(odd.size())));
      } else {
        copy.set("protoPayload", odd.get(random.nextInt(odd.size())));
      }
      lines.append(MAPPER.writeValueAsString(copy)).append('\n');
      // a repeated key: the last one counts, before or after the projected members
      String text = MAPPER.writeValueAsString(e);
      lines.append(text, 0, text.length() - 1)
          .append(",\"proto_payload\":{\"method_name\":\"m\",\"service_name\":\"s.googleapis.com\"}")
          .append(",\"timestamp\":\"2024-05-01T10:00:00.5Z\"}\n");
    }
    assertSame(lines.toString().getBytes(StandardCharsets.UTF_8), ReadOptions.DEFAULTS);
  }

  /**
   * The string limit guards memory, so it holds for what is read: a too-long string in a member the
   * normalizer never reads is stepped over (the entry is normalized as if the member were absent),
   * one in a member it reads still rejects the entry, naming the limit.
   */
  @Test
  void theStringLimitAppliesToTheMembersThatAreRead() throws Exception {
    ReadOptions small = new ReadOptions(ReadOptions.Mode.LENIENT, 1000, 64);
    ObjectNode entry = (ObjectNode) MAPPER.readTree(UnexpectedValuesTest.PLAIN.replace("ID", "ok"));
    String ok = MAPPER.writeValueAsString(entry);
    ObjectNode unreadCopy = entry.deepCopy();
    unreadCopy.putArray("authorizationInfo").addObject().put("resource", "y".repeat(5000));
    String hugeUnread = MAPPER.writeValueAsString(unreadCopy);
    ObjectNode readCopy = entry.deepCopy();
    readCopy.put("logName", "projects/p/logs/" + "y".repeat(5000));
    String hugeRead = MAPPER.writeValueAsString(readCopy);

    Read unread = read((hugeUnread + "\n").getBytes(StandardCharsets.UTF_8), small, true);
    assertThat(unread.summary().rejected()).isZero();
    assertThat(unread.events()).isEqualTo(read((ok + "\n").getBytes(StandardCharsets.UTF_8), small, true).events());

    Read read = read((ok + "\n" + hugeRead + "\n").getBytes(StandardCharsets.UTF_8), small, true);
    assertThat(read.summary().normalized()).isEqualTo(1);
    assertThat(read.summary().rejections()).singleElement().satisfies(rejection -> {
      assertThat(rejection.reason()).contains("longer than the limit of 1000 characters");
      assertThat(rejection.location().line()).isEqualTo(2);
    });
  }

  /**
   * A sample of the benchmark corpus ({@code CorpusGenerator}, seed 42): token issuing and
   * exchanges, failures and delegations, and a share of the rest.
   */
  @Test
  void generatedCorpusSampleGivesTheSameEventsAsTheWholeTree() throws IOException {
    byte[] bytes;
    try (InputStream in = new GZIPInputStream(EntryProjectionTest.class.getResourceAsStream(
        "/generated/cloud-audit-sample.jsonl.gz"))) {
      bytes = in.readAllBytes();
    }
    assertSame(bytes, ReadOptions.DEFAULTS);
    assertThat(read(bytes, ReadOptions.DEFAULTS, true).events()).hasSizeGreaterThan(1000);
  }

  /** The LogEntry objects of every fixture that is JSON (arrays, lines, single entries). */
  private static List<JsonNode> entries() throws IOException, URISyntaxException {
    List<JsonNode> out = new ArrayList<>();
    for (Path file : fixtures().toList()) {
      String text = new String(bytes(file), StandardCharsets.UTF_8);
      try {
        collect(MAPPER.readTree(text), out);
      } catch (IOException e) {
        for (String line : text.split("\n")) {
          try {
            collect(MAPPER.readTree(line), out);
          } catch (IOException notJson) {
            // a malformed line: covered by the fixture test
          }
        }
      }
    }
    return out;
  }

  private static void collect(JsonNode node, List<JsonNode> out) {
    if (node == null) {
      return;
    }
    if (node.isArray()) {
      node.forEach(n -> collect(n, out));
    } else if (node.isObject() && (node.has("protoPayload") || node.has("insertId"))) {
      out.add(node);
    }
  }

  private static JsonNode shuffled(JsonNode node, Random random) {
    if (node.isObject()) {
      List<Map.Entry<String, JsonNode>> entries = new ArrayList<>(node.properties());
      Collections.shuffle(entries, random);
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      entries.forEach(e -> out.set(e.getKey(), shuffled(e.getValue(), random)));
      return out;
    }
    if (node.isArray()) {
      ArrayNode out = JsonNodeFactory.instance.arrayNode();
      node.forEach(n -> out.add(shuffled(n, random)));
      return out;
    }
    return node;
  }

  private static byte[] bytes(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
