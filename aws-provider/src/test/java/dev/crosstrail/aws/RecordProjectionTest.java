package dev.crosstrail.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.crosstrail.io.ReadOptions;
import dev.crosstrail.io.SourceSummary;
import dev.crosstrail.io.Tally;
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
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The reader binds only what the normalizer reads ({@link RecordProjection}); these tests read the
 * same bytes a second time binding every member, as the reader did before, and require the same
 * events and the same summary (counts, rejections with their locations and reasons).
 */
class RecordProjectionTest {

  private static final ObjectMapper MAPPER = Jackson.mapper(ReadOptions.DEFAULTS);

  /** What one read produced. */
  private record Read(List<AuditEvent> events, SourceSummary summary) {}

  private static Read read(byte[] bytes, ReadOptions options, boolean project) {
    Tally tally = new Tally("mem", options);
    List<AuditEvent> events = new ArrayList<>();
    ObjectMapper mapper = Jackson.mapper(options);
    Optional<Recognizer.Recognition> r = Recognizer.recognize(mapper.getFactory(), bytes,
        Math.min(bytes.length, 64 * 1024));
    CloudTrailReader reader = new CloudTrailReader(mapper, tally, events::add, options.maxStringLength(),
        Normalizer::element, project);
    InputStream in = new ByteArrayInputStream(bytes);
    if (r.isPresent() && r.get().lines()) {
      reader.readLines(in);
    } else {
      boolean wrapper = r.isPresent() && (r.get().shape() == Recognizer.Shape.LOG_FILE
          || r.get().shape() == Recognizer.Shape.LOOKUP_EVENTS);
      reader.readDocument(in, wrapper);
    }
    return new Read(events, tally.summary());
  }

  private static void assertSame(byte[] bytes, ReadOptions options) {
    Read whole = read(bytes, options, false);
    Read projected = read(bytes, options, true);
    assertThat(projected.summary()).isEqualTo(whole.summary());
    assertThat(projected.events()).isEqualTo(whole.events());
  }

