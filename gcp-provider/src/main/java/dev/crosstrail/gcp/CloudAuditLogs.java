package dev.crosstrail.gcp;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.crosstrail.io.MalformedRecordException;
import dev.crosstrail.io.ReadOptions;
import dev.crosstrail.io.Rejection;
import dev.crosstrail.model.AuditEvent;
import dev.crosstrail.model.RecordLocation;
import dev.crosstrail.spi.AuditLogFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The GCP provider's entry points: the file format, and the normalizer of one Cloud Audit Log
 * {@code LogEntry} as a pure function, for callers that hold entries one by one (a distributed
 * engine, the Cloud Logging API collector converting protobuf entries with
 * {@code JsonFormat.printer().print(logEntry)}).
 *
 * <pre>{@code
 * AuditEvent event = CloudAuditLogs.normalize(entryJson, new RecordLocation("logging.googleapis.com", 0, -1, -1));
 * }</pre>
 *
 * <h2>Input</h2>
 * Both JSON spellings of a LogEntry are accepted: the lowerCamelCase names of {@code gcloud}, the
 * sinks and {@code JsonFormat.printer()} ({@code insertId}, {@code principalEmail}), and the proto
 * field names of {@code preservingProtoFieldNames()} ({@code insert_id}, {@code principal_email}).
 * {@code timestamp} is RFC 3339 with 0–9 fractional digits and any offset (or a
 * {@code {"seconds","nanos"}} object), between 2000-01-01 and 2200-01-01 (a time outside that range,
 * here or in {@code response.expireTime}, rejects the entry); {@code status.code} a number, a string of digits (proto3
 * JSON's int64 form) or a {@code google.rpc.Code} name; {@code severity} is not used. Duplicate keys
 * keep their last value. Unknown fields are ignored.
 *
 * <h2>Mapping (docs/DOMAIN.md §3)</h2>
 * <ul>
 *   <li>{@code id} = {@code insertId}, {@code time} = {@code timestamp} (both required: an entry
 *       without them is rejected naming the field), {@code service} = {@code protoPayload.serviceName}
 *       (else {@code resource.labels.service}), {@code operation} = {@code methodName} verbatim (short
 *       {@code GenerateAccessToken} or long {@code google.iam.credentials.v1.IAMCredentials.GenerateAccessToken}).
 *   <li>{@code account} from {@code logName}: the bare project id for {@code projects/my-project/logs/…}
 *       ({@code my-project}); {@code organizations/456}, {@code folders/123}, {@code billingAccounts/…}
 *       with their prefix for the other parents.
 *   <li>{@code category}: {@code activity}, {@code data_access}, {@code system_event}, {@code policy}
 *       from {@code cloudaudit.googleapis.com%2F…}; the decoded log id for any other log.
 *   <li>{@code region} = {@code resource.labels.location}, else {@code region}, else {@code zone}.
 *   <li>{@code resources} = {@code resourceName} (type {@code resource.type}, account
 *       {@code resource.labels.project_id}). A successful IAM {@code CreateServiceAccount} adds the new
 *       account twice, as {@code projects/-/serviceAccounts/EMAIL} and
 *       {@code projects/-/serviceAccounts/UNIQUE_ID} (type {@code service_account}), the two forms
 *       iamcredentials entries use, and names the account with its unique id in
 *       {@code namedPrincipals}, from which the principal graph learns unique id → email. An
 *       iamcredentials call whose {@code resourceName} names the account by unique id also names it by
 *       the email GCP's {@code resource.labels.email_id} (or {@code request.name}) gives.
 *   <li>{@code outcome}: {@code status.code} other than 0 is a failure whose {@code errorCode} is the
 *       number ({@code "7"}) and whose {@code errorMessage} starts with the code's name:
 *       {@code "PERMISSION_DENIED: Permission \"iam.serviceAccounts.create\" denied …"}.
 *   <li>{@code sourceIp}, {@code userAgent} = {@code requestMetadata.callerIp},
 *       {@code callerSuppliedUserAgent}.
 * </ul>
 *
 * <h2>Actor</h2>
 * From the first field that names someone; {@code Principal.sourceType} says which:
 * <ul>
 *   <li>{@code principalEmail}: {@code serviceAccount:EMAIL} (SERVICE_ACCOUNT, account = the project of
 *       {@code NAME@PROJECT.iam.gserviceaccount.com}) when it ends in {@code .gserviceaccount.com},
 *       else {@code user:EMAIL} (GOOGLE_USER);
 *   <li>{@code principalSubject}: {@code principal://…} / {@code principalSet://…} verbatim
 *       (FEDERATED_PRINCIPAL); the legacy {@code serviceAccount:POOL[SUBJECT]} verbatim (FEDERATED_PRINCIPAL);
 *       {@code user:}/{@code serviceAccount:EMAIL} as above; a bare AWS ARN such as
 *       {@code arn:aws:sts::111111111111:assumed-role/ROLE/SESSION} (seed 004) kept exactly as logged,
 *       kind FEDERATED_PRINCIPAL, cloud GCP, account = the AWS account id of the ARN
 *       ({@code 111111111111}) so the graph can match it with the AWS session; any other subject
 *       verbatim as FEDERATED_PRINCIPAL;
 *   <li>{@code thirdPartyPrincipal.thirdPartyClaims.sub} (FEDERATED_PRINCIPAL);
 *   <li>STS {@code metadata.mapped_principal} (the mTLS / X.509 ExchangeToken logs only this);
 *   <li>otherwise ANONYMOUS {@code anonymous} (redacted caller, empty {@code authenticationInfo}).
 *       Never a failure.
 * </ul>
 * {@code credential} = {@code serviceAccountKeyName} as GCP_SERVICE_ACCOUNT_KEY. No hop is emitted for
 * a key: who holds it is not in the logs, and the graph reports that gap.
 *
 * <h2>Hops</h2>
 * <ul>
 *   <li>{@code serviceAccountDelegationInfo[]} (oldest first): SERVICE_ACCOUNT_DELEGATION hops
 *       {@code item[0] → item[1] → … → actor}, ASSERTED, evidence = the entry. An item is named by
 *       {@code firstPartyPrincipal.principalEmail}, else its {@code principalSubject}, else the
 *       {@code sub} of {@code thirdPartyPrincipal.thirdPartyClaims}; an item naming nobody is skipped.
 *   <li>STS {@code ExchangeToken}, {@code ExchangeOauthToken}, {@code WebSignIn}: identity-establishing
 *       (also when failed; a failure emits no hop). On success the event's actor is the hop's external
 *       subject (the caller of the exchange), and a TOKEN_EXCHANGE hop, ASSERTED, issuing
 *       GCP_FEDERATED_TOKEN, audience = {@code request.audience}, from the external subject in
 *       {@code principalSubject} (or the {@code SUBJECT} of a {@code principal://…/subject/SUBJECT}):
 *       {@code arn:aws:sts::A:assumed-role/R/S} → ROLE_SESSION (AWS, account A);
 *       {@code arn:aws:iam::A:role/R} → IAM_ROLE; a 12-digit account {@code A} → AWS_ACCOUNT
 *       {@code arn:aws:iam::A:root}; anything else → FEDERATED_PRINCIPAL verbatim. To: the
 *       {@code principal://…} when it was logged as the subject, else {@code metadata.mapped_principal},
 *       else {@code principal://iam.googleapis.com/<pool of request.audience or resourceName>/subject/<subject>}
 *       (assuming the default AWS mapping {@code google.subject = assertion.arn}), else the subject text
 *       itself. validUntil = {@code response.expires_in} seconds when logged, else {@link #DEFAULT_TOKEN_LIFETIME}
 *       after the exchange: STS federated access tokens live one hour and audit entries do not log the
 *       expiry. A logged {@code expires_in} above one hour is capped at one hour and the hop's reason
 *       says so. With no external subject logged (mTLS), no hop.
 *   <li>iamcredentials {@code GenerateAccessToken}, {@code GenerateIdToken}, {@code SignJwt},
 *       {@code SignBlob}: identity-establishing; on success (and a known caller) a
 *       GENERATE_ACCESS_TOKEN / GENERATE_ID_TOKEN / SIGN_JWT / SIGN_BLOB hop, EXACT, from the actor to
 *       {@code serviceAccount:EMAIL} (email from {@code resource.labels.email_id}, GCP's own spelling,
 *       else {@code request.name projects/-/serviceAccounts/EMAIL}, the caller's; uniqueId from {@code resource.labels.unique_id}, else
 *       {@code resourceName projects/-/serviceAccounts/UNIQUE_ID}; account {@code resource.labels.project_id}).
 *       When the entry names the account only by its unique id, the target is
 *       {@code projects/-/serviceAccounts/UNIQUE_ID} (SERVICE_ACCOUNT, GCP's own resource form, never
 *       {@code serviceAccount:UNIQUE_ID}) with an empty {@code uniqueId}, so that the graph does not
 *       learn that id as an email. The graph names it {@code serviceAccount:EMAIL}, and matches it with
 *       calls and delegations by that email, once a directory ({@code gcloud iam service-accounts list})
 *       or another entry naming both maps the id's last segment to the email; the hop's reason then
 *       says that the entry named only the unique id.
 *       validUntil = {@code response.expireTime}, else {@code request.lifetime}, else one hour (the
 *       default token lifetime; SignBlob signatures do not expire, so none), capped at 12 hours for
 *       access tokens (the IAM Credentials maximum) and one hour for ID tokens; a capped hop's
 *       {@code reason} says {@code validity capped at …} and what the entry claimed; audience =
 *       {@code request.audience} for GenerateIdToken.
 * </ul>
 */
public final class CloudAuditLogs {

  /**
   * The lifetime assumed for a token whose expiry the entry does not log: one hour, the default of
   * both STS federated access tokens and iamcredentials access / ID tokens.
   */
  public static final Duration DEFAULT_TOKEN_LIFETIME = EntryNormalizer.DEFAULT_TOKEN_LIFETIME;

  private CloudAuditLogs() {}

  /** The file format, the same one {@link java.util.ServiceLoader} finds. */
  public static AuditLogFormat format() {
    return new CloudAuditLogFormat();
  }

  /**
   * Normalizes one LogEntry given as JSON, with the default limits of {@link ReadOptions#DEFAULTS}.
   *
   * @param entryJson one LogEntry object, in either JSON spelling
   * @param where where the entry came from; becomes {@link AuditEvent#location()} and the location of errors
   * @throws MalformedRecordException when the text is not JSON, not a Cloud Audit Log entry, lacks
   *     {@code insertId}/{@code timestamp}/{@code methodName}, has a field of the wrong type, or holds a
   *     value the normalizer cannot use (then the reason starts with {@code unexpected value}); the
   *     rejection's reason names the field. Never another exception for bad input
   */
  public static AuditEvent normalize(String entryJson, RecordLocation where) {
    return normalize(entryJson, where, ReadOptions.DEFAULTS);
  }

  /**
   * Normalizes one LogEntry given as JSON, with the string-length and nesting limits of {@code options}
   * (its mode is ignored: a bad entry always throws).
   *
   * @throws MalformedRecordException as {@link #normalize(String, RecordLocation)}
   */
  public static AuditEvent normalize(String entryJson, RecordLocation where, ReadOptions options) {
    Objects.requireNonNull(entryJson, "entryJson");
    Objects.requireNonNull(where, "where");
    Objects.requireNonNull(options, "options");
    GcpJson json = GcpJson.of(options);
    JsonNode entry;
    try (JsonParser p = json.factory().createParser(entryJson)) {
      entry = json.mapper().readTree(p);
      if (entry == null) {
        throw new MalformedRecordException(new Rejection(where, "empty input: expected one LogEntry object",
            Optional.empty()));
      }
      if (p.nextToken() != null) {
        throw new MalformedRecordException(new Rejection(where,
            "more than one JSON value: expected one LogEntry object", Optional.of(entryJson)));
      }
    } catch (JsonProcessingException e) {
      throw new MalformedRecordException(new Rejection(where, "malformed JSON: " + GcpJson.explain(e),
          Optional.of(entryJson)), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (entry.isObject() && !entry.has("protoPayload") && (entry.has("eventID") || entry.has("eventSource"))) {
      // the reader's reason speaks of files, which one entry does not have
      throw new MalformedRecordException(new Rejection(where, "a CloudTrail record (it has eventID/eventSource),"
          + " not a Cloud Audit Log entry: normalize it with CloudTrail.normalize", Optional.of(entryJson)));
    }
    RecordProblem problem;
    try {
      return EntryNormalizer.normalize(entry, where);
    } catch (RecordProblem e) {
      problem = e;
    } catch (RuntimeException e) {
      problem = RecordProblem.unexpected(e); // a value no check foresaw: still a bad entry, never another exception
    }
    throw new MalformedRecordException(new Rejection(where, problem.getMessage(), Optional.empty()), problem);
  }
}
