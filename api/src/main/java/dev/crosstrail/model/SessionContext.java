package dev.crosstrail.model;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Facts about the session behind a call made with temporary or delegated credentials, as the log
 * states them (CloudTrail {@code userIdentity.sessionContext} and neighbours).
 *
 * @param issuer the identity that issued the session: the role of an {@code assumed-role} session
 *     ({@code sessionIssuer}), the IAM user of a GetSessionToken/GetFederationToken session
 * @param issuedAt when the session's credentials were issued ({@code attributes.creationDate}); with
 *     the session ARN this tells one issuance from another
 * @param mfaAuthenticated whether the session was issued against an MFA check
 * @param sourceIdentity the {@code sourceIdentity} STS propagates through role chaining, when set
 * @param webIdentityProvider the OIDC provider of a web-identity session ({@code webIdFederationData.federatedProvider})
 * @param webIdentityAttributes the token claims STS recorded for a web-identity session
 * @param invokedBy the AWS service that made the call for the caller ({@code invokedBy})
 * @param onBehalfOf the Identity Center user a session acts for ({@code onBehalfOf.userId})
 * @param fromConsole whether the call was made from a console session ({@code sessionCredentialFromConsole})
 * @param ec2RoleDelivery the instance-metadata version that delivered an EC2 role credential, when present
 */
public record SessionContext(
    Optional<Principal> issuer,
    Optional<Instant> issuedAt,
    boolean mfaAuthenticated,
    Optional<String> sourceIdentity,
    Optional<String> webIdentityProvider,
    Map<String, String> webIdentityAttributes,
    Optional<String> invokedBy,
    Optional<String> onBehalfOf,
    boolean fromConsole,
    Optional<String> ec2RoleDelivery) {

  /** No session facts at all. */
  public static final SessionContext NONE = new SessionContext(
      Optional.empty(), Optional.empty(), false, Optional.empty(), Optional.empty(), Map.of(),
      Optional.empty(), Optional.empty(), false, Optional.empty());

  public SessionContext {
    requireNonNull(issuer, "issuer");
    requireNonNull(issuedAt, "issuedAt");
    requireNonNull(sourceIdentity, "sourceIdentity");
    requireNonNull(webIdentityProvider, "webIdentityProvider");
    webIdentityAttributes = Map.copyOf(webIdentityAttributes);
    requireNonNull(invokedBy, "invokedBy");
    requireNonNull(onBehalfOf, "onBehalfOf");
    requireNonNull(ec2RoleDelivery, "ec2RoleDelivery");
  }
}
