package dev.crosstrail.gcp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crosstrail.model.AuditEvent;
import dev.crosstrail.model.Cloud;
import dev.crosstrail.model.Credential;
import dev.crosstrail.model.CredentialKind;
import dev.crosstrail.model.Evidence;
import dev.crosstrail.model.Hop;
import dev.crosstrail.model.HopMechanism;
import dev.crosstrail.model.Outcome;
import dev.crosstrail.model.Principal;
import dev.crosstrail.model.PrincipalKind;
import dev.crosstrail.model.RecordLocation;
import dev.crosstrail.model.ResourceRef;
import dev.crosstrail.model.Strength;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns one bound Cloud Audit Log {@code LogEntry} into an {@link AuditEvent}: a pure function of the
 * entry and its location (docs/DOMAIN.md §3). Hand it entries in either JSON spelling (see {@link Fields}).
 */
final class EntryNormalizer {

  static final String AUDIT_LOG_TYPE = "type.googleapis.com/google.cloud.audit.AuditLog";

  /** Google's federated access tokens and service-account tokens live one hour unless told otherwise. */
  static final Duration DEFAULT_TOKEN_LIFETIME = Duration.ofHours(1);

  /** The longest an iamcredentials access token can live (with the extended-lifetime org policy). */
  static final Duration MAX_ACCESS_TOKEN_LIFETIME = Duration.ofHours(12);

  /** The longest an iamcredentials ID token lives. */
  static final Duration MAX_ID_TOKEN_LIFETIME = Duration.ofHours(1);

  /** The longest an STS federated access token lives. */
  static final Duration MAX_FEDERATED_TOKEN_LIFETIME = Duration.ofHours(1);

  /** Times before this are not audit log times: the entry is rejected. */
  static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");

  /** Times from this on are not audit log times: the entry is rejected. */
  static final Instant LATEST = Instant.parse("2200-01-01T00:00:00Z");

  /** The id of a service account known only by its unique id: {@code projects/-/serviceAccounts/UNIQUE_ID}. */
  static final String ID_ONLY_PREFIX = "projects/-/serviceAccounts/";

  private static final String PP = "protoPayload.";
  private static final String AUTH = PP + "authenticationInfo.";

  private static final Map<String, HopMechanism> IAM_CREDENTIALS = Map.of(
      "GenerateAccessToken", HopMechanism.GENERATE_ACCESS_TOKEN,
      "GenerateIdToken", HopMechanism.GENERATE_ID_TOKEN,
      "SignJwt", HopMechanism.SIGN_JWT,
      "SignBlob", HopMechanism.SIGN_BLOB);

  /** The longest validity each kind of issued token can have; SignJwt / SignBlob are left as logged. */
  private static final Map<HopMechanism, Duration> MAX_LIFETIME = Map.of(
      HopMechanism.GENERATE_ACCESS_TOKEN, MAX_ACCESS_TOKEN_LIFETIME,
      HopMechanism.GENERATE_ID_TOKEN, MAX_ID_TOKEN_LIFETIME);

  private static final Map<HopMechanism, CredentialKind> ISSUED = Map.of(
      HopMechanism.GENERATE_ACCESS_TOKEN, CredentialKind.GCP_ACCESS_TOKEN,
      HopMechanism.GENERATE_ID_TOKEN, CredentialKind.GCP_ID_TOKEN,
      HopMechanism.SIGN_JWT, CredentialKind.GCP_SIGNED_JWT,
      HopMechanism.SIGN_BLOB, CredentialKind.GCP_SIGNED_JWT);

  private static final java.util.regex.Pattern API_PACKAGE =
      java.util.regex.Pattern.compile("google\\.(?:cloud\\.)?([a-z]+)\\.v\\d+[a-z0-9]*\\.");

  /** A proto3 JSON {@code Duration}: {@code 3600s}, {@code 1.5s}. */
  private static final java.util.regex.Pattern PROTO_DURATION = java.util.regex.Pattern.compile("\\d+(\\.\\d+)?s");

  private static final List<String> STS_METHODS = List.of("ExchangeToken", "ExchangeOauthToken", "WebSignIn");

  /** gRPC canonical status codes, by number (google.rpc.Code). */
  private static final List<String> CODE_NAMES = List.of("OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT",
      "DEADLINE_EXCEEDED", "NOT_FOUND", "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED",
      "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS",
      "UNAUTHENTICATED");

  private EntryNormalizer() {}

