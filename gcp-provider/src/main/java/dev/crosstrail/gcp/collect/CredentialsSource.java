package dev.crosstrail.gcp.collect;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/**
 * Where the collector's Google credentials come from. Files are read when a collection starts; their
 * contents (private keys, tokens) are never logged or written anywhere.
 *
 * <pre>{@code
 * CredentialsSource.applicationDefault();                                  // gcloud auth application-default login, GOOGLE_APPLICATION_CREDENTIALS, metadata server
 * CredentialsSource.serviceAccountKey(Path.of("collector-key.json"));      // a service account key file
 * CredentialsSource.externalAccount(Path.of("aws-wif-config.json"));       // Workload Identity Federation, e.g. from AWS
 * }</pre>
 */
public sealed interface CredentialsSource {

  /** Application Default Credentials, found the way {@code gcloud} and the Google client libraries find them. */
  static CredentialsSource applicationDefault() {
    return new ApplicationDefault();
  }

  /**
   * A service account key file ({@code "type": "service_account"}). Its {@code token_uri} names the
   * OAuth token endpoint, so a private or local token endpoint is configured in the file.
   */
  static CredentialsSource serviceAccountKey(Path keyFile) {
    return new ServiceAccountKey(keyFile);
  }

  /**
   * An external-account (Workload Identity Federation) configuration ({@code "type": "external_account"}),
   * as written by {@code gcloud iam workload-identity-pools create-cred-config}: AWS, file or URL
   * sourced, or executable. The STS endpoint ({@code token_url}), the service account impersonation
   * endpoint ({@code service_account_impersonation_url}) and, for AWS, the metadata endpoints in
   * {@code credential_source} are all taken from the file.
   */
  static CredentialsSource externalAccount(Path configFile) {
    return new ExternalAccount(configFile);
  }

  /** No credentials: only for a local stand-in of the Logging API (an emulator or a test server). */
  static CredentialsSource none() {
    return new None();
  }

  /** Application Default Credentials. */
  record ApplicationDefault() implements CredentialsSource {}

  /**
   * A service account key file.
   *
   * @param keyFile the JSON key file
   */
  record ServiceAccountKey(Path keyFile) implements CredentialsSource {
    public ServiceAccountKey {
      requireNonNull(keyFile, "keyFile");
    }
  }

  /**
   * An external-account credential configuration file.
   *
   * @param configFile the JSON configuration file
   */
  record ExternalAccount(Path configFile) implements CredentialsSource {
    public ExternalAccount {
      requireNonNull(configFile, "configFile");
    }
  }

  /** No credentials at all. */
  record None() implements CredentialsSource {}
}
