package dev.crosstrail.model;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One audit record of either cloud in provider-neutral form: a CloudTrail event or a Cloud Audit
 * Log entry. For example the CloudTrail record {@code eventID 3f1b…} of
 * {@code s3.amazonaws.com HeadBucket} by {@code arn:aws:sts::222222222222:assumed-role/SwitchRole/miyamoto}
 * with the access key {@code ASIA…}.
 *
 * <p>An identity-establishing record (AssumeRole, SwitchRole, ExchangeToken, GenerateAccessToken, …)
 * also carries the {@link Hop hops} it asserts; a failed one is still identity-establishing and
 * carries none.
 *
 * @param cloud which cloud's log
 * @param id {@code eventID} (AWS) or {@code insertId} (GCP)
 * @param time {@code eventTime} or {@code timestamp}
 * @param service {@code eventSource} ({@code sts.amazonaws.com}) or {@code serviceName} ({@code iamcredentials.googleapis.com})
 * @param operation {@code eventName} ({@code AssumeRole}) or {@code methodName}
 *     ({@code google.iam.credentials.v1.IAMCredentials.GenerateAccessToken})
 * @param actor the acting principal
 * @param credential the credential the actor presented, when the log shows one
 * @param session session facts, when the actor used temporary or delegated credentials
 * @param sourceIp {@code sourceIPAddress} or {@code requestMetadata.callerIp} (may be a service name)
 * @param userAgent {@code userAgent} or {@code requestMetadata.callerSuppliedUserAgent}
 * @param account the account that received the record ({@code recipientAccountId}) or the project / folder /
 *     organization of {@code logName}
 * @param region {@code awsRegion}, or the GCP location label when the entry has one
 * @param resources resources the call touched
 * @param outcome success or failure with the error
 * @param identityEstablishing whether this record is one of the identity-establishing events of docs/DOMAIN.md §2–3
 * @param hops the hops this record asserts (empty for ordinary actions and failed identity events)
 * @param sharedEventId CloudTrail's {@code sharedEventID}: copies of one cross-account call share it
 * @param category {@code eventType} ({@code AwsApiCall}, {@code AwsConsoleSignIn}) or the audit log kind
 *     ({@code activity}, {@code data_access}, {@code system_event}, {@code policy})
 * @param location where the raw record is
 * @param namedPrincipals identities the record names beyond its actor and hops, with the ids the cloud gave
 *     them: the service account a {@code CreateServiceAccount} response created (email and 21-digit unique
 *     id), the user or role an IAM {@code CreateUser} / {@code CreateRole} response created (ARN and
 *     {@code AIDA…} / {@code AROA…} id). The principal graph learns opaque ids from them.
 */
public record AuditEvent(
    Cloud cloud,
    String id,
    Instant time,
    String service,
    String operation,
    Principal actor,
    Optional<Credential> credential,
    Optional<SessionContext> session,
    Optional<String> sourceIp,
    Optional<String> userAgent,
    Optional<String> account,
    Optional<String> region,
    List<ResourceRef> resources,
    Outcome outcome,
    boolean identityEstablishing,
    List<Hop> hops,
    Optional<String> sharedEventId,
    Optional<String> category,
    RecordLocation location,
    List<Principal> namedPrincipals) {

  public AuditEvent {
    requireNonNull(cloud, "cloud");
    requireNonNull(id, "id");
    requireNonNull(time, "time");
    requireNonNull(service, "service");
    requireNonNull(operation, "operation");
    requireNonNull(actor, "actor");
    requireNonNull(credential, "credential");
    requireNonNull(session, "session");
    requireNonNull(sourceIp, "sourceIp");
    requireNonNull(userAgent, "userAgent");
    requireNonNull(account, "account");
    requireNonNull(region, "region");
    resources = List.copyOf(resources);
    requireNonNull(outcome, "outcome");
    hops = List.copyOf(hops);
    requireNonNull(sharedEventId, "sharedEventId");
    requireNonNull(category, "category");
    requireNonNull(location, "location");
    namedPrincipals = List.copyOf(namedPrincipals);
    if (id.isEmpty()) {
      throw new IllegalArgumentException("event id must not be empty (" + location + ")");
    }
  }

  /** A record that names no principals beyond its actor and hops. */
  public AuditEvent(Cloud cloud, String id, Instant time, String service, String operation, Principal actor,
      Optional<Credential> credential, Optional<SessionContext> session, Optional<String> sourceIp,
      Optional<String> userAgent, Optional<String> account, Optional<String> region, List<ResourceRef> resources,
      Outcome outcome, boolean identityEstablishing, List<Hop> hops, Optional<String> sharedEventId,
      Optional<String> category, RecordLocation location) {
    this(cloud, id, time, service, operation, actor, credential, session, sourceIp, userAgent, account, region,
        resources, outcome, identityEstablishing, hops, sharedEventId, category, location, List.of());
  }

  /** This record as evidence for a hop or an attribution. */
  public Evidence evidence() {
    return new Evidence(cloud, id, time);
  }
}