  static AuditEvent normalize(JsonNode entry, RecordLocation where) throws RecordProblem {
    if (!entry.isObject()) {
      throw new RecordProblem("record is not a JSON object (found " + Fields.describe(entry) + ")");
    }
    JsonNode proto = auditPayload(entry);

    String insertId = Fields.nonBlank(entry, "", "insertId")
        .orElseThrow(() -> new RecordProblem("missing required field insertId (every LogEntry has one; "
            + "documentation excerpts often leave it out)"));
    Instant time = timestamp(entry);
    String method = Fields.nonBlank(proto, PP, "methodName")
        .orElseThrow(() -> new RecordProblem("missing required field protoPayload.methodName"));
    Optional<JsonNode> resource = Fields.object(entry, "", "resource");
    Optional<JsonNode> labels = resource.isPresent()
        ? Fields.object(resource.get(), "resource.", "labels") : Optional.empty();
    String service = serviceName(proto, labels, method);

    Optional<String> logName = Fields.nonBlank(entry, "", "logName");
    Optional<String> account = logName.flatMap(EntryNormalizer::accountOf);
    Optional<String> category = logName.flatMap(EntryNormalizer::categoryOf);

    Optional<JsonNode> auth = Fields.object(proto, PP, "authenticationInfo");
    Optional<JsonNode> metadata = Fields.object(proto, PP, "metadata");
    Principal actor = actor(auth, metadata);
    Optional<Credential> credential = auth.isPresent()
        ? Fields.nonBlank(auth.get(), AUTH, "serviceAccountKeyName")
            .map(k -> Credential.of(CredentialKind.GCP_SERVICE_ACCOUNT_KEY, k))
        : Optional.empty();

    Optional<JsonNode> requestMetadata = Fields.object(proto, PP, "requestMetadata");
    Optional<String> sourceIp = Optional.empty();
    Optional<String> userAgent = Optional.empty();
    if (requestMetadata.isPresent()) {
      sourceIp = Fields.nonBlank(requestMetadata.get(), PP + "requestMetadata.", "callerIp");
      userAgent = Fields.nonBlank(requestMetadata.get(), PP + "requestMetadata.", "callerSuppliedUserAgent");
    }

    Outcome outcome = outcome(proto);
    Optional<String> resourceType = resource.isPresent()
        ? Fields.nonBlank(resource.get(), "resource.", "type") : Optional.empty();
    Optional<String> projectLabel = label(labels, "projectId");
    Optional<String> region = label(labels, "location").or(() -> label(labels, "region"))
        .or(() -> label(labels, "zone"));
    Optional<String> resourceName = Fields.nonBlank(proto, PP, "resourceName");
    Optional<JsonNode> request = Fields.object(proto, PP, "request");
    Optional<JsonNode> response = Fields.object(proto, PP, "response");

    List<ResourceRef> resources = new ArrayList<>();
    resourceName.ifPresent(r -> resources.add(new ResourceRef(r, resourceType, projectLabel)));

    Evidence evidence = new Evidence(Cloud.GCP, insertId, time);
    List<Hop> hops = new ArrayList<>();
    List<Principal> named = new ArrayList<>(0);
    if (auth.isPresent()) {
      delegationHops(auth.get(), actor, evidence, hops);
    }

    String shortMethod = method.substring(method.lastIndexOf('.') + 1);
    boolean identityEstablishing = false;
    if (isSts(service, method) && STS_METHODS.contains(shortMethod)) {
      identityEstablishing = true;
      if (outcome.success()) {
        Optional<Hop> exchange = tokenExchangeHop(auth, metadata, request, response, resourceName, evidence);
        exchange.ifPresent(hops::add);
        // The caller of ExchangeToken is the external identity (an AWS session, say), not the federated
        // principal it obtains: attributing the exchange must not pass through its own hop.
        if (exchange.isPresent()) {
          actor = exchange.get().from();
        }
      }
    } else if (isIamCredentials(service, method) && IAM_CREDENTIALS.containsKey(shortMethod)) {
      identityEstablishing = true;
      accountEmailWhereNamedById(labels, request, resourceName)
          .ifPresent(e -> resources.add(new ResourceRef(ID_ONLY_PREFIX + e, resourceType, projectLabel)));
      if (outcome.success() && actor.kind() != PrincipalKind.ANONYMOUS) {
        impersonationHop(IAM_CREDENTIALS.get(shortMethod), actor, request, response, labels, resourceName, evidence)
            .ifPresent(hops::add);
      }
    } else if (method.endsWith("iam.admin.v1.CreateServiceAccount") && outcome.success() && response.isPresent()) {
      createdServiceAccount(response.get(), resources).ifPresent(named::add);
    }

    return new AuditEvent(Cloud.GCP, insertId, time, service, method, actor, credential, Optional.empty(),
        sourceIp, userAgent, account, region, resources, outcome, identityEstablishing, hops, Optional.empty(),
        category, where, named);
  }

  /** What to do about other log entries in an export (a whole-project `gcloud logging read` holds many). */
  private static final String NOT_AUDIT_HINT =
      "; export with the filter logName:\"cloudaudit.googleapis.com\" to leave such entries out";

