package dev.crosstrail.aws.collect;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class AssumeRoleCollectionTest extends CollectorTestSupport {

  @RegisterExtension
  static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  @TempDir
  Path out;

  static final String ROLE = "arn:aws:iam::229654561268:role/CrossTrailReader";
  static final String ASSUMED_KEY = "ASIAEXAMPLEASSUMED01";
  static final String ASSUMED_SECRET = "assumedSecretAccessKeyEXAMPLE0000000000";
  static final String ASSUMED_TOKEN = "FwoGZXIvYXdzEXAMPLESESSIONTOKEN";

  @Test
  void collectsWithCredentialsOfTheAssumedRoleAndNeverWritesSecrets() throws IOException {
    wm.stubFor(post("/").withRequestBody(containing("Action=AssumeRole")).willReturn(WireMock.aResponse()
        .withStatus(200).withHeader("Content-Type", "text/xml").withBody("""
            <AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
              <AssumeRoleResult>
                <Credentials>
                  <AccessKeyId>%s</AccessKeyId>
                  <SecretAccessKey>%s</SecretAccessKey>
                  <SessionToken>%s</SessionToken>
                  <Expiration>2099-01-01T00:00:00Z</Expiration>
                </Credentials>
                <AssumedRoleUser>
                  <Arn>arn:aws:sts::229654561268:assumed-role/CrossTrailReader/crosstrail-collect</Arn>
                  <AssumedRoleId>AROAEXAMPLEROLEID0001:crosstrail-collect</AssumedRoleId>
                </AssumedRoleUser>
              </AssumeRoleResult>
              <ResponseMetadata><RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId></ResponseMetadata>
            </AssumeRoleResponse>
            """.formatted(ASSUMED_KEY, ASSUMED_SECRET, ASSUMED_TOKEN))));
    wm.stubFor(firstPage().willReturn(json(Fixtures.lookupEventsPage(Fixtures.adminUser(), null))));

    CredentialSource.AssumeRole role = ((CredentialSource.AssumeRole) CredentialSource.assumeRole(ROLE))
        .withBase(testCredentials()).withExternalId("external-id-secret");
    CollectionResult result = CloudTrailCollector.newBuilder()
        .outputDirectory(out)
        .account(AwsAccount.assumingRole(role))
        .region("us-east-1")
        .cloudTrailEndpoint(URI.create(wm.baseUrl()))
        .stsEndpoint(URI.create(wm.baseUrl()))
        .startTime(Instant.parse("2024-08-01T13:00:00Z"))
        .endTime(Instant.parse("2024-08-01T14:00:00Z"))
        .pacing(nanos::get, sleeps::add)
        .build()
        .collectEventHistory();

    assertThat(result.succeeded()).isTrue();
    assertThat(result.recordsWritten()).isEqualTo(3);
    wm.verify(1, postRequestedFor(urlEqualTo("/"))
        .withRequestBody(containing("RoleArn=arn%3Aaws%3Aiam%3A%3A229654561268%3Arole%2FCrossTrailReader"))
        .withRequestBody(containing("RoleSessionName=crosstrail-collect"))
        .withRequestBody(containing("ExternalId=external-id-secret"))
        .withHeader("Authorization", containing("Credential=" + ACCESS_KEY + "/")));
    wm.verify(1, postRequestedFor(urlEqualTo("/"))
        .withHeader("X-Amz-Target", equalTo(LOOKUP_TARGET))
        .withHeader("Authorization", containing("Credential=" + ASSUMED_KEY + "/"))
        .withHeader("X-Amz-Security-Token", equalTo(ASSUMED_TOKEN)));

    try (Stream<Path> walk = Files.walk(out)) {
      for (Path file : walk.filter(Files::isRegularFile).toList()) {
        String text = file.toString().endsWith(".gz") ? "" : Files.readString(file, StandardCharsets.UTF_8);
        assertThat(text).doesNotContain(SECRET_KEY, ASSUMED_SECRET, ASSUMED_TOKEN, "external-id-secret");
      }
    }
    assertThat(role.toString()).contains(ROLE).doesNotContain("external-id-secret");
  }
}
