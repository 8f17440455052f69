package dev.crosstrail.model;

/**
 * What kind of identity a {@link Principal} is. The clouds add identity types over time; a type
 * crosstrail does not know yet is {@link #UNKNOWN}, and {@link Principal#sourceType()} keeps the raw
 * value the log wrote (for example a future {@code userIdentity.type}).
 */
public enum PrincipalKind {
  /** A whole AWS account, or its root user: {@code arn:aws:iam::123456789012:root}. */
  AWS_ACCOUNT,
  /** An IAM user: {@code arn:aws:iam::123456789012:user/alice}. */
  IAM_USER,
  /** An IAM role (not a session of it): {@code arn:aws:iam::123456789012:role/Deploy}. */
  IAM_ROLE,
  /** One issuance of a role's temporary credentials: {@code arn:aws:sts::123456789012:assumed-role/Deploy/alice}. */
  ROLE_SESSION,
  /** A GetFederationToken user: {@code arn:aws:sts::123456789012:federated-user/bob}. */
  FEDERATED_USER,
  /** An AWS service principal acting in its own name: {@code ec2.amazonaws.com}. */
  AWS_SERVICE,
  /** A SAML subject before AWS turned it into a role session (AssumeRoleWithSAML caller). */
  SAML_USER,
  /** An OIDC subject before AWS turned it into a role session (AssumeRoleWithWebIdentity caller). */
  WEB_IDENTITY_USER,
  /** An IAM Identity Center (or Directory Service) user. */
  IDENTITY_CENTER_USER,
  /** A Google account of a person: {@code user:alice@example.com}. */
  GOOGLE_USER,
  /** A Google service account: {@code serviceAccount:deploy@my-project.iam.gserviceaccount.com}. */
  SERVICE_ACCOUNT,
  /**
   * A workload or workforce identity federation principal as GCP writes it:
   * {@code principal://iam.googleapis.com/projects/123/locations/global/workloadIdentityPools/aws-pool/subject/...}.
   */
  FEDERATED_PRINCIPAL,
  /** A caller the log does not identify (anonymous, redacted, or an empty identity block). */
  ANONYMOUS,
  /** A kind crosstrail does not know; see {@link Principal#sourceType()} for what the log wrote. */
  UNKNOWN;

  /** Whether this kind is a person or workload that can stand at the start of a chain of hops. */
  public boolean canBeOrigin() {
    return this != ROLE_SESSION && this != FEDERATED_PRINCIPAL;
  }
}