  /** The AuditLog payload, or the reason this entry is not a Cloud Audit Log entry. */
  private static JsonNode auditPayload(JsonNode entry) throws RecordProblem {
    Optional<JsonNode> proto = Fields.object(entry, "", "protoPayload");
    if (proto.isEmpty()) {
      if (entry.has("eventID") || entry.has("eventSource")) {
        throw new RecordProblem("a CloudTrail record (it has eventID/eventSource), not a Cloud Audit Log entry: the "
            + "file was read as Cloud Audit Logs because its first entry is one; keep each cloud's records in files "
            + "of their own");
      }
      String kind = Fields.member(entry, "textPayload").isPresent() ? "textPayload"
          : Fields.member(entry, "jsonPayload").isPresent() ? "jsonPayload"
          : "no protoPayload";
      throw new RecordProblem("not a Cloud Audit Log entry (" + kind + ")" + NOT_AUDIT_HINT);
    }
    Optional<String> type = Fields.text(proto.get(), PP, "@type");
    if (type.isPresent() && !type.get().equals(AUDIT_LOG_TYPE)) {
      throw new RecordProblem("not a Cloud Audit Log entry (protoPayload @type " + type.get() + ")" + NOT_AUDIT_HINT);
    }
    // Some services' older entries (BigQuery's AuditData) omit @type but are AuditLog payloads.
    return proto.get();
  }

  private static Instant timestamp(JsonNode entry) throws RecordProblem {
    Optional<JsonNode> v = Fields.member(entry, "timestamp");
    if (v.isEmpty() || (v.get().isTextual() && v.get().textValue().isBlank())) {
      throw new RecordProblem("missing required field timestamp (every LogEntry has one; "
          + "documentation excerpts often leave it out)");
    }
    return instant(v.get(), "timestamp");
  }

  /**
   * An RFC 3339 time with 0–9 fractional digits and any offset ({@code 2024-05-01T10:00:00.123456789Z}),
   * or a protobuf {@code Timestamp} written as {@code {"seconds": …, "nanos": …}}.
   */
  static Instant instant(JsonNode v, String field) throws RecordProblem {
    if (v.isTextual()) {
      String text = v.textValue().trim();
      Instant t = plainUtc(text);
      try {
        if (t == null) {
          t = OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        }
      } catch (DateTimeParseException e) {
        throw new RecordProblem("field " + field + ": expected an RFC 3339 time such as "
            + "2024-05-01T10:00:00.123456Z, found " + Fields.describe(v));
      }
      return inRange(t, field, v);
    }
    if (v.isObject()) {
      Optional<Long> seconds = Fields.integer(v, field + ".", "seconds");
      if (seconds.isPresent()) {
        long nanos = Fields.integer(v, field + ".", "nanos").orElse(0L);
        if (nanos < 0 || nanos > 999_999_999L) {
          throw new RecordProblem("field " + field + ".nanos: expected 0 to 999999999 (a protobuf Timestamp), found "
              + nanos);
        }
        if (seconds.get() < EARLIEST.getEpochSecond() || seconds.get() >= LATEST.getEpochSecond()) {
          throw outOfRange(field, Fields.describe(v.get("seconds") != null ? v.get("seconds") : v) + " seconds");
        }
        return Instant.ofEpochSecond(seconds.get(), nanos);
      }
    }
    throw Fields.wrongType(field, "an RFC 3339 time string", v);
  }

