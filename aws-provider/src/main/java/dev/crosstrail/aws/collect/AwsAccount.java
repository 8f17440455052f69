package dev.crosstrail.aws.collect;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;
import software.amazon.awssdk.arns.Arn;

/**
 * One AWS account to collect from, and how to get credentials for it.
 *
 * <pre>{@code
 * AwsAccount.of("123456789012", CredentialSource.profile("prod-audit"));
 * AwsAccount.assumingRole("arn:aws:iam::111122223333:role/CrossTrailReader");
 * }</pre>
 *
 * @param id the 12-digit account id, used in output paths ({@code AWSLogs/123456789012/...}) and checkpoints
 * @param credentials where this account's credentials come from
 */
public record AwsAccount(String id, CredentialSource credentials) {

  private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");

  public AwsAccount {
    requireNonNull(id, "id");
    requireNonNull(credentials, "credentials");
    if (!ACCOUNT_ID.matcher(id).matches()) {
      throw new IllegalArgumentException("An AWS account id has 12 digits, got '" + id + "'");
    }
    if (credentials instanceof CredentialSource.AssumeRole role && !accountOfRole(role.roleArn()).equals(id)) {
      throw new IllegalArgumentException("Account " + id + " is collected with role " + role.roleArn()
          + " of another account: give the role in account " + id);
    }
  }

  /** An account whose credentials come from {@code credentials}. */
  public static AwsAccount of(String id, CredentialSource credentials) {
    return new AwsAccount(id, credentials);
  }

  /** The account that owns {@code roleArn}, entered by assuming that role from the default chain. */
  public static AwsAccount assumingRole(String roleArn) {
    return new AwsAccount(accountOfRole(roleArn), CredentialSource.assumeRole(roleArn));
  }

  /** The account that owns the role, entered with these role settings. */
  public static AwsAccount assumingRole(CredentialSource.AssumeRole role) {
    return new AwsAccount(accountOfRole(role.roleArn()), role);
  }

  static String accountOfRole(String roleArn) {
    Arn arn;
    try {
      arn = Arn.fromString(roleArn);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Not a role ARN: '" + roleArn
          + "' (expected arn:aws:iam::123456789012:role/NAME)", e);
    }
    if (!"iam".equals(arn.service()) || arn.accountId().isEmpty()
        || !arn.resourceAsString().startsWith("role/")) {
      throw new IllegalArgumentException("Not a role ARN: '" + roleArn
          + "' (expected arn:aws:iam::123456789012:role/NAME)");
    }
    return arn.accountId().get();
  }
}
