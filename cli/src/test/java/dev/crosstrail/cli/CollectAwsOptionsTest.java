package dev.crosstrail.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
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

    for (Cli.Run run : java.util.List.of(history, trail)) {
      assertThat(run.exit()).as(run.err()).isEqualTo(64);
      assertThat(run.err()).startsWith("crosstrail: credentials '").contains("expected profile=NAME or role=ARN")
          .doesNotContain("<main class>");
    }
  }
}
