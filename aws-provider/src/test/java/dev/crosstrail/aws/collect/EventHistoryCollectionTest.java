package dev.crosstrail.aws.collect;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class EventHistoryCollectionTest extends CollectorTestSupport {

  @RegisterExtension
  static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  @TempDir
  Path out;

  static final Instant START = Instant.parse("2024-08-01T13:00:00Z");
  static final Instant END = Instant.parse("2024-08-01T14:00:00Z");

  private CloudTrailCollector collector() {
    return builder(out, wm.baseUrl()).startTime(START).endTime(END).build();
  }

  private static List<JsonNode> concat(List<JsonNode> a, List<JsonNode> b) {
    List<JsonNode> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  @Test
  void followsNextTokenAndWritesEachCloudTrailEventUnchangedInTrailFiles() throws IOException {
    wm.stubFor(firstPage().willReturn(json(Fixtures.lookupEventsPage(Fixtures.adminUser(), "page-2"))));
    wm.stubFor(pageWithToken("page-2").willReturn(json(Fixtures.lookupEventsPage(Fixtures.loginProfile(), null))));

    CollectionResult result = collector().collectEventHistory();

    assertThat(result.succeeded()).isTrue();
    assertThat(result.recordsWritten()).isEqualTo(6);
    assertThat(result.sources()).singleElement().satisfies(s -> {
      assertThat(s.pages()).isEqualTo(2);
      assertThat(s.windowStart()).isEqualTo(START);
      assertThat(s.windowEnd()).isEqualTo(END);
    });
    // One file per page (all records are of 2024-08-01), named like CloudTrail's own files
    // after the latest event time in it: 13:33:28 on page 1, 13:42:22 on page 2.
    List<String> names = result.files().stream().map(p -> out.relativize(p).toString().replace('\\', '/')).toList();
    assertThat(names).hasSize(2);
    assertThat(names.get(0)).matches("AWSLogs/229654561268/CloudTrail/us-east-1/2024/08/01/"
        + "229654561268_CloudTrail_us-east-1_20240801T1333Z_[A-Za-z0-9]{16}\\.json\\.gz");
    assertThat(names.get(1)).matches("AWSLogs/229654561268/CloudTrail/us-east-1/2024/08/01/"
        + "229654561268_CloudTrail_us-east-1_20240801T1342Z_[A-Za-z0-9]{16}\\.json\\.gz");
    assertThat(recorder.files).containsExactlyElementsOf(result.files());

    assertThat(Fixtures.writtenRecords(out)).containsExactlyInAnyOrderElementsOf(
        concat(Fixtures.adminUser(), Fixtures.loginProfile()));

    wm.verify(2, postRequestedFor(urlEqualTo("/")));
    wm.verify(1, postRequestedFor(urlEqualTo("/"))
        .withRequestBody(matchingJsonPath("$.MaxResults", equalTo("50")))
        .withRequestBody(epochSeconds("StartTime", START))
        .withRequestBody(epochSeconds("EndTime", END))
        .withRequestBody(matchingJsonPath("$.NextToken", equalTo("page-2"))));
    assertThat(partialFiles()).isEmpty();
  }

  @Test
  void sendsTheLookupAttribute() {
    wm.stubFor(firstPage().willReturn(json(Fixtures.lookupEventsPage(List.of(Fixtures.adminUser().get(2)), null))));

    CollectionResult result = builder(out, wm.baseUrl()).startTime(START).endTime(END)
        .lookupAttribute("EventName", "CreateUser").build().collectEventHistory();

    assertThat(result.recordsWritten()).isEqualTo(1);
    wm.verify(1, postRequestedFor(urlEqualTo("/"))
        .withRequestBody(matchingJsonPath("$.LookupAttributes[0].AttributeKey", equalTo("EventName")))
        .withRequestBody(matchingJsonPath("$.LookupAttributes[0].AttributeValue", equalTo("CreateUser"))));
  }

  @Test
  void retriesThrottlingServerErrorsAndDroppedConnectionsThenSucceeds() throws IOException {
    String scenario = "flaky";
    wm.stubFor(firstPage().inScenario(scenario).whenScenarioStateIs(Scenario.STARTED)
        .willReturn(error(400, "ThrottlingException", "Rate exceeded")).willSetStateTo("429"));
    wm.stubFor(firstPage().inScenario(scenario).whenScenarioStateIs("429")
        .willReturn(aResponse().withStatus(429)).willSetStateTo("503"));
    wm.stubFor(firstPage().inScenario(scenario).whenScenarioStateIs("503")
        .willReturn(aResponse().withStatus(503)).willSetStateTo("reset"));
    wm.stubFor(firstPage().inScenario(scenario).whenScenarioStateIs("reset")
        .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)).willSetStateTo("ok"));
    wm.stubFor(firstPage().inScenario(scenario).whenScenarioStateIs("ok")
        .willReturn(json(Fixtures.lookupEventsPage(Fixtures.adminUser(), null))));

    CollectionResult result = builder(out, wm.baseUrl()).startTime(START).endTime(END).maxAttempts(5).build()
        .collectEventHistory();

    assertThat(result.succeeded()).isTrue();
    assertThat(Fixtures.ids(Fixtures.writtenRecords(out))).containsExactlyInAnyOrderElementsOf(
        Fixtures.ids(Fixtures.adminUser()));
    assertThat(recorder.retries).containsExactly(
        "cloudtrail 229654561268/us-east-1 #2 after HTTP 400",
        "cloudtrail 229654561268/us-east-1 #3 after HTTP 429",
        "cloudtrail 229654561268/us-east-1 #4 after HTTP 503",
        "cloudtrail 229654561268/us-east-1 #5 after connection error");
    wm.verify(5, postRequestedFor(urlEqualTo("/")));
    assertThat(result.retries()).isEqualTo(4);
    // Every attempt, retries included, waits for its turn: 5 attempts, 4 paced waits of 0.5 s.
    assertThat(sleeps).containsExactly(HALF_SECOND, HALF_SECOND, HALF_SECOND, HALF_SECOND);
  }

  @Test
  void failsTheSourceWhenRetriesAreExhausted() {
    wm.stubFor(firstPage().willReturn(error(400, "ThrottlingException", "Rate exceeded")));

    CollectionResult result = builder(out, wm.baseUrl()).startTime(START).endTime(END).maxAttempts(3).build()
        .collectEventHistory();

    wm.verify(3, postRequestedFor(urlEqualTo("/")));
    assertThat(result.failures()).singleElement().satisfies(e -> {
      assertThat(e.getMessage()).startsWith("event history of 229654561268 in us-east-1: LookupEvents page 1 failed");
      assertThat(e.getMessage()).contains("Rate exceeded");
    });
    assertThat(recorder.warnings).anySatisfy(w -> assertThat(w).contains("LookupEvents page 1 failed"));
  }

  @Test
  void pacesRequestsOfOneAccountAndRegionToTwoPerSecond() {
    wm.stubFor(firstPage().willReturn(json(Fixtures.lookupEventsPage(Fixtures.adminUser().subList(0, 1), "p2"))));
    wm.stubFor(pageWithToken("p2").willReturn(json(Fixtures.lookupEventsPage(Fixtures.adminUser().subList(1, 2), "p3"))));
    wm.stubFor(pageWithToken("p3").willReturn(json(Fixtures.lookupEventsPage(Fixtures.adminUser().subList(2, 3), null))));

    collector().collectEventHistory();

    wm.verify(3, postRequestedFor(urlEqualTo("/")));
    assertThat(recorder.pageTimes).containsExactly(0L, HALF_SECOND, 2 * HALF_SECOND);
    assertThat(sleeps).containsExactly(HALF_SECOND, HALF_SECOND);
  }

  @Test
  void doesNotWaitWhenTheCallerIsSlowerThanTheRate() {
    wm.stubFor(firstPage().willReturn(json(Fixtures.lookupEventsPage(Fixtures.adminUser().subList(0, 1), "p2"))));
    wm.stubFor(pageWithToken("p2").willReturn(json(Fixtures.lookupEventsPage(Fixtures.adminUser().subList(1, 3), null))));
    recorder.advanceOnPage = 3 * HALF_SECOND;

    collector().collectEventHistory();

    wm.verify(2, postRequestedFor(urlEqualTo("/")));
    assertThat(sleeps).isEmpty();
  }

  @Test
  void malformedCloudTrailEventFailsItsPageNamingTheSourceAndKeepsEarlierPages() throws IOException {
    List<JsonNode> page2 = Fixtures.loginProfile();
    String body = Fixtures.lookupEventsPage(page2, null);
    JsonNode tree = Fixtures.MAPPER.readTree(body);
    String original = tree.get("Events").get(1).get("CloudTrailEvent").asText();
    ((com.fasterxml.jackson.databind.node.ObjectNode) tree.get("Events").get(1))
        .put("CloudTrailEvent", original.substring(0, 40));
    wm.stubFor(firstPage().willReturn(json(Fixtures.lookupEventsPage(Fixtures.adminUser(), "page-2"))));
    wm.stubFor(pageWithToken("page-2").willReturn(json(tree.toString())));

    CollectionResult result = collector().collectEventHistory();

    assertThat(result.failures()).singleElement().satisfies(e -> {
      assertThat(e.source()).isEqualTo(CollectionSource.eventHistory(Fixtures.ACCOUNT, "us-east-1"));
      assertThat(e.getMessage()).contains("event history of 229654561268 in us-east-1",
          "LookupEvents page 2", "EventId 64fb98c9-cb40-4f9a-b800-6c15e82e9be6", "not valid JSON");
    });
    assertThat(result.recordsWritten()).isEqualTo(3);
    assertThat(Fixtures.writtenRecords(out)).containsExactlyInAnyOrderElementsOf(Fixtures.adminUser());
    assertThat(partialFiles()).isEmpty();
    JsonNode checkpoint = checkpoint();
    assertThat(checkpoint.has("collectedUntil")).as("window not completed, so not advanced").isFalse();
    assertThat(ids(checkpoint.get("seen"))).containsExactlyInAnyOrderElementsOf(Fixtures.ids(Fixtures.adminUser()));
  }

  @Test
  void responseThatIsNotJsonFailsNamingTheSource() throws IOException {
    wm.stubFor(firstPage().willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/x-amz-json-1.1").withBody("<html>proxy error</html>")));

    CollectionResult result = collector().collectEventHistory();

    assertThat(result.failures()).singleElement().satisfies(e ->
        assertThat(e.getMessage()).startsWith("event history of 229654561268 in us-east-1: LookupEvents page 1 failed"));
    assertThat(Fixtures.trailFiles(out)).isEmpty();
    // nothing collected: the checkpoint says only where this first window started, for the next run
    JsonNode checkpoint = checkpoint();
    assertThat(checkpoint.has("collectedUntil")).isFalse();
    assertThat(checkpoint.get("firstStart").asText()).isEqualTo(START.toString());
  }

  @Test
  void resumedRunAfterAFailureMidwayCollectsExactlyTheRest() throws IOException {
    wm.stubFor(firstPage().willReturn(json(Fixtures.lookupEventsPage(Fixtures.adminUser(), "page-2"))));
    wm.stubFor(pageWithToken("page-2").willReturn(aResponse().withStatus(500)));

    CollectionResult failed = builder(out, wm.baseUrl()).startTime(START).endTime(END).maxAttempts(2).build()
        .collectEventHistory();
    assertThat(failed.succeeded()).isFalse();
    assertThat(failed.recordsWritten()).isEqualTo(3);

    wm.stubFor(pageWithToken("page-2").willReturn(json(Fixtures.lookupEventsPage(Fixtures.loginProfile(), null))));
    CollectionResult resumed = collector().collectEventHistory();

    assertThat(resumed.succeeded()).isTrue();
    assertThat(resumed.sources().get(0).windowStart()).isEqualTo(START);
    assertThat(resumed.recordsWritten()).isEqualTo(3);
    assertThat(resumed.duplicatesSkipped()).isEqualTo(3);
    assertThat(Fixtures.ids(Fixtures.writtenRecords(out))).containsExactlyInAnyOrderElementsOf(
        Fixtures.ids(concat(Fixtures.adminUser(), Fixtures.loginProfile())));
    assertThat(checkpoint().get("collectedUntil").asText()).isEqualTo("2024-08-01T14:00:00Z");
  }

  /**
   * A run filtered to one event name collects only part of its window: an unfiltered run afterwards must
   * not take the window as collected (it kept one checkpoint for both, and skipped every other event).
   */
  @Test
  void aFilteredRunKeepsItsOwnCheckpoint() throws IOException {
    wm.stubFor(firstPage().willReturn(json(Fixtures.lookupEventsPage(List.of(Fixtures.adminUser().get(2)), null))));
    CollectionResult filtered = builder(out, wm.baseUrl()).startTime(START).endTime(END)
        .lookupAttribute("EventName", "CreateUser").build().collectEventHistory();
    assertThat(filtered.recordsWritten()).isEqualTo(1);

    wm.stubFor(firstPage().willReturn(json(Fixtures.lookupEventsPage(
        concat(Fixtures.adminUser(), Fixtures.loginProfile()), null))));
    CollectionResult all = builder(out, wm.baseUrl()).startTime(START).endTime(END.plusSeconds(600)).build()
        .collectEventHistory();

    assertThat(all.sources().get(0).windowStart()).isEqualTo(START);
    assertThat(all.recordsWritten()).isEqualTo(6); // the filtered run's one event again, in the unfiltered files
    assertThat(Fixtures.ids(Fixtures.writtenRecords(out))).containsAll(
        Fixtures.ids(concat(Fixtures.adminUser(), Fixtures.loginProfile())));
  }

  /**
   * A first run with no --start that fails part-way: the next run (a scheduled one, with a later end)
   * resumes where the first one's window started, not at its own default start, which would skip the
   * part the first one left.
   */
  @Test
  void aFailedFirstRunWithoutAStartIsResumedFromItsOwnStart() throws IOException {
    wm.stubFor(firstPage().willReturn(json(Fixtures.lookupEventsPage(Fixtures.adminUser(), "page-2"))));
    wm.stubFor(pageWithToken("page-2").willReturn(aResponse().withStatus(500)));
    CollectionResult failed = builder(out, wm.baseUrl()).endTime(END).maxAttempts(2).build().collectEventHistory();
    assertThat(failed.succeeded()).isFalse();
    Instant firstStart = failed.sources().get(0).windowStart();

    wm.stubFor(pageWithToken("page-2").willReturn(json(Fixtures.lookupEventsPage(Fixtures.loginProfile(), null))));
    CollectionResult next = builder(out, wm.baseUrl()).endTime(END.plus(java.time.Duration.ofHours(2))).build()
        .collectEventHistory();

    assertThat(next.succeeded()).isTrue();
    assertThat(next.sources().get(0).windowStart()).isEqualTo(firstStart);
    assertThat(Fixtures.ids(Fixtures.writtenRecords(out))).containsExactlyInAnyOrderElementsOf(
        Fixtures.ids(concat(Fixtures.adminUser(), Fixtures.loginProfile())));
  }

  /** After a first run that failed at once, a start given explicitly (a backfill) wins over the failed run's. */
  @Test
  void anExplicitStartAfterAFailedFirstRunIsHonoured() {
    wm.stubFor(firstPage().willReturn(aResponse().withStatus(400).withHeader("Content-Type",
        "application/x-amz-json-1.1").withBody("{\"__type\":\"AccessDeniedException\",\"message\":\"denied\"}")));
    assertThat(builder(out, wm.baseUrl()).endTime(END).build().collectEventHistory().succeeded()).isFalse();

    wm.stubFor(firstPage().willReturn(json(Fixtures.lookupEventsPage(Fixtures.adminUser(), null))));
    Instant backfill = END.minus(java.time.Duration.ofDays(5));
    CollectionResult next = builder(out, wm.baseUrl()).startTime(backfill).endTime(END).build().collectEventHistory();

    assertThat(next.succeeded()).isTrue();
    assertThat(next.sources().get(0).windowStart()).isEqualTo(backfill);
  }

  /**
   * Filters keep apart however long (a ResourceName can be a long ARN: file names are limited) and whatever
   * characters a file name cannot hold.
   */
  @Test
  void everyFilterHasACheckpointOfItsOwnThatFitsAFileName() {
    CollectionSource source = CollectionSource.eventHistory(Fixtures.ACCOUNT, "us-east-1");
    Path at = new CheckpointStore(out, java.util.Optional.of("Username=alice@corp")).fileFor(source);
    Path underscore = new CheckpointStore(out, java.util.Optional.of("Username=alice_corp")).fileFor(source);
    Path longArn = new CheckpointStore(out, java.util.Optional.of("ResourceName=arn:aws:s3:::" + "b".repeat(300)))
        .fileFor(source);

    assertThat(at).isNotEqualTo(underscore).isNotEqualTo(new CheckpointStore(out).fileFor(source));
    assertThat(longArn.getFileName().toString().length() + ".partial".length()).isLessThan(255);
  }

  @Test
  void lateRecordIsPickedUpOnceByTheNextRun() throws IOException {
    // Run 1 ends at 13:45. The event history then has the three admin-user events (13:33:28) and
    // CreateLoginProfile (13:42:21); GetCallerIdentity (13:42:21) and DeleteLoginProfile (13:42:22)
    // are delivered late and appear only when run 2 asks again.
    List<JsonNode> login = Fixtures.loginProfile();
    List<JsonNode> early = concat(Fixtures.adminUser(), List.of(login.get(2)));
    wm.stubFor(firstPage().willReturn(json(Fixtures.lookupEventsPage(early, null))));
    CollectionResult first = builder(out, wm.baseUrl()).startTime(START).endTime(Instant.parse("2024-08-01T13:45:00Z"))
        .build().collectEventHistory();
    assertThat(first.recordsWritten()).isEqualTo(4);

    wm.stubFor(firstPage().willReturn(json(Fixtures.lookupEventsPage(concat(Fixtures.adminUser(), login), null))));
    CollectionResult second = builder(out, wm.baseUrl()).startTime(START).endTime(Instant.parse("2024-08-01T14:30:00Z"))
        .build().collectEventHistory();

    // The checkpoint (13:45) minus the default 30-minute overlap, not the configured start.
    assertThat(second.sources().get(0).windowStart()).isEqualTo(Instant.parse("2024-08-01T13:15:00Z"));
    wm.verify(1, postRequestedFor(urlEqualTo("/")).withRequestBody(
        epochSeconds("StartTime", Instant.parse("2024-08-01T13:15:00Z"))));
    assertThat(second.recordsWritten()).isEqualTo(2);
    assertThat(second.duplicatesSkipped()).isEqualTo(4);
    assertThat(Fixtures.ids(Fixtures.writtenRecords(out))).doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(Fixtures.ids(concat(Fixtures.adminUser(), login)));
    // Nothing is younger than 14:30 - 30 min, so no id needs remembering.
    JsonNode checkpoint = checkpoint();
    assertThat(checkpoint.get("collectedUntil").asText()).isEqualTo("2024-08-01T14:30:00Z");
    assertThat(ids(checkpoint.get("seen"))).isEmpty();
  }

  @Test
  void checkpointKeepsOnlyIdsWithinTheOverlap() throws IOException {
    wm.stubFor(firstPage().willReturn(json(Fixtures.lookupEventsPage(
        concat(Fixtures.adminUser(), Fixtures.loginProfile()), null))));

    builder(out, wm.baseUrl()).startTime(START).endTime(Instant.parse("2024-08-01T13:50:00Z"))
        .overlap(java.time.Duration.ofMinutes(10)).build().collectEventHistory();

    // Kept from 13:40 on: the three login-profile events (13:42), not the admin-user ones (13:33).
    assertThat(ids(checkpoint().get("seen"))).containsExactlyInAnyOrderElementsOf(Fixtures.ids(Fixtures.loginProfile()));
  }

  @Test
  void usEast1IsAddedWithAWarningWhenLeftOut() {
    wm.stubFor(firstPage().willReturn(json(Fixtures.lookupEventsPage(Fixtures.adminUser(), null))));
    CloudTrailCollector collector = CloudTrailCollector.newBuilder()
        .outputDirectory(out)
        .account(AwsAccount.of(Fixtures.ACCOUNT, testCredentials()))
        .region("eu-west-1")
        .cloudTrailEndpoint(java.net.URI.create(wm.baseUrl()))
        .startTime(START).endTime(END)
        .pacing(nanos::get, sleeps::add)
        .listener(recorder)
        .build();

    assertThat(collector.regions()).containsExactly("eu-west-1", "us-east-1");
    CollectionResult result = collector.collectEventHistory();

    assertThat(result.sources()).extracting(s -> s.source().region()).containsExactly("eu-west-1", "us-east-1");
    assertThat(result.warnings()).singleElement().asString()
        .contains("us-east-1 was added", "global-service events", "addUsEast1(false)");
    assertThat(recorder.warnings).containsExactlyElementsOf(result.warnings());
  }

  @Test
  void usEast1LeftOutOnPurposeIsStillWarnedAbout() {
    CloudTrailCollector collector = CloudTrailCollector.newBuilder()
        .outputDirectory(out)
        .account(AwsAccount.of(Fixtures.ACCOUNT, testCredentials()))
        .region("eu-west-1")
        .addUsEast1(false)
        .build();

    assertThat(collector.regions()).containsExactly("eu-west-1");
    assertThat(collector.warnings()).singleElement().asString().contains("us-east-1 is not collected");
  }

  /** The SDK writes timestamps as JSON numbers in exponent form (1.7225172E9): compare numerically. */
  private static com.github.tomakehurst.wiremock.matching.StringValuePattern epochSeconds(String field, Instant time) {
    return matchingJsonPath("$[?(@." + field + " == " + time.getEpochSecond() + ")]");
  }

  private List<Path> partialFiles() throws IOException {
    try (Stream<Path> walk = Files.walk(out)) {
      return walk.filter(p -> p.getFileName().toString().endsWith(".partial")).toList();
    }
  }

  private JsonNode checkpoint() throws IOException {
    Path file = new CheckpointStore(out).fileFor(CollectionSource.eventHistory(Fixtures.ACCOUNT, "us-east-1"));
    return Fixtures.MAPPER.readTree(file.toFile());
  }

  private static List<String> ids(JsonNode object) {
    List<String> ids = new ArrayList<>();
    object.fieldNames().forEachRemaining(ids::add);
    return ids;
  }
}
