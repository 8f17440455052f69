package dev.crosstrail.model;

/** How one principal obtained another identity in a {@link Hop}. */
public enum HopMechanism {
  /** AWS STS AssumeRole, including role chaining and cross-account assumption. */
  ASSUME_ROLE,
  /** AWS STS AssumeRoleWithSAML. */
  ASSUME_ROLE_WITH_SAML,
  /** AWS STS AssumeRoleWithWebIdentity (for example a Google service account's ID token). */
  ASSUME_ROLE_WITH_WEB_IDENTITY,
  /** AWS STS GetFederationToken: an IAM user becomes a federated user. */
  GET_FEDERATION_TOKEN,
  /** AWS STS GetSessionToken: an IAM user gets a temporary key for itself. */
  GET_SESSION_TOKEN,
  /** AWS console role switch ({@code signin.amazonaws.com} SwitchRole, {@code SwitchFrom}). */
  SWITCH_ROLE,
  /** An AWS service assumed a role for a workload (instance profile, Lambda, ECS task). */
  SERVICE_ASSUMED_ROLE,
  /** Identity Center / SSO sign-in into a permission-set role. */
  IDENTITY_CENTER_SIGN_IN,
  /** Google STS ExchangeToken: an external credential becomes a federated principal. */
  TOKEN_EXCHANGE,
  /** IAM Credentials GenerateAccessToken: the caller impersonates a service account. */
  GENERATE_ACCESS_TOKEN,
  /** IAM Credentials GenerateIdToken: the caller mints an ID token for a service account. */
  GENERATE_ID_TOKEN,
  /** IAM Credentials SignJwt. */
  SIGN_JWT,
  /** IAM Credentials SignBlob. */
  SIGN_BLOB,
  /** A {@code serviceAccountDelegationInfo} entry: the caller acted through delegation. */
  SERVICE_ACCOUNT_DELEGATION,
  /** A service-account key was used; who holds the key is not in the logs. */
  SERVICE_ACCOUNT_KEY,
  /** The same identity seen from the other cloud (a Google service account as a web-identity subject). */
  SAME_IDENTITY,
  /**
   * No record in the logs shows how the identity was obtained: a hop the linking rules draw past missing
   * records (from a chain's {@code sourceIdentity}, a session name equal to a user name, or a session
   * known only by its role). Its {@link Hop#reason()} says what it rests on.
   */
  UNRECORDED
}
