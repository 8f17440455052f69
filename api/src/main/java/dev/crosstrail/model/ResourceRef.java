package dev.crosstrail.model;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * A resource a call touched, as the log names it: a CloudTrail {@code resources[]} entry
 * ({@code arn:aws:iam::123456789012:role/Deploy}, type {@code AWS::IAM::Role}) or a Cloud Audit Log
 * {@code resourceName} ({@code projects/my-project/topics/my-topic}, type from {@code resource.type}).
 *
 * @param id the resource's ARN or full resource name
 * @param type the resource type, when the log gives one
 * @param account the account or project that owns it, when the log gives one
 */
public record ResourceRef(String id, Optional<String> type, Optional<String> account) {

  public ResourceRef {
    requireNonNull(id, "id");
    requireNonNull(type, "type");
    requireNonNull(account, "account");
  }

  /** A resource known only by its id. */
  public static ResourceRef of(String id) {
    return new ResourceRef(id, Optional.empty(), Optional.empty());
  }
}
