package dev.crosstrail.model;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * A credential a caller used or a hop issued, for example the temporary access key
 * {@code ASIAXAMPLEXAMPLEXAMPLE} that AssumeRole returned and later calls present, or the
 * service-account key {@code //iam.googleapis.com/projects/p/serviceAccounts/sa@p.iam.gserviceaccount.com/keys/abc}.
 *
 * @param kind what kind of credential
 * @param id the credential's own id (access key id, key name), when the log shows one
 */
public record Credential(CredentialKind kind, Optional<String> id) {

  public Credential {
    requireNonNull(kind, "kind");
    requireNonNull(id, "id");
  }

  /** A credential known by its id. */
  public static Credential of(CredentialKind kind, String id) {
    return new Credential(kind, Optional.of(id));
  }

  /** A credential whose kind is known but whose id the log does not show (tokens). */
  public static Credential ofKind(CredentialKind kind) {
    return new Credential(kind, Optional.empty());
  }

  /**
   * An AWS access key id, classified by its prefix: {@code ASIA} keys are temporary,
   * everything else is treated as a long-term key.
   */
  public static Credential awsAccessKey(String accessKeyId) {
    requireNonNull(accessKeyId, "accessKeyId");
    return of(
        accessKeyId.startsWith("ASIA") ? CredentialKind.AWS_TEMPORARY_ACCESS_KEY : CredentialKind.AWS_ACCESS_KEY,
        accessKeyId);
  }

  /** The short text form used in output: the id when known, otherwise the kind. */
  public String display() {
    return id.orElse(kind.name());
  }
}
