package dev.crosstrail.aws.collect;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** Fake time, a recording listener and WireMock helpers shared by the collection tests. */
class CollectorTestSupport {

  static final String ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE";
  static final String SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
  static final String LOOKUP_TARGET = "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents";
  static final long HALF_SECOND = 500_000_000L;

  final AtomicLong nanos = new AtomicLong();
  final List<Long> sleeps = Collections.synchronizedList(new ArrayList<>());
  final Recorder recorder = new Recorder();

  static CredentialSource testCredentials() {
    return CredentialSource.provider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)));
  }

  /** Settings common to every test: static credentials, fast retries, fake pacing time. */
  CloudTrailCollector.Builder builder(Path out, String baseUrl) {
    return CloudTrailCollector.newBuilder()
        .outputDirectory(out)
        .account(AwsAccount.of(Fixtures.ACCOUNT, testCredentials()))
        .region("us-east-1")
        .cloudTrailEndpoint(URI.create(baseUrl))
        .s3Endpoint(URI.create(baseUrl))
        .retryBackoff(Duration.ofMillis(1), Duration.ofMillis(4))
        .maxAttempts(4)
        .pacing(nanos::get, n -> {
          sleeps.add(n);
          nanos.addAndGet(n);
        })
        .listener(recorder);
  }

  static MappingBuilder lookupEvents() {
    return WireMock.post("/").withHeader("X-Amz-Target", WireMock.equalTo(LOOKUP_TARGET));
  }

  static MappingBuilder firstPage() {
    return lookupEvents().withRequestBody(WireMock.notContaining("NextToken"));
  }

  static MappingBuilder pageWithToken(String token) {
    return lookupEvents().withRequestBody(WireMock.matchingJsonPath("$.NextToken", WireMock.equalTo(token)));
  }

  static ResponseDefinitionBuilder json(String body) {
    return WireMock.aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1").withBody(body);
  }

  static ResponseDefinitionBuilder error(int status, String type, String message) {
    return WireMock.aResponse().withStatus(status).withHeader("Content-Type", "application/x-amz-json-1.1")
        .withBody(Fixtures.MAPPER.createObjectNode().put("__type", type).put("message", message).toString());
  }

  /** Records what the collector reports, with the fake time of each page. */
  final class Recorder implements CollectionListener {
    final List<Long> pageTimes = Collections.synchronizedList(new ArrayList<>());
    final List<String> retries = Collections.synchronizedList(new ArrayList<>());
    final List<String> warnings = Collections.synchronizedList(new ArrayList<>());
    final List<Path> files = Collections.synchronizedList(new ArrayList<>());
    long advanceOnPage;

    @Override
    public void pageFetched(CollectionSource source, int page, int items) {
      pageTimes.add(nanos.get());
      nanos.addAndGet(advanceOnPage);
    }

    @Override
    public void fileWritten(CollectionSource source, Path file, long records) {
      files.add(file);
    }

    @Override
    public void retrying(String target, int attempt, String reason) {
      retries.add(target + " #" + attempt + " after " + reason);
    }

    @Override
    public void warning(String message) {
      warnings.add(message);
    }
  }
}
