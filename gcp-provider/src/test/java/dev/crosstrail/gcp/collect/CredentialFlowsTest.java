package dev.crosstrail.gcp.collect;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.auth.http.HttpTransportFactory;
import dev.crosstrail.io.CrossTrailException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The credential flows of google-auth against stand-ins on loopback (WireMock for the OAuth, STS,
 * IAM Credentials and AWS metadata endpoints), checked where it matters: the bearer token the
 * Logging call carried, as the loopback Logging server received it.
 */
class CredentialFlowsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TARGET = "log-reader@p1.iam.gserviceaccount.com";
  private static final String GENERATE = "/v1/projects/-/serviceAccounts/" + TARGET + ":generateAccessToken";

  @TempDir Path tmp;
  private WireMockServer wm;
  private LoopbackLogging logging;
  private Path ca;

  @BeforeEach
  void start() throws Exception {
    wm = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort().dynamicHttpsPort());
    wm.start();
    logging = new LoopbackLogging(false);
    logging.add("projects/p1", TestEntries.audit("p1", "a1", "2024-05-01T13:10:00Z"));
    ca = LoopbackLogging.caFile(tmp);
  }

  @AfterEach
  void stop() throws Exception {
    wm.stop();
    logging.close();
  }

  /** google-auth insists on https for STS and impersonation URLs: WireMock's https port, its own certificate. */
  private String base() {
    return "https://127.0.0.1:" + wm.httpsPort();
  }

  /** Trusts WireMock's self-signed certificate; used on loopback only. */
  private static final HttpTransportFactory TRUSTING_LOOPBACK = () -> {
    try {
      return new NetHttpTransport.Builder().doNotValidateCertificate().build();
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  };

  private CollectionResult collect(CredentialsSource credentials, Impersonation impersonation) {
    CollectorSettings.Builder b = TestEntries.settings(logging, tmp.resolve("out"), ca).credentials(credentials);
    if (impersonation != null) {
      b.impersonation(impersonation);
    }
    return CloudLoggingCollector.create(b.build(), TRUSTING_LOOPBACK).collect(CollectionListener.NONE);
  }

  private Path serviceAccountKey() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    KeyPair pair = generator.generateKeyPair();
    String pem = "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
            .encodeToString(pair.getPrivate().getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
    ObjectNode key = JSON.createObjectNode()
        .put("type", "service_account")
        .put("project_id", "p1")
        .put("private_key_id", "0123456789abcdef")
        .put("private_key", pem)
        .put("client_email", "collector@p1.iam.gserviceaccount.com")
        .put("client_id", "104567890123456789012")
        .put("token_uri", base() + "/token");
    Path file = tmp.resolve("collector-key.json");
    JSON.writeValue(file.toFile(), key);
    wm.stubFor(post(urlEqualTo("/token")).willReturn(aResponse().withHeader("Content-Type", "application/json")
        .withBody("{\"access_token\":\"ya29.service-account-token\",\"expires_in\":3600,\"token_type\":\"Bearer\"}")));
    return file;
  }

  private void stubGenerateAccessToken(String token) {
    wm.stubFor(post(urlEqualTo(GENERATE)).willReturn(aResponse().withHeader("Content-Type", "application/json")
        .withBody("{\"accessToken\":\"" + token + "\",\"expireTime\":\"2099-01-01T00:00:00Z\"}")));
  }

  @Test
  void serviceAccountKeyFileGetsItsTokenFromTheTokenUriInTheFile() throws Exception {
    Path key = serviceAccountKey();

    CollectionResult result = collect(CredentialsSource.serviceAccountKey(key), null);

    assertThat(result.written()).isEqualTo(1);
    assertThat(logging.authorizations).containsOnly("Bearer ya29.service-account-token");
    wm.verify(postRequestedFor(urlEqualTo("/token"))
        .withRequestBody(containing("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer")));
  }

  @Test
  void impersonationCallsTheIamCredentialsOverrideWithTheBaseToken() throws Exception {
    Path key = serviceAccountKey();
    stubGenerateAccessToken("ya29.impersonated-log-reader");

    collect(CredentialsSource.serviceAccountKey(key),
        Impersonation.of(TARGET).withIamEndpoint(URI.create(base() + GENERATE)));

    assertThat(logging.authorizations).containsOnly("Bearer ya29.impersonated-log-reader");
    wm.verify(postRequestedFor(urlEqualTo(GENERATE))
        .withHeader("Authorization", equalTo("Bearer ya29.service-account-token"))
        .withRequestBody(containing("https://www.googleapis.com/auth/logging.read")));
  }

  @Test
  void awsWorkloadIdentityFederationExchangesASignedCallerIdentityThenImpersonates() throws Exception {
    wm.stubFor(get(urlEqualTo("/latest/meta-data/placement/availability-zone"))
        .willReturn(aResponse().withBody("us-east-1b")));
    wm.stubFor(get(urlEqualTo("/latest/meta-data/iam/security-credentials"))
        .willReturn(aResponse().withBody("collector-role")));
    wm.stubFor(get(urlEqualTo("/latest/meta-data/iam/security-credentials/collector-role"))
        .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody("""
            {"Code": "Success", "AccessKeyId": "ASIAEXAMPLEKEY000001", "SecretAccessKey": "example-secret-key",
             "Token": "example-session-token", "Expiration": "2099-01-01T00:00:00Z"}""")));
    wm.stubFor(post(urlEqualTo("/v1/token")).willReturn(aResponse().withHeader("Content-Type", "application/json")
        .withBody("""
            {"access_token": "federated-sts-token", "issued_token_type": "urn:ietf:params:oauth:token-type:access_token",
             "token_type": "Bearer", "expires_in": 3600}""")));
    stubGenerateAccessToken("ya29.impersonated-by-aws");
    ObjectNode config = JSON.createObjectNode()
        .put("type", "external_account")
        .put("audience", "//iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/"
            + "aws-pool/providers/aws-provider")
        .put("subject_token_type", "urn:ietf:params:aws:token-type:aws4_request")
        .put("token_url", base() + "/v1/token")
        .put("service_account_impersonation_url", base() + GENERATE);
    config.putObject("credential_source")
        .put("environment_id", "aws1")
        .put("region_url", base() + "/latest/meta-data/placement/availability-zone")
        .put("url", base() + "/latest/meta-data/iam/security-credentials")
        .put("regional_cred_verification_url",
            "https://sts.{region}.amazonaws.com?Action=GetCallerIdentity&Version=2011-06-15");
    Path file = tmp.resolve("aws-wif-config.json");
    JSON.writeValue(file.toFile(), config);

    CollectionResult result = collect(CredentialsSource.externalAccount(file), null);

    assertThat(result.written()).isEqualTo(1);
    assertThat(logging.authorizations).containsOnly("Bearer ya29.impersonated-by-aws");
    // the subject token is the signed GetCallerIdentity request, made with the metadata credentials
    wm.verify(postRequestedFor(urlEqualTo("/v1/token"))
        .withRequestBody(containing("subject_token_type=urn%3Aietf%3Aparams%3Aaws%3Atoken-type%3Aaws4_request"))
        .withRequestBody(containing("ASIAEXAMPLEKEY000001"))
        .withRequestBody(containing("GetCallerIdentity")));
    wm.verify(postRequestedFor(urlEqualTo(GENERATE))
        .withHeader("Authorization", equalTo("Bearer federated-sts-token")));
  }

  @Test
  void unusableKeyFileIsNamedWithoutItsContents() throws Exception {
    Path key = tmp.resolve("not-a-key.json");
    Files.writeString(key, "{\"type\": \"service_account\", \"private_key\": \"SECRET-MATERIAL\"}");

    assertThatThrownBy(() -> collect(CredentialsSource.serviceAccountKey(key), null))
        .isInstanceOf(CrossTrailException.class)
        .hasMessageContaining("Cannot use " + key + " as a service account key file")
        .hasMessageNotContaining("SECRET-MATERIAL");
    assertThat(logging.calls()).isZero();
  }

  @Test
  void impersonationWithoutBaseCredentialsIsRefused() {
    assertThatThrownBy(() -> collect(CredentialsSource.none(), Impersonation.of(TARGET)))
        .hasMessageContaining("impersonation of " + TARGET + " needs base credentials");
    assertThat(List.of(logging.calls())).containsExactly(0);
  }
}
