package dev.crosstrail.aws.collect;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The S3 bucket a trail delivers its log files to. Files are listed under
 * {@code [keyPrefix/]AWSLogs/[o-ORG/]ACCOUNT/CloudTrail/REGION/YYYY/MM/DD/}.
 *
 * <pre>{@code
 * TrailBucket.of("org-cloudtrail-logs", "eu-west-1", CredentialSource.profile("log-archive"))
 *     .withOrganizationId("o-exampleorgid");
 * }</pre>
 *
 * @param name the bucket name
 * @param region the bucket's region
 * @param credentials credentials that may list and read the bucket (often a log-archive account's)
 * @param keyPrefix the trail's S3 key prefix, without slashes at either end, if it has one
 * @param organizationId the organization id ({@code o-…}) for an organization trail
 */
public record TrailBucket(String name, String region, CredentialSource credentials, Optional<String> keyPrefix,
    Optional<String> organizationId) {

  private static final Pattern ORG_ID = Pattern.compile("o-[a-z0-9]{10,32}");

  public TrailBucket {
    requireNonNull(name, "name");
    requireNonNull(region, "region");
    requireNonNull(credentials, "credentials");
    requireNonNull(keyPrefix, "keyPrefix");
    requireNonNull(organizationId, "organizationId");
    if (name.isBlank() || name.contains("/")) {
      throw new IllegalArgumentException("Not a bucket name: '" + name + "' (give the name without s3:// or a key)");
    }
    keyPrefix = keyPrefix.map(p -> p.replaceAll("^/+|/+$", "")).filter(p -> !p.isEmpty());
    organizationId.ifPresent(id -> {
      if (!ORG_ID.matcher(id).matches()) {
        throw new IllegalArgumentException("Not an organization id: '" + id + "' (expected o-exampleorgid)");
      }
    });
  }

  /** A bucket of a single-account trail with no key prefix. */
  public static TrailBucket of(String name, String region, CredentialSource credentials) {
    return new TrailBucket(name, region, credentials, Optional.empty(), Optional.empty());
  }

  /** The same bucket, for a trail that writes under this key prefix. */
  public TrailBucket withKeyPrefix(String keyPrefix) {
    return new TrailBucket(name, region, credentials, Optional.of(keyPrefix), organizationId);
  }

  /** The same bucket, for an organization trail. */
  public TrailBucket withOrganizationId(String organizationId) {
    return new TrailBucket(name, region, credentials, keyPrefix, Optional.of(organizationId));
  }

  /** {@code [keyPrefix/]AWSLogs/[o-ORG/]}. */
  String logsRoot() {
    return keyPrefix.map(p -> p + "/").orElse("") + "AWSLogs/" + organizationId.map(o -> o + "/").orElse("");
  }
}
