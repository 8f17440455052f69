package dev.crosstrail.graph;

/**
 * What kind of origin an {@link Attribution} found behind an action.
 */
public enum OriginKind {
  /** A person: an IAM user, the root user, a Google user, a SAML or Identity Center user. */
  HUMAN,
  /**
   * A workload: a service account, a role assumed by an AWS service for an instance or function
   * ({@code arn:aws:iam::111111111111:role/web} with detail {@code i-0abc…}), a web-identity or
   * federated subject that cannot be resolved to a person.
   */
  WORKLOAD,
  /** An AWS service acting in its own name, such as {@code ec2.amazonaws.com}. */
  SERVICE,
  /** A whole account: the logs name only the caller's account ({@code arn:aws:iam::222222222222:root}). */
  ACCOUNT,
  /**
   * The logs cannot tell what kind of principal the origin is: several candidates; a service account
   * used with a user-managed key, whose holder is not in any log; a session whose issuing record is
   * missing (the origin shown is its role); a caller the record does not name; or a
   * {@code sourceIdentity} string that names no principal the logs know (the origin's id is then that
   * string, source type {@code sourceIdentity}: STS asserts the string, not whose it is). Filter on
   * {@link Attribution#complete()} and the gaps, not on this kind alone, to find the answers that
   * need a closer look.
   */
  UNKNOWN
}
