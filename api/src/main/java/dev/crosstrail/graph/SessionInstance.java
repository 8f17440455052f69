package dev.crosstrail.graph;

import static java.util.Objects.requireNonNull;

import dev.crosstrail.model.Evidence;
import dev.crosstrail.model.HopMechanism;
import dev.crosstrail.model.Principal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One issuance of a role session: the session ARN plus its issue time and access key, for example
 * {@code arn:aws:sts::111111111111:assumed-role/kawanago-crosscloud-test/gcp-sa1-session} issued at
 * {@code 2024-05-01T10:00:00Z} with {@code ASIAEXAMPLE1}. Two issuances of one ARN are two instances.
 *
 * @param session the session principal
 * @param role the role it is a session of
 * @param accessKeyId the temporary access key issued, when the record shows it (SwitchRole shows none)
 * @param issuedAt when it was issued
 * @param validUntil when it expires, when known
 * @param mechanism how it was issued
 * @param evidence the issuing records (two for both copies of a cross-account AssumeRole)
 * @param origin who is behind this session, attributed like an action
 */
public record SessionInstance(
    Principal session,
    Principal role,
    Optional<String> accessKeyId,
    Instant issuedAt,
    Optional<Instant> validUntil,
    HopMechanism mechanism,
    List<Evidence> evidence,
    Attribution origin) {

  public SessionInstance {
    requireNonNull(session, "session");
    requireNonNull(role, "role");
    requireNonNull(accessKeyId, "accessKeyId");
    requireNonNull(issuedAt, "issuedAt");
    requireNonNull(validUntil, "validUntil");
    requireNonNull(mechanism, "mechanism");
    evidence = List.copyOf(evidence);
    requireNonNull(origin, "origin");
  }
}
