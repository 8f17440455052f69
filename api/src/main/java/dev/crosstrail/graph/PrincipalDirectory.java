package dev.crosstrail.graph;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Identifier maps the logs alone may not contain: service-account unique ids and emails (from
 * {@code gcloud iam service-accounts list --format=json}) and AWS unique ids and ARNs (from
 * {@code aws iam list-users} / {@code list-roles}). For example {@code 100000000000000000001} ↔
 * {@code kawanago-crosscloud-test-1@my-gcp-project.iam.gserviceaccount.com} and
 * {@code AIDAEXAMPLEUSERID} ↔ {@code arn:aws:iam::222222222222:user/test-admin}.
 *
 * <p>Parsing those files is the providers' job; this is only the value they produce.
 *
 * @param serviceAccountEmails service-account unique id → email (without the {@code serviceAccount:} prefix)
 * @param awsArns AWS unique id ({@code AIDA…}, {@code AROA…}) → user or role ARN
 */
public record PrincipalDirectory(Map<String, String> serviceAccountEmails, Map<String, String> awsArns) {

  private static final PrincipalDirectory EMPTY = new PrincipalDirectory(Map.of(), Map.of());

  public PrincipalDirectory {
    serviceAccountEmails = Map.copyOf(serviceAccountEmails);
    awsArns = Map.copyOf(awsArns);
  }

  /** A directory that knows nothing. */
  public static PrincipalDirectory empty() {
    return EMPTY;
  }

  /** Starts an empty directory. */
  public static Builder builder() {
    return new Builder();
  }

  /** The email of the service account with this unique id. */
  public Optional<String> serviceAccountEmail(String uniqueId) {
    return Optional.ofNullable(serviceAccountEmails.get(uniqueId));
  }

  /** The unique id of the service account with this email (with or without {@code serviceAccount:}). */
  public Optional<String> serviceAccountUniqueId(String email) {
    String bare = email.startsWith("serviceAccount:") ? email.substring("serviceAccount:".length()) : email;
    return serviceAccountEmails.entrySet().stream()
        .filter(e -> e.getValue().equals(bare))
        .map(Map.Entry::getKey)
        .sorted()
        .findFirst();
  }

  /** The user or role ARN of an AWS unique id such as {@code AIDAEXAMPLEUSERID}. */
  public Optional<String> awsArn(String uniqueId) {
    return Optional.ofNullable(awsArns.get(uniqueId));
  }

  /** Collects directory entries; a second, different value for one id is an error naming both. */
  public static final class Builder {
    private final Map<String, String> serviceAccounts = new TreeMap<>();
    private final Map<String, String> aws = new TreeMap<>();

    private Builder() {}

    /** A service account's unique id and email ({@code serviceAccount:} prefix optional). */
    public Builder serviceAccount(String uniqueId, String email) {
      requireNonNull(uniqueId, "uniqueId");
      requireNonNull(email, "email");
      String bare = email.startsWith("serviceAccount:") ? email.substring("serviceAccount:".length()) : email;
      put(serviceAccounts, uniqueId, bare, "service account");
      return this;
    }

    /** An AWS user's or role's unique id and ARN. */
    public Builder awsPrincipal(String uniqueId, String arn) {
      put(aws, requireNonNull(uniqueId, "uniqueId"), requireNonNull(arn, "arn"), "AWS principal");
      return this;
    }

    private static void put(Map<String, String> map, String id, String value, String what) {
      String old = map.putIfAbsent(id, value);
      if (old != null && !old.equals(value)) {
        throw new IllegalArgumentException(what + " unique id " + id + " is given twice, as " + old + " and as "
            + value + ": fix the directory input");
      }
    }

    /** The directory. */
    public PrincipalDirectory build() {
      return new PrincipalDirectory(serviceAccounts, aws);
    }
  }
}
