package dev.crosstrail.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crosstrail.aws.collect.CollectionResult;
import dev.crosstrail.aws.collect.CollectionSource;
import dev.crosstrail.aws.collect.SourceResult;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad values of the AWS collect commands' options: a 'crosstrail:' message that names them, and exit 64. */
class CollectAwsOptionsTest {

  @TempDir Path out;

  @Test
  void aBadCredentialsSpecIsAUsageErrorNamingIt() {
    Cli.Run history = Cli.run("collect", "aws-history", "--out", out, "--account", "123456789012:foo",
        "--region", "eu-west-1");
    Cli.Run trail = Cli.run("collect", "aws-trail", "--out", out, "--account", "123456789012", "--region",
        "eu-west-1", "--bucket", "b", "--bucket-region", "eu-west-1", "--bucket-credentials", "prof");

    for (Cli.Run run : List.of(history, trail)) {
      assertThat(run.exit()).as(run.err()).isEqualTo(64);
      assertThat(run.err()).startsWith("crosstrail: credentials '").contains("expected profile=NAME or role=ARN")
          .doesNotContain("<main class>");
    }
  }

  /** Trail files are copied unread: the summary counts files, never a made-up "0 records written". */
  @Test
  void aTrailBucketSummaryCountsFilesNotRecords() {
    CollectionSource source = new CollectionSource(CollectionSource.Kind.TRAIL_BUCKET, "123456789012", "eu-west-1",
        Optional.of("s3://b/AWSLogs/"));
    Instant start = Instant.parse("2026-03-10T00:00:00Z");
    SourceResult copied = new SourceResult(source, start, start.plusSeconds(86_400), 2, 0, 1,
        List.of(out.resolve("a.json.gz"), out.resolve("b.json.gz")), Optional.empty());
    StringWriter text = new StringWriter();

    int exit = AwsCollectOptions.report(new CollectionResult(List.of(copied), List.of(), 0), new PrintWriter(text));

    assertThat(exit).isZero();
    assertThat(text.toString()).contains(": 2 files copied, 1 already copied")
        .contains("collect: total 2 files copied, 1 already copied, 0 retries").doesNotContain("records written");
  }

  /** Each command offers only the endpoint it calls: an option that would do nothing is refused instead. */
  @Test
  void eachCommandOffersOnlyTheEndpointItUses() {
    Cli.Run history = Cli.run("collect", "aws-history", "--out", out, "--account", "123456789012", "--region",
        "eu-west-1", "--s3-endpoint", "http://127.0.0.1:9");
    Cli.Run trail = Cli.run("collect", "aws-trail", "--out", out, "--account", "123456789012", "--region",
        "eu-west-1", "--bucket", "b", "--bucket-region", "eu-west-1", "--cloudtrail-endpoint", "http://127.0.0.1:9");

    assertThat(history.exit()).isEqualTo(64);
    assertThat(history.err()).contains("Unknown options: '--s3-endpoint'");
    assertThat(trail.exit()).isEqualTo(64);
    assertThat(trail.err()).contains("Unknown options: '--cloudtrail-endpoint'");
  }
}
