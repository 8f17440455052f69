package dev.crosstrail.aws.collect;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * Where the credentials for one AWS account come from. Secrets never appear in {@code toString()}.
 *
 * <pre>{@code
 * CredentialSource.defaultChain();                       // env, ~/.aws, SSO, instance role ...
 * CredentialSource.profile("audit");                     // a named profile of ~/.aws/config
 * CredentialSource.assumeRole("arn:aws:iam::111122223333:role/CrossTrailReader");
 * }</pre>
 */
public sealed interface CredentialSource {

  /** The SDK's default credentials provider chain (environment, profile files, SSO, container, instance). */
  static CredentialSource defaultChain() {
    return new DefaultChain();
  }

  /** A named profile of the shared config/credentials files ({@code ~/.aws/config}). */
  static CredentialSource profile(String name) {
    return new Profile(name);
  }

  /**
   * Assumes {@code roleArn} with STS, starting from the default chain, with session name
   * {@code crosstrail-collect} and no external id. The credentials are refreshed before they expire.
   */
  static CredentialSource assumeRole(String roleArn) {
    return new AssumeRole(roleArn, Optional.empty(), "crosstrail-collect", defaultChain());
  }

  /** Any SDK credentials provider, for example {@code StaticCredentialsProvider} in tests. */
  static CredentialSource provider(AwsCredentialsProvider provider) {
    return new Provided(provider);
  }

  /** The SDK's default chain. */
  record DefaultChain() implements CredentialSource {
  }

  /**
   * A named profile.
   *
   * @param name the profile name, for example {@code audit}
   */
  record Profile(String name) implements CredentialSource {
    public Profile {
      requireNonNull(name, "name");
      if (name.isBlank()) {
        throw new IllegalArgumentException("profile name is blank");
      }
    }
  }

  /**
   * Credentials of a role assumed into the account with STS {@code AssumeRole}.
   *
   * @param roleArn the role to assume, for example {@code arn:aws:iam::111122223333:role/CrossTrailReader}
   * @param externalId the external id the role's trust policy asks for, if any (never shown by toString)
   * @param sessionName the role session name, which appears in the account's own CloudTrail
   * @param base the credentials that call {@code AssumeRole}
   */
  record AssumeRole(String roleArn, Optional<String> externalId, String sessionName, CredentialSource base)
      implements CredentialSource {
    public AssumeRole {
      requireNonNull(roleArn, "roleArn");
      requireNonNull(externalId, "externalId");
      requireNonNull(sessionName, "sessionName");
      requireNonNull(base, "base");
      AwsAccount.accountOfRole(roleArn);
    }

    /** The same role, assumed with this external id. */
    public AssumeRole withExternalId(String externalId) {
      return new AssumeRole(roleArn, Optional.of(externalId), sessionName, base);
    }

    /** The same role, assumed with this role session name. */
    public AssumeRole withSessionName(String sessionName) {
      return new AssumeRole(roleArn, externalId, sessionName, base);
    }

    /** The same role, assumed with these base credentials. */
    public AssumeRole withBase(CredentialSource base) {
      return new AssumeRole(roleArn, externalId, sessionName, base);
    }

    @Override
    public String toString() {
      return "AssumeRole[roleArn=" + roleArn + ", externalId=" + (externalId.isPresent() ? "(set)" : "(none)")
          + ", sessionName=" + sessionName + ", base=" + base + "]";
    }
  }

  /**
   * A credentials provider supplied by the caller.
   *
   * @param provider the provider; its {@code toString()} is never used
   */
  record Provided(AwsCredentialsProvider provider) implements CredentialSource {
    public Provided {
      requireNonNull(provider, "provider");
    }

    @Override
    public String toString() {
      return "Provided[" + provider.getClass().getSimpleName() + "]";
    }
  }
}
