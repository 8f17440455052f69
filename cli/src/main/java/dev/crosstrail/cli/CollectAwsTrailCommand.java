package dev.crosstrail.cli;

import dev.crosstrail.aws.collect.TrailBucket;
import java.net.URI;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code crosstrail collect aws-trail}: trail log files from an S3 bucket. */
@Command(name = "aws-trail", mixinStandardHelpOptions = true,
    description = "Copies CloudTrail log files from a trail's S3 bucket (everything the trail kept, not only 90 days).")
final class CollectAwsTrailCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  AwsCollectOptions aws;

  @Option(names = "--bucket", required = true, paramLabel = "NAME", description = "The trail's bucket.")
  String bucket;

  @Option(names = "--bucket-region", required = true, paramLabel = "REGION", description = "The bucket's region.")
  String bucketRegion;

  @Option(names = "--bucket-credentials", paramLabel = "profile=NAME|role=ARN",
      description = "Credentials for the bucket (default: the SDK default chain).")
  String bucketCredentials;

  @Option(names = "--s3-endpoint", paramLabel = "URI", description = "S3 endpoint override (VPC endpoint, stand-in).")
  URI s3Endpoint;

  @Option(names = "--prefix", paramLabel = "PREFIX", description = "Key prefix before AWSLogs/, if the trail has one.")
  String prefix;

  @Option(names = "--organization", paramLabel = "o-ID", description = "Organization id of an organization trail.")
  String organization;

  @Override
  public Integer call() {
    TrailBucket trail = TrailBucket.of(bucket, bucketRegion, AwsCollectOptions.credentials(bucketCredentials));
    if (prefix != null) {
      trail = trail.withKeyPrefix(prefix);
    }
    if (organization != null) {
      trail = trail.withOrganizationId(organization);
    }
    var builder = aws.builder(spec.commandLine().getErr());
    if (s3Endpoint != null) {
      builder.s3Endpoint(s3Endpoint);
    }
    var collector = builder.build();
    return AwsCollectOptions.report(collector.collectTrailBucket(trail), spec.commandLine().getErr());
  }
}
