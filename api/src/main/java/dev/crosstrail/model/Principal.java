package dev.crosstrail.model;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * An identity that a log says acted or was acted for, named by its canonical id in the clouds' own
 * policy syntax (docs/DOMAIN.md §5), for example {@code arn:aws:iam::123456789012:user/alice},
 * {@code arn:aws:sts::123456789012:assumed-role/Deploy/alice} or
 * {@code serviceAccount:deploy@my-project.iam.gserviceaccount.com}.
 *
 * <p>A role session id names every issuance of that session ARN; which issuance acted is told by
 * the event's {@link Credential} and {@link SessionContext#issuedAt()}, never by the id alone.
 *
 * @param id canonical id
 * @param kind what kind of identity this is
 * @param cloud the cloud the identity lives in
 * @param account the AWS account id or GCP project id it belongs to, when known
 * @param uniqueId the opaque id the cloud also uses for it ({@code AIDA…}/{@code AROA…} principal id,
 *     a service account's 21-digit unique id, a web-identity {@code sub}), when known
 * @param sourceType what the log called it, verbatim ({@code userIdentity.type} such as
 *     {@code AssumedRole}, or {@code principalEmail} / {@code principalSubject}), when it said
 */
public record Principal(
    String id,
    PrincipalKind kind,
    Cloud cloud,
    Optional<String> account,
    Optional<String> uniqueId,
    Optional<String> sourceType) {

  public Principal {
    requireNonNull(id, "id");
    requireNonNull(kind, "kind");
    requireNonNull(cloud, "cloud");
    requireNonNull(account, "account");
    requireNonNull(uniqueId, "uniqueId");
    requireNonNull(sourceType, "sourceType");
    if (id.isBlank()) {
      throw new IllegalArgumentException("principal id must not be blank (kind " + kind + ")");
    }
  }

  /** A principal known only by its canonical id and kind. */
  public static Principal of(String id, PrincipalKind kind, Cloud cloud) {
    return new Principal(id, kind, cloud, Optional.empty(), Optional.empty(), Optional.empty());
  }

  /** This principal with its account set. */
  public Principal withAccount(String account) {
    return new Principal(id, kind, cloud, Optional.ofNullable(account), uniqueId, sourceType);
  }

  /** This principal with its opaque unique id set. */
  public Principal withUniqueId(String uniqueId) {
    return new Principal(id, kind, cloud, account, Optional.ofNullable(uniqueId), sourceType);
  }

  /** This principal with the raw type the log gave it. */
  public Principal withSourceType(String sourceType) {
    return new Principal(id, kind, cloud, account, uniqueId, Optional.ofNullable(sourceType));
  }

  /** Component equality, as a record's; written out so that {@link #hashCode()} can be. */
  @Override
  public boolean equals(Object o) {
    return o == this || o instanceof Principal p && id.equals(p.id) && kind == p.kind && cloud == p.cloud
        && account.equals(p.account) && uniqueId.equals(p.uniqueId) && sourceType.equals(p.sourceType);
  }

  /** Component hash, consistent with {@link #equals(Object)}. */
  @Override
  public int hashCode() {
    // The enums by ordinal: a record's generated hashCode calls Enum.hashCode(), an identity hash, which
    // was the largest single cost of adding records to the principal graph (principals are its keys).
    // PrincipalKey and the resolver's Mark do the same.
    int h = id.hashCode();
    h = 31 * h + kind.ordinal();
    h = 31 * h + cloud.ordinal();
    h = 31 * h + account.hashCode();
    h = 31 * h + uniqueId.hashCode();
    return 31 * h + sourceType.hashCode();
  }

  @Override
  public String toString() {
    return id + " (" + kind + ")";
  }
}
