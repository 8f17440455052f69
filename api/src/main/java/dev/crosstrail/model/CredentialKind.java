package dev.crosstrail.model;

/** The kind of credential a caller presented, or a hop issued. */
public enum CredentialKind {
  /** A long-term IAM access key ({@code AKIA…}). */
  AWS_ACCESS_KEY,
  /** A temporary STS access key ({@code ASIA…}) tied to one session issuance. */
  AWS_TEMPORARY_ACCESS_KEY,
  /** A console sign-in session (no access key visible to the caller). */
  AWS_CONSOLE_SESSION,
  /** A Google OAuth 2.0 access token. */
  GCP_ACCESS_TOKEN,
  /** A Google-signed OpenID Connect ID token (GenerateIdToken, metadata server). */
  GCP_ID_TOKEN,
  /** A JWT or blob signed with a service account's system-managed key (SignJwt, SignBlob). */
  GCP_SIGNED_JWT,
  /** A federated access token from Google's Security Token Service (ExchangeToken). */
  GCP_FEDERATED_TOKEN,
  /** A user-managed service-account key, named by {@code serviceAccountKeyName}: whoever holds it. */
  GCP_SERVICE_ACCOUNT_KEY,
  /** An OIDC token presented to AWS STS (AssumeRoleWithWebIdentity). */
  WEB_IDENTITY_TOKEN,
  /** A SAML assertion presented to AWS STS (AssumeRoleWithSAML). */
  SAML_ASSERTION,
  /** Anything else; the credential's id says what the log wrote. */
  OTHER
}