  /**
   * The shapes nearly every LogEntry time has, {@code 2024-05-01T10:00:00Z} and
   * {@code 2024-05-01T10:00:00.123456Z} (1 to 9 fractional digits), read without a
   * {@code DateTimeFormatter} (which showed in profiles); null for any other shape, which the
   * formatter then reads. {@link LocalDateTime#of} checks every field's range as the formatter does.
   */
  static Instant plainUtc(String s) {
    int n = s.length();
    if (n < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
        || s.charAt(16) != ':' || s.charAt(n - 1) != 'Z') {
      return null;
    }
    int nanos = 0;
    if (n > 20) {
      int digits = n - 21;
      if (s.charAt(19) != '.' || digits < 1 || digits > 9) {
        return null;
      }
      int fraction = number(s, 20, n - 1);
      if (fraction < 0) {
        return null;
      }
      nanos = fraction;
      for (int i = digits; i < 9; i++) {
        nanos *= 10;
      }
    }
    int year = number(s, 0, 4);
    int month = number(s, 5, 7);
    int day = number(s, 8, 10);
    int hour = number(s, 11, 13);
    int minute = number(s, 14, 16);
    int second = number(s, 17, 19);
    if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) {
      return null;
    }
    try {
      return LocalDateTime.of(year, month, day, hour, minute, second, nanos).toInstant(ZoneOffset.UTC);
    } catch (java.time.DateTimeException e) {
      return null; // out of range (month 13, February 30): the formatter rejects it
    }
  }

  /** The decimal value of {@code s[from, to)}, or -1 when a character is not an ASCII digit. */
  private static int number(String s, int from, int to) {
    int v = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  /** A time an audit log can hold: from {@link #EARLIEST} (2000) to before {@link #LATEST} (2200). */
  private static Instant inRange(Instant t, String field, JsonNode v) throws RecordProblem {
    if (t.isBefore(EARLIEST) || !t.isBefore(LATEST)) {
      throw outOfRange(field, Fields.describe(v));
    }
    return t;
  }

  private static RecordProblem outOfRange(String field, String found) {
    return new RecordProblem("field " + field + ": expected a time between " + EARLIEST + " and " + LATEST
        + " (an audit log time), found " + found + "; a corrupt or hand-made entry?");
  }

  private static String serviceName(JsonNode proto, Optional<JsonNode> labels, String method) throws RecordProblem {
    Optional<String> s = Fields.nonBlank(proto, PP, "serviceName");
    if (s.isPresent()) {
      return s.get();
    }
    Optional<String> label = label(labels, "service");
    if (label.isPresent()) {
      return label.get();
    }
    if (method.startsWith("google.iam.credentials.")
        || (IAM_CREDENTIALS.containsKey(method) && label(labels, "emailId").isPresent())) {
      return "iamcredentials.googleapis.com";
    }
    if (method.startsWith("google.identity.sts.")) {
      return "sts.googleapis.com";
    }
    // Documentation excerpts leave serviceName out; the gRPC package names the API:
    // google.pubsub.v1.Publisher.CreateTopic -> pubsub.googleapis.com.
    java.util.regex.Matcher m = API_PACKAGE.matcher(method);
    if (m.lookingAt()) {
      return m.group(1) + ".googleapis.com";
    }
    throw new RecordProblem("missing required field protoPayload.serviceName (and no resource.labels.service)");
  }

  private static Optional<String> label(Optional<JsonNode> labels, String name) {
    if (labels.isEmpty()) {
      return Optional.empty();
    }
    return Fields.member(labels.get(), name).filter(JsonNode::isTextual).map(JsonNode::textValue)
        .filter(s -> !s.isBlank());
  }

  /**
   * The account of the entry, from its {@code logName}: the bare project id for
   * {@code projects/my-project/logs/…} ({@code my-project}), and the resource path for the other
   * parents: {@code organizations/456}, {@code folders/123}, {@code billingAccounts/0A1B2C}.
   */
  static Optional<String> accountOf(String logName) {
    int logs = logName.indexOf("/logs/");
    if (logs < 0) {
      return Optional.empty();
    }
    String parent = logName.substring(0, logs);
    if (parent.startsWith("projects/")) {
      return Optional.of(parent.substring("projects/".length())).filter(p -> !p.isEmpty());
    }
    return Optional.of(parent).filter(p -> p.indexOf('/') > 0);
  }

  /**
   * The audit log kind of a {@code logName}: {@code activity}, {@code data_access},
   * {@code system_event} or {@code policy} for {@code cloudaudit.googleapis.com%2F…}; the decoded
   * log id for any other log.
   */
  static Optional<String> categoryOf(String logName) {
    int logs = logName.indexOf("/logs/");
    if (logs < 0) {
      return Optional.empty();
    }
    String logId = URLDecoder.decode(logName.substring(logs + "/logs/".length()), StandardCharsets.UTF_8);
    String prefix = "cloudaudit.googleapis.com/";
    return Optional.of(logId.startsWith(prefix) ? logId.substring(prefix.length()) : logId)
        .filter(s -> !s.isEmpty());
  }

  /**
   * The acting principal, from the best field the entry has: {@code principalEmail}, then
   * {@code principalSubject}, then {@code thirdPartyPrincipal} claims, then the STS
   * {@code metadata.mapped_principal}; {@link PrincipalKind#ANONYMOUS} {@code anonymous} when none
   * names anyone (redacted callers, empty {@code authenticationInfo}).
   */
  static Principal actor(Optional<JsonNode> auth, Optional<JsonNode> metadata) throws RecordProblem {
    if (auth.isPresent()) {
      JsonNode a = auth.get();
      Optional<String> email = Fields.nonBlank(a, AUTH, "principalEmail");
      if (email.isPresent()) {
        return Principals.fromEmail(email.get(), "principalEmail");
      }
      Optional<String> subject = Fields.nonBlank(a, AUTH, "principalSubject");
      if (subject.isPresent()) {
        return Principals.fromSubject(subject.get(), "principalSubject");
      }
      Optional<Principal> thirdParty = thirdParty(a, AUTH);
      if (thirdParty.isPresent()) {
        return thirdParty.get();
      }
    }
    Optional<String> mapped = mappedPrincipal(metadata);
    if (mapped.isPresent()) {
      return Principals.fromSubject(mapped.get(), "metadata.mapped_principal");
    }
    return Principal.of("anonymous", PrincipalKind.ANONYMOUS, Cloud.GCP)
        .withSourceType(auth.isPresent() ? "authenticationInfo" : "none");
  }

  private static Optional<String> mappedPrincipal(Optional<JsonNode> metadata) throws RecordProblem {
    if (metadata.isEmpty()) {
      return Optional.empty();
    }
    return Fields.nonBlank(metadata.get(), PP + "metadata.", "mappedPrincipal");
  }

  /**
   * A {@code thirdPartyPrincipal{thirdPartyClaims}} as a federated principal named by its {@code sub}
   * claim (looked for at the top of the claims and under {@code payload}); an anonymous principal
   * when the claims carry no subject.
   */
  private static Optional<Principal> thirdParty(JsonNode holder, String path) throws RecordProblem {
    Optional<JsonNode> tp = Fields.object(holder, path, "thirdPartyPrincipal");
    if (tp.isEmpty()) {
      return Optional.empty();
    }
    String tpPath = path + "thirdPartyPrincipal.";
    Optional<JsonNode> claims = Fields.object(tp.get(), tpPath, "thirdPartyClaims");
    Optional<String> sub = Optional.empty();
    if (claims.isPresent()) {
      sub = Fields.member(claims.get(), "sub").filter(JsonNode::isTextual).map(JsonNode::textValue);
      if (sub.isEmpty()) {
        sub = Fields.member(claims.get(), "payload").flatMap(p -> Fields.member(p, "sub"))
            .filter(JsonNode::isTextual).map(JsonNode::textValue);
      }
    }
    return Optional.of(sub.filter(s -> !s.isBlank())
        .map(s -> Principal.of(s, PrincipalKind.FEDERATED_PRINCIPAL, Cloud.GCP).withSourceType("thirdPartyPrincipal"))
        .orElse(Principal.of("anonymous", PrincipalKind.ANONYMOUS, Cloud.GCP).withSourceType("thirdPartyPrincipal")));
  }

  private static Outcome outcome(JsonNode proto) throws RecordProblem {
    Optional<JsonNode> status = Fields.object(proto, PP, "status");
    if (status.isEmpty()) {
      return Outcome.SUCCESS;
    }
    String path = PP + "status.";
    Optional<JsonNode> rawCode = Fields.member(status.get(), "code");
    long code;
    if (rawCode.isPresent() && rawCode.get().isTextual() && CODE_NAMES.contains(rawCode.get().textValue())) {
      code = CODE_NAMES.indexOf(rawCode.get().textValue());
    } else {
      code = Fields.integer(status.get(), path, "code").orElse(0L);
    }
    if (code == 0) {
      return Outcome.SUCCESS;
    }
    Optional<String> message = Fields.text(status.get(), path, "message").filter(m -> !m.isBlank());
    String name = code > 0 && code < CODE_NAMES.size() ? CODE_NAMES.get((int) code) : "CODE_" + code;
    return Outcome.failure(Long.toString(code), name + message.map(m -> ": " + m).orElse(""));
  }

  /** {@code serviceAccountDelegationInfo[0] → [1] → … → actor}, each hop asserted by this entry. */
  private static void delegationHops(JsonNode auth, Principal actor, Evidence evidence, List<Hop> hops)
      throws RecordProblem {
    Optional<JsonNode> chain = Fields.array(auth, AUTH, "serviceAccountDelegationInfo");
    if (chain.isEmpty()) {
      return;
    }
    List<Principal> links = new ArrayList<>();
    for (int i = 0; i < chain.get().size(); i++) {
      JsonNode item = chain.get().get(i);
      String path = AUTH + "serviceAccountDelegationInfo[" + i + "].";
      if (!item.isObject()) {
        throw Fields.wrongType(path.substring(0, path.length() - 1), "an object", item);
      }
      delegate(item, path).ifPresent(links::add);
    }
    links.add(actor);
    for (int i = 0; i + 1 < links.size(); i++) {
      Principal from = links.get(i);
      Principal to = links.get(i + 1);
      if (from.id().equals(to.id())) {
        continue;
      }
      hops.add(Hop.builder(HopMechanism.SERVICE_ACCOUNT_DELEGATION, from, to, evidence)
          .strength(Strength.ASSERTED, "serviceAccountDelegationInfo of Cloud Audit Log entry " + evidence.eventId()
              + " lists " + from.id() + " before " + to.id())
          .build());
    }
  }

  private static Optional<Principal> delegate(JsonNode item, String path) throws RecordProblem {
    Optional<JsonNode> first = Fields.object(item, path, "firstPartyPrincipal");
    if (first.isPresent()) {
      Optional<String> email = Fields.nonBlank(first.get(), path + "firstPartyPrincipal.", "principalEmail");
      if (email.isPresent()) {
        return Optional.of(Principals.fromEmail(email.get(), "serviceAccountDelegationInfo.firstPartyPrincipal"));
      }
    }
    Optional<String> subject = Fields.nonBlank(item, path, "principalSubject");
    if (subject.isPresent()) {
      return Optional.of(Principals.fromSubject(subject.get(), "serviceAccountDelegationInfo.principalSubject"));
    }
    return thirdParty(item, path).filter(p -> p.kind() != PrincipalKind.ANONYMOUS);
  }

  private static boolean isSts(String service, String method) {
    return service.equals("sts.googleapis.com") || method.startsWith("google.identity.sts.");
  }

  private static boolean isIamCredentials(String service, String method) {
    return service.equals("iamcredentials.googleapis.com") || method.startsWith("google.iam.credentials.");
  }

  /**
   * ExchangeToken (and WebSignIn / ExchangeOauthToken): the external subject obtains the federated
   * principal. See {@link CloudAuditLogs} for how each side is chosen.
   */
  private static Optional<Hop> tokenExchangeHop(Optional<JsonNode> auth, Optional<JsonNode> metadata,
      Optional<JsonNode> request, Optional<JsonNode> response, Optional<String> resourceName, Evidence evidence)
      throws RecordProblem {
    Optional<String> subject = auth.isPresent()
        ? Fields.nonBlank(auth.get(), AUTH, "principalSubject") : Optional.empty();
    if (subject.isEmpty()) {
      return Optional.empty();
    }
    Optional<String> audience = request.isPresent()
        ? Fields.nonBlank(request.get(), PP + "request.", "audience") : Optional.empty();
    Principal from = Principals.externalSubject(subject.get(), "principalSubject");
    Principal to;
    String reason;
    if (Principals.isFederatedId(subject.get())) {
      to = Principals.fromSubject(subject.get(), "principalSubject");
      reason = "Google STS logged the federated principal " + subject.get();
    } else {
      Optional<String> mapped = mappedPrincipal(metadata);
      Optional<String> pool = audience.flatMap(EntryNormalizer::poolOf).or(() -> resourceName.flatMap(EntryNormalizer::poolOf));
      if (mapped.isPresent()) {
        to = Principals.fromSubject(mapped.get(), "metadata.mapped_principal");
        reason = "Google STS logged the external subject in principalSubject and the federated principal in "
            + "metadata.mapped_principal";
      } else if (pool.isPresent()) {
        to = Principal.of("principal://iam.googleapis.com/" + pool.get() + "/subject/" + subject.get(),
            PrincipalKind.FEDERATED_PRINCIPAL, Cloud.GCP).withSourceType("principalSubject");
        reason = "Google STS logged the external subject; the federated principal id is built from the pool of "
            + "the request's audience or resourceName, assuming google.subject maps to that subject";
      } else {
        to = Principals.fromSubject(subject.get(), "principalSubject");
        reason = "Google STS logged only the external subject; it stands for the federated principal too";
      }
    }
    Instant until = evidence.time().plus(DEFAULT_TOKEN_LIFETIME);
    if (response.isPresent()) {
      Optional<Long> seconds = Fields.integer(response.get(), PP + "response.", "expiresIn");
      if (seconds.isPresent() && seconds.get() > 0) {
        if (seconds.get() > MAX_FEDERATED_TOKEN_LIFETIME.getSeconds()) {
          until = evidence.time().plus(MAX_FEDERATED_TOKEN_LIFETIME);
          reason += "; validity capped at " + hours(MAX_FEDERATED_TOKEN_LIFETIME) + " (the longest a federated token "
              + "lives): response.expiresIn says " + seconds.get() + "s";
        } else {
          until = evidence.time().plusSeconds(seconds.get());
        }
      }
    }
    Hop.Builder b = Hop.builder(HopMechanism.TOKEN_EXCHANGE, from, to, evidence)
        .issued(Credential.ofKind(CredentialKind.GCP_FEDERATED_TOKEN))
        .validUntil(until)
        .strength(Strength.ASSERTED, reason);
    audience.ifPresent(b::audience);
    return Optional.of(b.build());
  }

  private static String hours(Duration d) {
    return d.toHours() + " h";
  }

  /**
   * The pool of {@code //iam.googleapis.com/projects/N/locations/global/workloadIdentityPools/P/providers/X}
   * or {@code projects/N/locations/global/workloadIdentityPools/P/providers/X}:
   * {@code projects/N/locations/global/workloadIdentityPools/P} (workforce pools likewise).
   */
  static Optional<String> poolOf(String audienceOrResource) {
    String s = audienceOrResource.startsWith("//iam.googleapis.com/")
        ? audienceOrResource.substring("//iam.googleapis.com/".length()) : audienceOrResource;
    int providers = s.indexOf("/providers/");
    if (providers < 0 || !(s.contains("/workloadIdentityPools/") || s.contains("/workforcePools/"))
        || s.contains(" ")) {
      return Optional.empty();
    }
    return Optional.of(s.substring(0, providers));
  }

  /** GenerateAccessToken / GenerateIdToken / SignJwt / SignBlob: the caller obtains the service account. */
  private static Optional<Hop> impersonationHop(HopMechanism mechanism, Principal actor, Optional<JsonNode> request,
      Optional<JsonNode> response, Optional<JsonNode> labels, Optional<String> resourceName, Evidence evidence)
      throws RecordProblem {
    Optional<String> requestName = request.isPresent()
        ? Fields.nonBlank(request.get(), PP + "request.", "name").map(EntryNormalizer::afterServiceAccounts)
        : Optional.empty();
    Optional<String> resourceTail = resourceName.map(EntryNormalizer::afterServiceAccounts);
    // GCP's own label first: request.name is the caller's spelling of the account (its case, say), and a
    // target spelt two ways would be two principals
    Optional<String> email = label(labels, "emailId")
        .or(() -> requestName.filter(n -> n.contains("@")))
        .or(() -> resourceTail.filter(n -> n.contains("@")));
    Optional<String> uniqueId = label(labels, "uniqueId")
        .or(() -> resourceTail.filter(EntryNormalizer::digits))
        .or(() -> requestName.filter(EntryNormalizer::digits));
    Principal target;
    if (email.isPresent()) {
      target = Principals.fromEmail(email.get(), "request.name");
      if (target.kind() != PrincipalKind.SERVICE_ACCOUNT) {
        target = Principal.of("serviceAccount:" + email.get(), PrincipalKind.SERVICE_ACCOUNT, Cloud.GCP)
            .withSourceType("request.name");
      }
    } else if (uniqueId.isPresent()) {
      // Only the unique id is logged: the target keeps GCP's own resource form, never
      // serviceAccount:<UNIQUE_ID> (not an email, no policy accepts it). Its uniqueId stays empty on
      // purpose: the graph learns "unique id -> email" from every SERVICE_ACCOUNT principal with a uniqueId,
      // and would learn this id as the account's email. The unique id is the id's last segment, for the
      // graph to resolve through a directory or another entry (its form is Ids.SERVICE_ACCOUNT_BY_UNIQUE_ID
      // in the api module; IdOnlyTargetTest checks that the two agree).
      Principal idOnly = Principal.of(ID_ONLY_PREFIX + uniqueId.get(), PrincipalKind.SERVICE_ACCOUNT, Cloud.GCP)
          .withSourceType("resourceName");
      target = label(labels, "projectId").map(idOnly::withAccount).orElse(idOnly);
      Hop.Builder b = Hop.builder(mechanism, actor, target, evidence).issued(Credential.ofKind(ISSUED.get(mechanism)));
      return Optional.of(finishImpersonation(b, mechanism, request, response, evidence));
    } else {
      return Optional.empty();
    }
    Optional<String> project = label(labels, "projectId");
    if (project.isPresent()) {
      target = target.withAccount(project.get());
    }
    if (uniqueId.isPresent()) {
      target = target.withUniqueId(uniqueId.get());
    }
    Hop.Builder b = Hop.builder(mechanism, actor, target, evidence).issued(Credential.ofKind(ISSUED.get(mechanism)));
    return Optional.of(finishImpersonation(b, mechanism, request, response, evidence));
  }

  /** Validity (capped) and audience of an impersonation hop. */
  private static Hop finishImpersonation(Hop.Builder b, HopMechanism mechanism, Optional<JsonNode> request,
      Optional<JsonNode> response, Evidence evidence) throws RecordProblem {
    Optional<Instant> until = Optional.empty();
    String told = null; // where the logged validity came from, for the reason of a cap
    if (response.isPresent()) {
      Optional<JsonNode> expire = Fields.member(response.get(), "expireTime");
      if (expire.isPresent()) {
        until = Optional.of(instant(expire.get(), PP + "response.expireTime"));
        told = "response.expireTime says " + until.get();
      }
    }
    Optional<Duration> cap = Optional.ofNullable(MAX_LIFETIME.get(mechanism));
    if (until.isEmpty() && request.isPresent()) {
      Optional<String> lifetime = Fields.nonBlank(request.get(), PP + "request.", "lifetime");
      if (lifetime.isPresent() && PROTO_DURATION.matcher(lifetime.get()).matches()) {
        until = Optional.of(afterLifetime(evidence.time(), lifetime.get(), cap));
        told = "request.lifetime says " + (lifetime.get().length() > 24 ? lifetime.get().substring(0, 24) + "…"
            : lifetime.get());
      }
    }
    if (until.isEmpty() && mechanism != HopMechanism.SIGN_BLOB) {
      until = Optional.of(evidence.time().plus(DEFAULT_TOKEN_LIFETIME));
    }
    if (until.isPresent() && cap.isPresent() && until.get().isAfter(evidence.time().plus(cap.get()))) {
      until = Optional.of(evidence.time().plus(cap.get()));
      b.strength(Strength.EXACT, "validity capped at " + hours(cap.get()) + " (the longest "
          + (mechanism == HopMechanism.GENERATE_ACCESS_TOKEN ? "an access token" : "an ID token")
          + " from iamcredentials lives): " + told);
    }
    until.filter(u -> !u.isBefore(evidence.time())).ifPresent(b::validUntil);
    if (mechanism == HopMechanism.GENERATE_ID_TOKEN && request.isPresent()) {
      Fields.nonBlank(request.get(), PP + "request.", "audience").ifPresent(b::audience);
    }
    return b.build();
  }

  /**
   * {@code time} plus a proto3 JSON duration ({@code 3600s}, {@code 1.5s}) without overflow: a
   * lifetime longer than the cap is the cap, one without a cap must end before {@link #LATEST}.
   */
  private static Instant afterLifetime(Instant time, String lifetime, Optional<Duration> cap) throws RecordProblem {
    java.math.BigDecimal seconds = new java.math.BigDecimal(lifetime.substring(0, lifetime.length() - 1));
    java.math.BigDecimal limit = java.math.BigDecimal.valueOf(cap.orElse(Duration.between(time, LATEST)).getSeconds());
    if (seconds.compareTo(limit) > 0) {
      if (cap.isPresent()) {
        return time.plus(cap.get()).plusSeconds(1); // beyond the cap: the caller caps it and says so
      }
      throw new RecordProblem("field " + PP + "request.lifetime: expected a token lifetime ending before " + LATEST
          + ", found " + (lifetime.length() > 24 ? lifetime.substring(0, 24) + "…" : lifetime));
    }
    java.math.BigInteger nanos = seconds.movePointRight(9).toBigInteger();
    return time.plusNanos(nanos.longValueExact());
  }

  /**
   * The email of the account an iamcredentials call names by unique id in {@code resourceName} (as
   * Google's own examples do), from GCP's label or the request: a denied call has no hop, and is found
   * by its target under either name.
   */
  private static Optional<String> accountEmailWhereNamedById(Optional<JsonNode> labels, Optional<JsonNode> request,
      Optional<String> resourceName) throws RecordProblem {
    if (resourceName.map(EntryNormalizer::afterServiceAccounts).filter(EntryNormalizer::digits).isEmpty()) {
      return Optional.empty();
    }
    Optional<String> label = label(labels, "emailId");
    if (label.isPresent()) {
      return label;
    }
    return request.isPresent()
        ? Fields.nonBlank(request.get(), PP + "request.", "name").map(EntryNormalizer::afterServiceAccounts)
            .filter(n -> n.contains("@"))
        : Optional.empty();
  }

  /**
   * The account a {@code CreateServiceAccount} response created: its two resource names, and (when the
   * response has both) the account as a named principal, so that its unique id resolves to its email.
   */
  private static Optional<Principal> createdServiceAccount(JsonNode response, List<ResourceRef> resources)
      throws RecordProblem {
    String path = PP + "response.";
    Optional<String> email = Fields.nonBlank(response, path, "email");
    Optional<String> uniqueId = Fields.nonBlank(response, path, "uniqueId");
    Optional<String> project = Fields.nonBlank(response, path, "projectId")
        .or(() -> email.flatMap(Principals::projectOfServiceAccount));
    Optional<String> type = Optional.of("service_account");
    email.ifPresent(e -> resources.add(new ResourceRef("projects/-/serviceAccounts/" + e, type, project)));
    uniqueId.ifPresent(u -> resources.add(new ResourceRef("projects/-/serviceAccounts/" + u, type, project)));
    if (email.isEmpty() || uniqueId.isEmpty() || !digits(uniqueId.get())) {
      return Optional.empty();
    }
    return Optional.of(Principal.of("serviceAccount:" + email.get(), PrincipalKind.SERVICE_ACCOUNT, Cloud.GCP)
        .withAccount(project.orElse(null)).withUniqueId(uniqueId.get()).withSourceType("response.uniqueId"));
  }

  private static String afterServiceAccounts(String name) {
    int i = name.lastIndexOf("/serviceAccounts/");
    return i < 0 ? name : name.substring(i + "/serviceAccounts/".length());
  }

  private static boolean digits(String s) {
    return !s.isEmpty() && s.chars().allMatch(c -> c >= '0' && c <= '9');
  }
}
