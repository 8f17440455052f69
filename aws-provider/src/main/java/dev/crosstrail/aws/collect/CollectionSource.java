package dev.crosstrail.aws.collect;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * One unit of collection with its own checkpoint: the event history of one account in one region,
 * or one account's and region's files under one trail bucket prefix.
 *
 * @param kind event history or trail bucket
 * @param accountId the account, for example {@code 123456789012}
 * @param region the region, for example {@code us-east-1}
 * @param location for a trail bucket {@code s3://bucket/[prefix/]AWSLogs/[o-ORG/]}; empty for event history
 */
public record CollectionSource(Kind kind, String accountId, String region, Optional<String> location) {

  public CollectionSource {
    requireNonNull(kind, "kind");
    requireNonNull(accountId, "accountId");
    requireNonNull(region, "region");
    requireNonNull(location, "location");
  }

  static CollectionSource eventHistory(String accountId, String region) {
    return new CollectionSource(Kind.EVENT_HISTORY, accountId, region, Optional.empty());
  }

  static CollectionSource trailBucket(String accountId, String region, String location) {
    return new CollectionSource(Kind.TRAIL_BUCKET, accountId, region, Optional.of(location));
  }

  /** For example {@code event history of 123456789012 in eu-west-1}. */
  @Override
  public String toString() {
    return switch (kind) {
      case EVENT_HISTORY -> "event history of " + accountId + " in " + region;
      case TRAIL_BUCKET -> "trail files of " + accountId + " in " + region + " under " + location.orElse("?");
    };
  }

  /** Where records are collected from. */
  public enum Kind {
    /** CloudTrail {@code LookupEvents}: management events of the last 90 days. */
    EVENT_HISTORY,
    /** The log files a trail delivers to its S3 bucket. */
    TRAIL_BUCKET
  }
}