  static Stream<Path> fixtures() throws IOException, URISyntaxException {
    Path root = Path.of(RecordProjectionTest.class.getResource("/fixtures").toURI());
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().endsWith(".md"))
          .sorted().toList().stream();
    }
  }

  @ParameterizedTest
  @MethodSource("fixtures")
  void everyFixtureGivesTheSameEventsAsTheWholeTree(Path file) throws IOException {
    assertSame(bytes(file), ReadOptions.DEFAULTS);
  }

  /**
   * Every record object of every fixture, its keys shuffled at every level (so that, say,
   * {@code responseElements} comes before {@code eventName}), one per line.
   */
  @Test
  void shuffledKeysGiveTheSameEventsAsTheWholeTree() throws Exception {
    List<JsonNode> records = new ArrayList<>();
    for (Path file : fixtures().toList()) {
      try {
        collectRecords(MAPPER.readTree(bytes(file)), records);
      } catch (IOException e) {
        // not JSON (the malformed and invalid fixtures): covered by the test above
      }
    }
    assertThat(records).hasSizeGreaterThan(100);
    Random random = new Random(7);
    StringBuilder lines = new StringBuilder();
    for (int round = 0; round < 3; round++) {
      for (JsonNode r : records) {
        lines.append(MAPPER.writeValueAsString(shuffled(r, random))).append('\n');
      }
    }
    byte[] bytes = lines.toString().getBytes(StandardCharsets.UTF_8);
    assertSame(bytes, ReadOptions.DEFAULTS);
    assertThat(read(bytes, ReadOptions.DEFAULTS, true).events()).hasSizeGreaterThan(3 * 80);
  }

  /**
   * Values of the wrong type, repeated keys and emptied objects where the projection keeps or drops
   * members: the same events, and the same rejections.
   */
  @Test
  void oddValuesGiveTheSameOutcomeAsTheWholeTree() throws Exception {
    List<JsonNode> records = new ArrayList<>();
    for (Path file : fixtures().toList()) {
      try {
        collectRecords(MAPPER.readTree(bytes(file)), records);
      } catch (IOException e) {
        // not JSON
      }
    }
    List<JsonNode> odd = List.of(JsonNodeFactory.instance.textNode("x"), JsonNodeFactory.instance.numberNode(7),
        JsonNodeFactory.instance.arrayNode().add("a"), JsonNodeFactory.instance.objectNode(),
        JsonNodeFactory.instance.objectNode().put("ConsoleLogin", "Failure").put("other", 1),
        JsonNodeFactory.instance.nullNode(), JsonNodeFactory.instance.booleanNode(true));
    List<String> keys = List.of("responseElements", "requestParameters", "additionalEventData", "userIdentity",
        "resources", "tlsDetails", "eventName", "errorCode");
    Random random = new Random(11);
    StringBuilder lines = new StringBuilder();
    for (JsonNode r : records) {
      if (!r.isObject()) {
        continue;
      }
      ObjectNode copy = ((ObjectNode) r).deepCopy();
      copy.set(keys.get(random.nextInt(keys.size())), odd.get(random.nextInt(odd.size())));
      lines.append(MAPPER.writeValueAsString(copy)).append('\n');
      // a repeated key: the last one counts, before or after the projected members
      String text = MAPPER.writeValueAsString(r);
      lines.append(text, 0, text.length() - 1).append(",\"responseElements\":{\"SwitchRole\":\"Failure\"}")
          .append(",\"userIdentity\":{\"other\":1}}\n");
    }
    assertSame(lines.toString().getBytes(StandardCharsets.UTF_8), ReadOptions.DEFAULTS);
  }

  /**
   * The string limit guards memory, so it holds for what is read: a too-long string in a member the
   * normalizer never reads is stepped over (the record is normalized as if the member were absent),
   * one in a member it reads still rejects the record, naming the limit.
   */
  @Test
  void theStringLimitAppliesToTheMembersThatAreRead() {
    ReadOptions small = new ReadOptions(ReadOptions.Mode.LENIENT, 1000, 64);
    String ok = ReaderTest.record("h", "2024-05-01T10:00:00Z");
    String hugeUnread = ok.replace("\"awsRegion\"",
        "\"tlsDetails\":{\"x\":[\"" + "y".repeat(5000) + "\"]},\"awsRegion\"");
    String hugeRead = ok.replace("\"awsRegion\"", "\"userAgent\":\"" + "y".repeat(5000) + "\",\"awsRegion\"");

    Read unread = read((hugeUnread + "\n").getBytes(StandardCharsets.UTF_8), small, true);
    assertThat(unread.summary().rejected()).isZero();
    assertThat(unread.events()).isEqualTo(read((ok + "\n").getBytes(StandardCharsets.UTF_8), small, true).events());

    Read read = read(("[" + ok + "," + hugeRead + "]").getBytes(StandardCharsets.UTF_8), small, true);
    assertThat(read.summary().normalized()).isEqualTo(1);
    assertThat(read.summary().rejections()).singleElement().satisfies(rejection -> {
      assertThat(rejection.reason()).contains("ReadOptions.maxStringLength");
      assertThat(rejection.location().index()).isEqualTo(1);
    });
  }

  /**
   * A sample of the benchmark corpus ({@code CorpusGenerator}, seed 42): every record of its
   * trail files that establishes an identity or is an IAM, sign-in or failed call, and a share of
   * the rest.
   */
  @Test
  void generatedCorpusSampleGivesTheSameEventsAsTheWholeTree() throws IOException {
    byte[] bytes;
    try (InputStream in = new GZIPInputStream(RecordProjectionTest.class.getResourceAsStream(
        "/generated/cloudtrail-sample.json.gz"))) {
      bytes = in.readAllBytes();
    }
    assertSame(bytes, ReadOptions.DEFAULTS);
    assertThat(read(bytes, ReadOptions.DEFAULTS, true).events()).hasSizeGreaterThan(1000);
  }

  private static void collectRecords(JsonNode node, List<JsonNode> out) {
    if (node.isArray()) {
      node.forEach(n -> collectRecords(n, out));
    } else if (node.isObject()) {
      if (node.has("Records") && node.get("Records").isArray()) {
        collectRecords(node.get("Records"), out);
      } else if (node.has("Events") && node.get("Events").isArray()) {
        collectRecords(node.get("Events"), out);
      } else {
        out.add(node);
      }
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
