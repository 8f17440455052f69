package dev.crosstrail.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End to end through the command line: real console records, directory folders, exit statuses. */
class EndToEndCliTest {

  /**
   * Seed 000 as the article has it (eventVersion 1.05, 2018; duplicated keys and the stray "]," mended,
   * account placeholders given digits). The console's HeadBucket carries a creationDate 2.5 minutes after
   * the SwitchRole and no sessionCredentialFromConsole (older records do not carry it; its user agent is the
   * S3 console's). Rule 3 must still link it, asserted, with no gap.
   */
  static final String SWITCH = "{\"eventVersion\":\"1.05\",\"userIdentity\":{\"type\":\"AssumedRole\","
      + "\"principalId\":\"AROAIRGONMBKRO5AS3ZXA:miyamoto\",\"arn\":\"arn:aws:sts::210987654321:assumed-role/"
      + "SwitchRole/miyamoto\",\"accountId\":\"210987654321\"},\"eventTime\":\"2018-11-16T15:12:19Z\","
      + "\"eventSource\":\"signin.amazonaws.com\",\"eventName\":\"SwitchRole\",\"awsRegion\":\"us-east-1\","
      + "\"sourceIPAddress\":\"72.21.198.64\",\"userAgent\":\"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_12_6)\","
      + "\"requestParameters\":null,\"responseElements\":{\"SwitchRole\":\"Success\"},\"additionalEventData\":"
      + "{\"SwitchFrom\":\"arn:aws:iam::111111111111:user/miyamoto\",\"RedirectTo\":\"https://ap-northeast-1"
      + ".console.aws.amazon.com/console/home?region=ap-northeast-1#\"},\"eventID\":"
      + "\"53964c04-8156-423d-b89e-cf97de594149\",\"eventType\":\"AwsConsoleSignIn\",\"recipientAccountId\":"
      + "\"210987654321\"}";
  static final String HEAD_BUCKET = "{\"eventVersion\":\"1.05\",\"userIdentity\":{\"type\":\"AssumedRole\","
      + "\"principalId\":\"AROAIRGONMBKRO5AS3ZXA:miyamoto\",\"arn\":\"arn:aws:sts::210987654321:assumed-role/"
      + "SwitchRole/miyamoto\",\"accountId\":\"210987654321\",\"accessKeyId\":\"ASIAR2S4A2FVYII6OLNX\","
      + "\"sessionContext\":{\"sessionIssuer\":{\"type\":\"Role\",\"principalId\":\"AROAIRGONMBKRO5AS3ZXA\","
      + "\"arn\":\"arn:aws:iam::210987654321:role/SwitchRole\",\"accountId\":\"210987654321\",\"userName\":"
      + "\"SwitchRole\"},\"attributes\":{\"creationDate\":\"2018-11-16T15:14:56Z\",\"mfaAuthenticated\":"
      + "\"false\"}}},\"eventTime\":\"2018-11-16T15:15:04Z\",\"eventSource\":\"s3.amazonaws.com\",\"eventName\":"
      + "\"HeadBucket\",\"awsRegion\":\"ap-northeast-1\",\"sourceIPAddress\":\"27.0.3.145\",\"userAgent\":"
      + "\"[S3Console/0.4, aws-internal/3 aws-sdk-java/1.11.425]\",\"requestParameters\":{\"bucketName\":"
      + "\"cloudtrail-***\"},\"responseElements\":null,\"requestID\":\"7F70330E8B836AD7\",\"eventID\":"
      + "\"c3297949-e0cf-4374-a350-83fe3b96c60d\",\"readOnly\":true,\"eventType\":\"AwsApiCall\","
      + "\"recipientAccountId\":\"210987654321\",\"vpcEndpointId\":\"vpce-****\"}";

  @Test
  void seed000sConsoleCallIsStillAssertedWithoutAGap(@TempDir Path tmp) throws IOException {
    Path file = tmp.resolve("seed000.jsonl");
    Files.writeString(file, SWITCH + "\n" + HEAD_BUCKET + "\n");

    Cli.Run run = Cli.run("trace", "--json", "--event", "c3297949-e0cf-4374-a350-83fe3b96c60d", file);

    assertThat(run.exit()).as(run.err()).isEqualTo(0);
    JsonNode a = new ObjectMapper().readTree(run.out());
    assertThat(a.at("/origin/id").asText()).isEqualTo("arn:aws:iam::111111111111:user/miyamoto");
    assertThat(a.path("gaps")).as(a.path("gaps").toString()).isEmpty();
    assertThat(a.path("strength").asText()).isEqualTo("asserted");
  }

  /** A library query asked of the command line: a usage error that says where the query lives, even with --help. */
  @Test
  void anUnknownCommandIsAUsageErrorEvenWithHelp() {
    for (String[] args : new String[][] {{"sessions", "--help"}, {"sessions", "x"}}) {
      Cli.Run run = Cli.run((Object[]) args);

      assertThat(run.exit()).isEqualTo(Main.EXIT_USAGE);
      assertThat(run.err()).contains("unknown command 'sessions'").contains("trace").contains("Using the library");
      assertThat(run.out()).isEmpty();
    }
    Cli.Run typo = Cli.run("tracee", "--event", "x");
    assertThat(typo.exit()).isEqualTo(Main.EXIT_USAGE);
    assertThat(typo.err()).contains("unknown command 'tracee'").doesNotContain("query of the library");
    assertThat(Cli.run("--help").exit()).isZero();
    assertThat(Cli.run("trace", "--help").exit()).isZero();
  }

  /** README, Exit status: "64 for a wrong command line or a path that does not exist (nothing is read then)". */
  @Test
  void aDirectoryFileThatDoesNotExistIsAUsageError(@TempDir Path tmp) {
    Cli.Run run = Cli.run("trace", "--event", "1a3ed5dd-fbe8-4310-a274-59504a005963", "--directory",
        tmp.resolve("no-such-listing.json"), Cli.EXAMPLES.resolve("aws"));

    assertThat(run.err()).contains("No such directory file");
    assertThat(run.exit()).isEqualTo(Main.EXIT_USAGE);
  }

  /**
   * README: "a directory path means every listing in it: other files there are named on stderr and skipped".
   * A partly downloaded trail file beside the listings (a truncated .json.gz) ends the whole run instead,
   * with 74, the status README reserves for output and spill write failures.
   */
  @Test
  void aTruncatedGzipBesideTheListingsIsSkippedNotFatal(@TempDir Path tmp) throws IOException {
    Path listings = Files.createDirectory(tmp.resolve("listings"));
    try (var files = Files.list(Cli.DIRECTORY)) {
      for (Path f : files.toList()) {
        Files.copy(f, listings.resolve(f.getFileName().toString()));
      }
    }
    Path trail;
    try (var walk = Files.walk(Cli.EXAMPLES.resolve("aws"))) {
      trail = walk.filter(p -> p.toString().endsWith(".json.gz")).sorted().findFirst().orElseThrow();
    }
    byte[] gz = Files.readAllBytes(trail);
    Files.write(listings.resolve("partial.json.gz"), java.util.Arrays.copyOf(gz, 300));

    Cli.Run run = Cli.run("trace", "--event", "1a3ed5dd-fbe8-4310-a274-59504a005963", "--directory", listings,
        Cli.EXAMPLES.resolve("aws"));

    assertThat(run.exit()).as(run.err()).isEqualTo(0);
    assertThat(run.err()).contains("partial.json.gz");
  }
}
