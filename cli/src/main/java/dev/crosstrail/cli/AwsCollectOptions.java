package dev.crosstrail.cli;

import dev.crosstrail.aws.collect.AwsAccount;
import dev.crosstrail.aws.collect.CloudTrailCollector;
import dev.crosstrail.aws.collect.CollectionListener;
import dev.crosstrail.aws.collect.CollectionResult;
import dev.crosstrail.aws.collect.CollectionSource;
import dev.crosstrail.aws.collect.CredentialSource;
import dev.crosstrail.aws.collect.SourceResult;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Settings shared by the AWS collect subcommands. */
final class AwsCollectOptions {

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory to write records into.")
  Path out;

  @Option(names = "--account", paramLabel = "ID[:profile=NAME|:role=ARN]", required = true,
      description = {"Account to collect, with its credentials: the SDK default chain, a named profile,",
          "or a role assumed into it. Repeat for several accounts."})
  List<String> accounts = new ArrayList<>();

  @Option(names = "--region", paramLabel = "REGION", required = true, split = ",",
      description = "Regions to collect (us-east-1 is added with a warning: global-service events live there).")
  List<String> regions = new ArrayList<>();

  @Option(names = "--no-us-east-1", description = "Do not add us-east-1 (IAM, STS and sign-in events will be missing).")
  boolean noUsEast1;

  @Option(names = "--start", paramLabel = "TIME", description = "Window start (ISO-8601), for sources without a checkpoint.")
  Instant start;

  @Option(names = "--end", paramLabel = "TIME", description = "Window end (ISO-8601, default now).")
  Instant end;

  @Option(names = "--overlap", paramLabel = "DURATION", description = "Re-read this much before the checkpoint for late deliveries (ISO-8601 duration, default PT30M).")
  Duration overlap;

  @Option(names = "--sts-endpoint", paramLabel = "URI", description = "STS endpoint override for assumed roles.")
  URI stsEndpoint;

  @Option(names = "--fips", description = "Use FIPS endpoints where none is overridden.")
  boolean fips;

  CloudTrailCollector.Builder builder(PrintWriter err) {
    CloudTrailCollector.Builder b = CloudTrailCollector.newBuilder().outputDirectory(out).regions(regions)
        .addUsEast1(!noUsEast1).fips(fips).listener(progress(err));
    for (String spec : accounts) {
      b.account(account(spec));
    }
    if (start != null) {
      b.startTime(start);
    }
    if (end != null) {
      b.endTime(end);
    }
    if (overlap != null) {
      b.overlap(overlap);
    }
    if (stsEndpoint != null) {
      b.stsEndpoint(stsEndpoint);
    }
    return b;
  }

  static CredentialSource credentials(String spec) {
    if (spec == null || spec.isEmpty()) {
      return CredentialSource.defaultChain();
    }
    if (spec.startsWith("profile=")) {
      return CredentialSource.profile(spec.substring("profile=".length()));
    }
    if (spec.startsWith("role=")) {
      return CredentialSource.assumeRole(spec.substring("role=".length()));
    }
    // an IllegalArgumentException, as for the other bad values: 'crosstrail: …' and exit 64; a picocli
    // ParameterException thrown here, after parsing, printed the usage of no command and exited 2
    throw new IllegalArgumentException("credentials '" + spec + "': expected profile=NAME or role=ARN (for example "
        + "123456789012:profile=audit or 123456789012:role=arn:aws:iam::123456789012:role/Audit)");
  }

  static AwsAccount account(String spec) {
    int colon = spec.indexOf(':');
    String id = colon < 0 ? spec : spec.substring(0, colon);
    return AwsAccount.of(id, credentials(colon < 0 ? null : spec.substring(colon + 1)));
  }

  static CollectionListener progress(PrintWriter err) {
    return new CollectionListener() {
      @Override
      public void pageFetched(CollectionSource source, int page, int items) {
        err.printf("collect: %s page %d: %d items%n", source, page, items);
        err.flush();
      }

      @Override
      public void fileWritten(CollectionSource source, Path file, long records) {
        err.printf("collect: %s wrote %s%s%n", source, file, records >= 0 ? " (" + records + " records)" : "");
        err.flush();
      }

      @Override
      public void retrying(String target, int attempt, String reason) {
        err.printf("collect: %s retrying (attempt %d) after %s%n", target, attempt, reason);
        err.flush();
      }

      @Override
      public void warning(String message) {
        err.printf("collect: warning: %s%n", message);
        err.flush();
      }
    };
  }

  /** Prints the per-source outcome and returns the exit status: 0 when every source succeeded. */
  static int report(CollectionResult result, PrintWriter err) {
    long files = 0;
    for (SourceResult s : result.sources()) {
      String failed = s.failure().map(f -> ", FAILED (the warning above says why)").orElse("");
      if (s.source().kind() == CollectionSource.Kind.TRAIL_BUCKET) {
        // trail files are copied as they are, unread: they are counted, their records are not
        err.printf("collect: %s %s..%s: %d files copied, %d already copied%s%n", s.source(), s.windowStart(),
            s.windowEnd(), s.files().size(), s.duplicatesSkipped(), failed);
      } else {
        err.printf("collect: %s %s..%s: %d records written, %d duplicates skipped, %d files%s%n", s.source(),
            s.windowStart(), s.windowEnd(), s.recordsWritten(), s.duplicatesSkipped(), s.files().size(), failed);
      }
      files += s.files().size();
    }
    boolean trail = result.sources().stream().anyMatch(s -> s.source().kind() == CollectionSource.Kind.TRAIL_BUCKET);
    if (trail) {
      err.printf("collect: total %d files copied, %d already copied, %d retries%n", files,
          result.duplicatesSkipped(), result.retries());
    } else {
      err.printf("collect: total %d records written, %d duplicates skipped, %d retries%n", result.recordsWritten(),
          result.duplicatesSkipped(), result.retries());
    }
    err.flush();
    return result.succeeded() ? 0 : 1;
  }
}
