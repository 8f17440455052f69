package dev.crosstrail.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorpusGeneratorTest {

  private static final int RECORDS = 12_000;
  private static final Pattern TRAIL = Pattern.compile(
      "AWSLogs/(\\d{12})/CloudTrail/([a-z0-9-]+)/(\\d{4})/(\\d{2})/(\\d{2})/\\1_CloudTrail_\\2_(\\d{8}T\\d{4}Z)_[A-Za-z0-9]{16}\\.json\\.gz");
  private static final Pattern SINK = Pattern.compile(
      "cloudaudit\\.googleapis\\.com/(activity|data_access)/(\\d{4})/(\\d{2})/(\\d{2})/(\\d{2}):00:00_\\5:59:59_S0\\.json");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  static Path tmp;
  static CorpusGenerator.Stats stats;
  static Path corpus;
  static List<Parsed> parsed;

  @BeforeAll
  static void generate() throws IOException {
    corpus = tmp.resolve("a");
    stats = new CorpusGenerator(7, RECORDS, corpus).generate();
    parsed = parse();
  }

  @Test
  void sameSeedAndSizeGiveByteIdenticalFiles() throws IOException {
    Path again = tmp.resolve("b");
    new CorpusGenerator(7, RECORDS, again).generate();
    Map<String, byte[]> first = contents(corpus);
    Map<String, byte[]> second = contents(again);
    assertThat(second.keySet()).containsExactlyElementsOf(first.keySet());
    first.forEach((name, bytes) -> assertThat(second.get(name)).as(name).isEqualTo(bytes));
  }

  @Test
  void anotherSeedGivesAnotherCorpus() throws IOException {
    Path other = tmp.resolve("c");
    new CorpusGenerator(8, 2_000, other).generate();
    Path small = tmp.resolve("d");
    new CorpusGenerator(7, 2_000, small).generate();
    assertThat(contents(other).keySet()).isNotEqualTo(contents(small).keySet());
  }

  @Test
  void everyFileFollowsTheRealLayout() throws IOException {
    List<String> names = new ArrayList<>(contents(corpus).keySet());
    assertThat(names).hasSize(stats.files());
    assertThat(names).allSatisfy(n -> assertThat(TRAIL.matcher(n).matches() || SINK.matcher(n).matches())
        .as(n).isTrue());
    assertThat(names).anyMatch(n -> n.contains("/activity/")).anyMatch(n -> n.contains("/data_access/"))
        .anyMatch(n -> n.startsWith("AWSLogs/222222222222/CloudTrail/eu-west-1/"));
  }

  @Test
  void countsPerKindMatchWhatIsInTheFiles() throws IOException {
    Map<String, Long> counted = new TreeMap<>();
    for (Parsed p : parsed) {
      counted.merge(classify(p.record()), 1L, Long::sum);
    }
    assertThat(counted.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(RECORDS);
    assertThat(counted).isEqualTo(stats.kinds());
    assertThat(stats.records()).isEqualTo(RECORDS);
    // every scenario of docs/DOMAIN.md §4 occurs
    assertThat(counted.keySet()).contains("aws.AssumeRole.user", "aws.AssumeRole.roleOwnerCopy",
        "aws.AssumeRole.chained", "aws.AssumeRole.ec2", "aws.AssumeRole.denied", "aws.ConsoleLogin", "aws.SwitchRole",
        "aws.GetFederationToken", "aws.AssumeRoleWithWebIdentity", "gcp.GenerateIdToken", "gcp.GenerateAccessToken",
        "gcp.GenerateAccessToken.denied", "gcp.ExchangeToken", "gcp.action.delegated", "gcp.action.saKey",
        "gcp.action", "aws.action");
    double identityShare = (double) stats.identityRecords() / RECORDS;
    assertThat(identityShare).isBetween(0.03, 0.07);
  }

  @Test
  void crossAccountCopiesShareOneSharedEventIdWithDifferentEventIdsAndRecipients() throws IOException {
    Map<String, List<JsonNode>> byShared = new HashMap<>();
    for (Parsed p : parsed) {
      JsonNode shared = p.record().get("sharedEventID");
      if (shared != null) {
        byShared.computeIfAbsent(shared.asText(), k -> new ArrayList<>()).add(p.record());
      }
    }
    long pairs = 0;
    for (List<JsonNode> copies : byShared.values()) {
      boolean ownerCopy = copies.stream().anyMatch(r -> r.at("/userIdentity/type").asText().equals("AWSAccount"));
      if (ownerCopy) {
        assertThat(copies).hasSize(2);
        assertThat(copies.get(0).get("eventID")).isNotEqualTo(copies.get(1).get("eventID"));
        assertThat(copies.get(0).get("recipientAccountId")).isNotEqualTo(copies.get(1).get("recipientAccountId"));
        assertThat(copies.get(0).at("/responseElements/credentials/accessKeyId"))
            .isEqualTo(copies.get(1).at("/responseElements/credentials/accessKeyId"));
        pairs++;
      }
    }
    assertThat(pairs).isEqualTo(stats.kinds().get("aws.AssumeRole.roleOwnerCopy"));
  }

  @Test
  void someIdentityRecordsArriveInFilesLaterThanTheActionsTheyExplain() throws IOException {
    Map<String, Instant> issuedIn = new HashMap<>();
    Map<String, Instant> firstUsedIn = new HashMap<>();
    long gcpLate = 0;
    for (Parsed p : parsed) {
      JsonNode r = p.record();
      if (p.file().startsWith("AWSLogs/")) {
        JsonNode key = r.at("/responseElements/credentials/accessKeyId");
        if (!key.isMissingNode()) {
          issuedIn.merge(key.asText(), p.fileTime(), (a, b) -> a.isBefore(b) ? a : b);
        }
        JsonNode used = r.at("/userIdentity/accessKeyId");
        if (used.asText().startsWith("ASIA") && r.get("eventSource").asText().matches("(s3|ec2|iam|kms|dynamodb"
            + "|lambda|logs|cloudformation|secretsmanager)\\.amazonaws\\.com")) {
          firstUsedIn.merge(used.asText(), p.fileTime(), (a, b) -> a.isBefore(b) ? a : b);
        }
      } else if (Instant.parse(r.get("timestamp").asText()).isBefore(p.fileTime())) {
        gcpLate++;
      }
    }
    long awsLate = issuedIn.entrySet().stream()
        .filter(e -> firstUsedIn.containsKey(e.getKey()) && e.getValue().isAfter(firstUsedIn.get(e.getKey())))
        .count();
    assertThat(awsLate).isPositive();
    assertThat(gcpLate).isPositive();
    assertThat(stats.delayed()).isPositive();
  }

  /** Classifies a record from its content alone, independently of the generator's bookkeeping. */
  private static String classify(JsonNode r) {
    if (r.has("eventName")) {
      String name = r.get("eventName").asText();
      String type = r.at("/userIdentity/type").asText();
      return switch (name) {
        case "AssumeRole" -> r.has("errorCode") ? "aws.AssumeRole.denied" : switch (type) {
          case "IAMUser" -> "aws.AssumeRole.user";
          case "AssumedRole" -> "aws.AssumeRole.chained";
          case "AWSAccount" -> "aws.AssumeRole.roleOwnerCopy";
          case "AWSService" -> "aws.AssumeRole.ec2";
          default -> "unexpected " + type;
        };
        case "ConsoleLogin", "SwitchRole", "GetFederationToken", "AssumeRoleWithWebIdentity" -> "aws." + name;
        default -> "aws.action";
      };
    }
    JsonNode payload = r.get("protoPayload");
    String method = payload.get("methodName").asText();
    if (method.equals("GenerateAccessToken") || method.equals("GenerateIdToken")) {
      return "gcp." + method + (payload.at("/status/code").asInt(0) == 7 ? ".denied" : "");
    }
    if (method.endsWith("SecurityTokenService.ExchangeToken")) {
      return "gcp.ExchangeToken";
    }
    JsonNode auth = payload.get("authenticationInfo");
    if (auth.has("serviceAccountDelegationInfo")) {
      return "gcp.action.delegated";
    }
    return auth.has("serviceAccountKeyName") ? "gcp.action.saKey" : "gcp.action";
  }

  record Parsed(String file, Instant fileTime, JsonNode record) {}

  private static List<Parsed> parse() throws IOException {
    List<Parsed> all = new ArrayList<>();
    for (String name : contents(corpus).keySet()) {
      Path file = corpus.resolve(name);
      Matcher trail = TRAIL.matcher(name);
      if (trail.matches()) {
        Instant t = LocalDateTime.parse(trail.group(6), DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm'Z'"))
            .toInstant(ZoneOffset.UTC);
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
          for (JsonNode r : JSON.readTree(in).get("Records")) {
            all.add(new Parsed(name, t, r));
          }
        }
      } else {
        Matcher sink = SINK.matcher(name);
        assertThat(sink.matches()).as(name).isTrue();
        Instant t = Instant.parse(sink.group(2) + "-" + sink.group(3) + "-" + sink.group(4) + "T" + sink.group(5)
            + ":00:00Z");
        try (MappingIterator<JsonNode> it = JSON.readerFor(JsonNode.class).readValues(file.toFile())) {
          while (it.hasNext()) {
            all.add(new Parsed(name, t, it.next()));
          }
        }
      }
    }
    return all;
  }

  private static Map<String, byte[]> contents(Path dir) throws IOException {
    Map<String, byte[]> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        files.put(dir.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
      }
    }
    return files;
  }
}
