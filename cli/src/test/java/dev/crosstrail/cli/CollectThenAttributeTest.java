package dev.crosstrail.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live-collection story end to end, on loopback only: the example CloudTrail records are served by a
 * WireMock stand-in of LookupEvents (per account, told apart by the access key of its profile, and per
 * region, from the SigV4 credential scope) and the example Cloud Audit Log entries by a ListLogEntries
 * stand-in; {@code collect aws-history} and {@code collect gcp} write them into a temporary directory, and
 * {@code attribute} over that directory must say exactly what it says over examples/data itself.
 */
class CollectThenAttributeTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String LOOKUP_TARGET = "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents";
  private static final int PAGE = 8;
  /** Static, made-up keys of the two profiles; each stands for one account at the stand-in. */
  private static final Map<String, String> KEY_OF_ACCOUNT = Map.of(
      "111111111111", "AKIAAAAAAAAAAEXAMPLE",
      "210987654321", "AKIABBBBBBBBBEXAMPLE");
  private static final List<String> PROPERTIES = List.of("aws.sharedCredentialsFile", "aws.configFile", "aws.region",
      "aws.disableEc2Metadata");

  @TempDir Path tmp;
  private WireMockServer cloudTrail;
  private LoggingStandIn logging;
  private final Map<String, String> savedProperties = new HashMap<>();

  @BeforeEach
  void start() throws IOException {
    for (String p : PROPERTIES) {
      savedProperties.put(p, System.getProperty(p));
    }
    Path credentials = tmp.resolve("aws-credentials");
    StringBuilder profiles = new StringBuilder();
    KEY_OF_ACCOUNT.forEach((account, key) -> profiles.append("[acct-").append(account).append("]\n")
        .append("aws_access_key_id = ").append(key).append('\n')
        .append("aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n"));
    Files.writeString(credentials, profiles);
    Files.writeString(tmp.resolve("aws-config"), "");
    System.setProperty("aws.sharedCredentialsFile", credentials.toString());
    System.setProperty("aws.configFile", tmp.resolve("aws-config").toString());
    System.setProperty("aws.region", "us-east-1");
    System.setProperty("aws.disableEc2Metadata", "true");

    cloudTrail = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    cloudTrail.start();
    logging = new LoggingStandIn();
  }

  @AfterEach
  void stop() throws Exception {
    cloudTrail.stop();
    logging.close();
    savedProperties.forEach((p, v) -> {
      if (v == null) {
        System.clearProperty(p);
      } else {
        System.setProperty(p, v);
      }
    });
  }

  @Test
  void collectedRecordsAttributeExactlyLikeTheExampleFiles() throws Exception {
    int served = serveCloudTrail();
    List<com.google.logging.v2.LogEntry> entries = LoggingStandIn.entriesUnder(Cli.EXAMPLES.resolve("gcp"));
    logging.add("projects/my-gcp-project", entries);
    Path collected = tmp.resolve("collected");

    Cli.Run aws = Cli.run("collect", "aws-history", "--out", collected.resolve("aws"),
        "--account", "111111111111:profile=acct-111111111111", "--account", "210987654321:profile=acct-210987654321",
        "--region", "us-east-1,ap-northeast-1", "--start", "2026-03-10T00:00:00Z", "--end", "2026-03-11T00:00:00Z",
        "--cloudtrail-endpoint", cloudTrail.baseUrl());
    assertThat(aws.exit()).as(aws.err()).isEqualTo(0);
    assertThat(aws.err()).contains("collect: total " + served + " records written");

    Cli.Run gcp = Cli.run("collect", "gcp", "--out", collected.resolve("gcp"), "--resource", "projects/my-gcp-project",
        "--start", "2026-03-10T00:00:00Z", "--end", "2026-03-11T00:00:00Z", "--credentials", "none", "--plaintext",
        "--endpoint", logging.endpoint(), "--page-size", 5);
    assertThat(gcp.exit()).as(gcp.err()).isEqualTo(0);
    assertThat(gcp.err()).contains("collect: total " + entries.size() + " entries written, 0 rejected");

    Cli.Run fromCollected = Cli.run("attribute", "--directory", Cli.DIRECTORY, collected);
    Cli.Run fromExamples = Cli.run("attribute", "--directory", Cli.DIRECTORY, Cli.EXAMPLES.resolve("aws"),
        Cli.EXAMPLES.resolve("gcp"));

    assertThat(fromCollected.exit()).isEqualTo(0);
    assertThat(fromExamples.exit()).isEqualTo(0);
    // 71 records in examples/data (expected.tsv has one row each): 50 CloudTrail records and 21 entries
    assertThat(served + entries.size()).isEqualTo(71);
    assertThat(fromCollected.err()).contains("normalized 71, rejected 0");
    List<String> expected = Cli.sortedWithoutSource(fromExamples.outLines());
    List<String> actual = Cli.sortedWithoutSource(fromCollected.outLines());
    assertThat(actual).hasSize(71);
    assertThat(String.join("\n", actual)).isEqualTo(String.join("\n", expected));
  }

  /**
   * Stubs LookupEvents for every account and region of examples/data/aws, in pages of {@value #PAGE} chained by
   * NextToken, and returns the number of records served.
   */
  private int serveCloudTrail() throws IOException {
    Path root = Cli.EXAMPLES.resolve("aws/AWSLogs");
    Map<String, List<JsonNode>> bySource = new TreeMap<>();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(root)) {
      files = walk.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().contains("_CloudTrail_"))
          .sorted().toList();
    }
    for (Path file : files) {
      // AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/<file>
      Path rel = root.relativize(file);
      String source = rel.getName(0) + "/" + rel.getName(2);
      try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
        JSON.readTree(in).get("Records").forEach(r -> bySource.computeIfAbsent(source, k -> new ArrayList<>()).add(r));
      }
    }
    assertThat(bySource.keySet()).containsExactly("111111111111/ap-northeast-1", "111111111111/us-east-1",
        "210987654321/ap-northeast-1", "210987654321/us-east-1");
    int served = 0;
    for (Map.Entry<String, List<JsonNode>> e : bySource.entrySet()) {
      String account = e.getKey().substring(0, 12);
      String region = e.getKey().substring(13);
      List<JsonNode> records = e.getValue();
      for (int start = 0, page = 1; start < records.size(); start += PAGE, page++) {
        List<JsonNode> slice = records.subList(start, Math.min(records.size(), start + PAGE));
        boolean last = start + PAGE >= records.size();
        ObjectNode body = JSON.createObjectNode();
        ArrayNode events = body.putArray("Events");
        for (JsonNode r : slice) {
          events.addObject()
              .put("EventId", r.get("eventID").asText())
              .put("EventName", r.get("eventName").asText())
              .put("EventTime", Instant.parse(r.get("eventTime").asText()).getEpochSecond())
              .put("EventSource", r.get("eventSource").asText())
              .put("CloudTrailEvent", JSON.writeValueAsString(r));
        }
        String token = account + "-" + region + "-" + (page + 1);
        if (!last) {
          body.put("NextToken", token);
        }
        MappingBuilder request = post("/")
            .withHeader("X-Amz-Target", equalTo(LOOKUP_TARGET))
            // SigV4: Credential=<access key>/<date>/<region>/cloudtrail/aws4_request (one matcher per header)
            .withHeader("Authorization", matching(".*Credential=" + KEY_OF_ACCOUNT.get(account) + "/\\d{8}/"
                + region + "/cloudtrail/aws4_request.*"))
            .withRequestBody(page == 1 ? notContaining("NextToken")
                : matchingJsonPath("$.NextToken", equalTo(account + "-" + region + "-" + page)));
        cloudTrail.stubFor(request.willReturn(aResponse().withStatus(200)
            .withHeader("Content-Type", "application/x-amz-json-1.1").withBody(body.toString())));
      }
      served += records.size();
    }
    return served;
  }
}
