package dev.crosstrail.aws.collect;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class TrailBucketCollectionTest extends CollectorTestSupport {

  @RegisterExtension
  static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  @TempDir
  Path out;

  static final String BUCKET = "org-trail-logs";
  static final String DAY_PREFIX = "AWSLogs/o-exampleorgid/229654561268/CloudTrail/us-east-1/2024/08/01/";
  static final String FILE_1 = DAY_PREFIX + "229654561268_CloudTrail_us-east-1_20240801T1335Z_aB3dE5fG7hJ9kL1m.json.gz";
  static final String FILE_2 = DAY_PREFIX + "229654561268_CloudTrail_us-east-1_20240801T1345Z_zY9xW7vU5tS3rQ1p.json.gz";
  static final String DIGEST = "AWSLogs/o-exampleorgid/229654561268/CloudTrail-Digest/us-east-1/2024/08/01/"
      + "229654561268_CloudTrail-Digest_us-east-1_org-trail_us-east-1_20240801T140000Z.json.gz";

  private TrailBucket bucket() {
    return TrailBucket.of(BUCKET, "us-east-1", testCredentials()).withOrganizationId("o-exampleorgid");
  }

  private CloudTrailCollector collector() {
    return builder(out, wm.baseUrl())
        .startTime(Instant.parse("2024-08-01T13:00:00Z"))
        .endTime(Instant.parse("2024-08-01T14:00:00Z"))
        .build();
  }

  private static MappingBuilder listing(String continuationToken) {
    return get(urlPathEqualTo("/" + BUCKET))
        .withQueryParam("list-type", equalTo("2"))
        .withQueryParam("prefix", equalTo(DAY_PREFIX))
        .withQueryParam("continuation-token", continuationToken == null ? absent() : equalTo(continuationToken));
  }

  private static String listResult(List<String> keys, String nextToken) {
    StringBuilder contents = new StringBuilder();
    for (String key : keys) {
      contents.append("""
            <Contents>
              <Key>%s</Key>
              <LastModified>2024-08-01T13:50:00.000Z</LastModified>
              <ETag>&quot;9b2cf535f27731c974343645a3985328&quot;</ETag>
              <Size>1024</Size>
              <StorageClass>STANDARD</StorageClass>
            </Contents>
          """.formatted(key));
    }
    return """
        <?xml version="1.0" encoding="UTF-8"?>
        <ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
          <Name>%s</Name>
          <Prefix>%s</Prefix>
          <KeyCount>%d</KeyCount>
          <MaxKeys>1000</MaxKeys>
          <IsTruncated>%s</IsTruncated>
          %s
          %s
        </ListBucketResult>
        """.formatted(BUCKET, DAY_PREFIX, keys.size(), nextToken != null, contents,
        nextToken == null ? "" : "<NextContinuationToken>" + nextToken + "</NextContinuationToken>");
  }

  private static byte[] trailFile(List<JsonNode> records) throws IOException {
    var body = Fixtures.MAPPER.createObjectNode();
    body.putArray("Records").addAll(records);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
      gzip.write(body.toString().getBytes(StandardCharsets.UTF_8));
    }
    return bytes.toByteArray();
  }

  private static MappingBuilder object(String key) {
    return get(urlPathEqualTo("/" + BUCKET + "/" + key));
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder xml(String body) {
    return aResponse().withStatus(200).withHeader("Content-Type", "application/xml").withBody(body);
  }

  private void stubTwoPagesWithDigest(byte[] file1, byte[] file2) {
    wm.stubFor(listing(null).willReturn(xml(listResult(List.of(FILE_1, DIGEST), "token-2"))));
    wm.stubFor(listing("token-2").willReturn(xml(listResult(List.of(FILE_2), null))));
    wm.stubFor(object(FILE_1).willReturn(aResponse().withStatus(200).withBody(file1)));
    wm.stubFor(object(FILE_2).willReturn(aResponse().withStatus(200).withBody(file2)));
  }

  @Test
  void copiesTrailFilesUnderTheirKeysFollowingContinuationTokensAndSkipsDigests() throws IOException {
    byte[] file1 = trailFile(Fixtures.adminUser());
    byte[] file2 = trailFile(Fixtures.loginProfile());
    stubTwoPagesWithDigest(file1, file2);

    CollectionResult result = collector().collectTrailBucket(bucket());

    assertThat(result.succeeded()).isTrue();
    assertThat(result.sources()).singleElement().satisfies(s -> {
      assertThat(s.source().toString()).isEqualTo(
          "trail files of 229654561268 in us-east-1 under s3://org-trail-logs/AWSLogs/o-exampleorgid/");
      assertThat(s.pages()).isEqualTo(2);
    });
    assertThat(result.files()).containsExactly(out.resolve(FILE_1), out.resolve(FILE_2));
    assertThat(Files.readAllBytes(out.resolve(FILE_1))).isEqualTo(file1);
    assertThat(Files.readAllBytes(out.resolve(FILE_2))).isEqualTo(file2);
    assertThat(Files.exists(out.resolve(DIGEST))).isFalse();
    wm.verify(0, getRequestedFor(urlPathEqualTo("/" + BUCKET + "/" + DIGEST)));
    assertThat(Fixtures.ids(Fixtures.writtenRecords(out))).containsExactlyInAnyOrderElementsOf(
        Fixtures.ids(List.of(Fixtures.adminUser().get(0), Fixtures.adminUser().get(1), Fixtures.adminUser().get(2),
            Fixtures.loginProfile().get(0), Fixtures.loginProfile().get(1), Fixtures.loginProfile().get(2))));
  }

  @Test
  void aSecondRunFetchesOnlyNewKeys() throws IOException {
    stubTwoPagesWithDigest(trailFile(Fixtures.adminUser()), trailFile(Fixtures.loginProfile()));
    collector().collectTrailBucket(bucket());

    CollectionResult again = builder(out, wm.baseUrl()).startTime(Instant.parse("2024-08-01T13:00:00Z"))
        .endTime(Instant.parse("2024-08-01T14:10:00Z")).build().collectTrailBucket(bucket());

    assertThat(again.files()).isEmpty();
    assertThat(again.duplicatesSkipped()).isEqualTo(2);
    wm.verify(1, getRequestedFor(urlPathEqualTo("/" + BUCKET + "/" + FILE_1)));
    wm.verify(1, getRequestedFor(urlPathEqualTo("/" + BUCKET + "/" + FILE_2)));
  }

  @Test
  void resumedRunAfterAFailedDownloadFetchesExactlyTheRest() throws IOException {
    byte[] file2 = trailFile(Fixtures.loginProfile());
    stubTwoPagesWithDigest(trailFile(Fixtures.adminUser()), file2);
    wm.stubFor(object(FILE_2).willReturn(aResponse().withStatus(503)));

    CollectionResult failed = collector().collectTrailBucket(bucket());
    assertThat(failed.failures()).singleElement().satisfies(e -> assertThat(e.getMessage())
        .contains("trail files of 229654561268 in us-east-1", "fetching s3://org-trail-logs/" + FILE_2, "run again"));
    assertThat(failed.files()).as("what was committed before the failure").containsExactly(out.resolve(FILE_1));
    assertThat(Files.exists(out.resolve(FILE_1))).isTrue();
    assertThat(Files.exists(out.resolve(FILE_2))).isFalse();

    wm.stubFor(object(FILE_2).willReturn(aResponse().withStatus(200).withBody(file2)));
    CollectionResult resumed = collector().collectTrailBucket(bucket());

    assertThat(resumed.succeeded()).isTrue();
    assertThat(resumed.files()).containsExactly(out.resolve(FILE_2));
    assertThat(resumed.duplicatesSkipped()).isEqualTo(1);
    wm.verify(1, getRequestedFor(urlPathEqualTo("/" + BUCKET + "/" + FILE_1)));
    assertThat(Files.readAllBytes(out.resolve(FILE_2))).isEqualTo(file2);
  }

  /**
   * An object S3 refuses (403: no access, its KMS key, archived) does not block the objects after it, in
   * this run or any later one; the source fails, naming it, and each run asks for it again until it can be read.
   */
  @Test
  void aRefusedObjectIsSkippedNamedAndAskedForAgainWhileTheRestIsCollected() throws IOException {
    byte[] file1 = trailFile(Fixtures.adminUser());
    byte[] file2 = trailFile(Fixtures.loginProfile());
    stubTwoPagesWithDigest(file1, file2);
    wm.stubFor(object(FILE_1).willReturn(aResponse().withStatus(403).withHeader("Content-Type", "application/xml")
        .withBody("<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>")));

    CollectionResult refused = collector().collectTrailBucket(bucket());

    assertThat(refused.failures()).singleElement().satisfies(e -> assertThat(e.getMessage())
        .contains("1 object could not be fetched, first s3://org-trail-logs/" + FILE_1, "Access Denied",
            "each run asks for the refused objects again"));
    assertThat(refused.files()).as("the object after the refused one").containsExactly(out.resolve(FILE_2));
    assertThat(Files.exists(out.resolve(FILE_1))).isFalse();

    wm.stubFor(object(FILE_1).willReturn(aResponse().withStatus(200).withBody(file1)));
    CollectionResult granted = collector().collectTrailBucket(bucket());

    assertThat(granted.succeeded()).isTrue();
    assertThat(granted.files()).containsExactly(out.resolve(FILE_1));
    assertThat(granted.duplicatesSkipped()).isEqualTo(1);
    assertThat(Files.readAllBytes(out.resolve(FILE_1))).isEqualTo(file1);
  }

  @Test
  void malformedListingFailsNamingTheSource() {
    wm.stubFor(listing(null).willReturn(xml("<ListBucketResult><IsTruncated>maybe")));

    CollectionResult result = collector().collectTrailBucket(bucket());

    assertThat(result.failures()).singleElement().satisfies(e -> assertThat(e.getMessage())
        .startsWith("trail files of 229654561268 in us-east-1 under s3://org-trail-logs/AWSLogs/o-exampleorgid/: "
            + "listing s3://org-trail-logs/" + DAY_PREFIX + " failed"));
  }

  @Test
  void keysThatWouldEscapeTheOutputDirectoryAreRefused() {
    String evil = DAY_PREFIX + "../../../../../../../../../escape.json.gz";
    wm.stubFor(listing(null).willReturn(xml(listResult(List.of(evil), null))));

    CollectionResult result = collector().collectTrailBucket(bucket());

    assertThat(result.failures()).singleElement().satisfies(e -> assertThat(e.getMessage())
        .contains("cannot be stored", "outside the output directory"));
    assertThat(Files.exists(out.getParent().resolve("escape.json.gz"))).isFalse();
  }
}
