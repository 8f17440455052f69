package dev.crosstrail.aws;

import static dev.crosstrail.aws.Fields.array;
import static dev.crosstrail.aws.Fields.object;
import static dev.crosstrail.aws.Fields.required;
import static dev.crosstrail.aws.Fields.text;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crosstrail.model.AuditEvent;
import dev.crosstrail.model.Cloud;
import dev.crosstrail.model.Credential;
import dev.crosstrail.model.Evidence;
import dev.crosstrail.model.Hop;
import dev.crosstrail.model.HopMechanism;
import dev.crosstrail.model.Outcome;
import dev.crosstrail.model.Principal;
import dev.crosstrail.model.PrincipalKind;
import dev.crosstrail.model.RecordLocation;
import dev.crosstrail.model.ResourceRef;
import dev.crosstrail.model.Strength;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Turns one bound CloudTrail record into an {@link AuditEvent}: a pure function of the record and
 * its location. Also unwraps the two envelopes a record travels in: an EventBridge event
 * ({@code {"detail-type": "AWS API Call via CloudTrail", "detail": {record}}}) and a lookup-events
 * item ({@code {"EventId": …, "CloudTrailEvent": "<record as a JSON string>"}}).
 */
final class Normalizer {

  private static final String STS = "sts.amazonaws.com";
  private static final String SIGNIN = "signin.amazonaws.com";
  private static final Set<String> STS_ISSUERS = Set.of("AssumeRole", "AssumeRoleWithSAML",
      "AssumeRoleWithWebIdentity", "GetFederationToken", "GetSessionToken");

  private Normalizer() {}

  /** A record, an EventBridge envelope or a lookup-events item. */
  static AuditEvent element(JsonNode node, RecordLocation where, ObjectMapper mapper) throws BadRecord {
    if (!node.isObject()) {
      throw new BadRecord("expected a CloudTrail record (a JSON object), found " + BadRecord.describe(node));
    }
    JsonNode cloudTrailEvent = node.get("CloudTrailEvent");
    if (cloudTrailEvent != null) {
      if (!cloudTrailEvent.isTextual()) {
        throw BadRecord.wrongType("CloudTrailEvent", "the record as a JSON string", cloudTrailEvent);
      }
      JsonNode inner;
      try {
        inner = mapper.readTree(cloudTrailEvent.textValue());
      } catch (JsonProcessingException e) {
        throw new BadRecord("CloudTrailEvent is not valid JSON: " + Jackson.explain(e), e);
      }
      if (inner == null || inner.isMissingNode()) {
        throw new BadRecord("CloudTrailEvent is an empty string, expected the record as JSON");
      }
      if (!inner.isObject()) {
        throw new BadRecord("CloudTrailEvent: expected a JSON object, found " + BadRecord.describe(inner));
      }
      return record(inner, where);
    }
    if (node.has("detail") && (node.has("detail-type") || node.has("source"))) {
      JsonNode detail = node.get("detail");
      if (!detail.isObject()) {
        throw BadRecord.wrongType("detail", "the CloudTrail record as an object", detail);
      }
      return record(detail, where);
    }
    return record(node, where);
  }

  /** One CloudTrail record (docs/DOMAIN.md §2). */
  static AuditEvent record(JsonNode r, RecordLocation where) throws BadRecord {
    Optional<String> eventType = text(r, "eventType", "eventType");
    if (eventType.filter("AwsCloudTrailInsight"::equals).isPresent() || r.has("insightDetails")) {
      throw new BadRecord("CloudTrail Insights event (eventType AwsCloudTrailInsight): it summarises call rates "
          + "and is not the record of a call");
    }
    Instant time = eventTime(r);
    String id = required(r, "eventID");
    String service = required(r, "eventSource");
    String operation = required(r, "eventName");
    Identities.Actor actor = Identities.actor(r);
    Outcome outcome = outcome(r);
    Optional<String> account = text(r, "recipientAccountId", "recipientAccountId");
    if (account.isEmpty()) {
      account = userIdentityAccount(r);
    }
    Evidence evidence = new Evidence(Cloud.AWS, id, time);
    boolean establishing = isIdentityEstablishing(service, operation);
    List<Hop> hops = establishing && outcome.success()
        ? hops(r, service, operation, actor.principal(), evidence)
        : List.of();
    List<Principal> named = outcome.success() && service.equals("iam.amazonaws.com")
        ? createdIamPrincipal(r, operation)
        : List.of();
    return new AuditEvent(Cloud.AWS, id, time, service, operation, actor.principal(), actor.credential(),
        actor.session(), text(r, "sourceIPAddress", "sourceIPAddress"), text(r, "userAgent", "userAgent"),
        account, text(r, "awsRegion", "awsRegion"), resources(r), outcome, establishing, hops,
        text(r, "sharedEventID", "sharedEventID"), eventType, where, named);
  }

  /**
   * The user or role an IAM {@code CreateUser} / {@code CreateRole} response created, with its
   * {@code AIDA…} / {@code AROA…} id: a role owner's copy of a cross-account call names its caller only
   * by that id, so the graph can name the caller from this record alone.
   */
  private static List<Principal> createdIamPrincipal(JsonNode r, String operation) throws BadRecord {
    String member = switch (operation) {
      case "CreateUser" -> "user";
      case "CreateRole" -> "role";
      default -> null;
    };
    if (member == null) {
      return List.of();
    }
    Optional<JsonNode> response = object(r, "responseElements", "responseElements");
    Optional<JsonNode> created = response.isPresent()
        ? object(response.get(), member, "responseElements." + member) : Optional.empty();
    if (created.isEmpty()) {
      return List.of();
    }
    String path = "responseElements." + member + ".";
    Optional<String> arn = text(created.get(), "arn", path + "arn");
    Optional<String> uniqueId = text(created.get(), member.equals("user") ? "userId" : "roleId",
        path + (member.equals("user") ? "userId" : "roleId"));
    if (arn.isEmpty() || uniqueId.isEmpty() || Arns.parse(arn.get()).isEmpty()) {
      return List.of();
    }
    PrincipalKind kind = member.equals("user") ? PrincipalKind.IAM_USER : PrincipalKind.IAM_ROLE;
    return List.of(Principal.of(arn.get(), kind, Cloud.AWS).withAccount(Arns.accountOf(arn.get()).orElse(null))
        .withUniqueId(uniqueId.get()).withSourceType("responseElements." + member));
  }

  private static Optional<String> userIdentityAccount(JsonNode r) throws BadRecord {
    JsonNode ui = r.get("userIdentity");
    if (ui == null || !ui.isObject()) {
      return Optional.empty();
    }
    if (text(ui, "type", "userIdentity.type").filter("AWSAccount"::equals).isPresent()) {
      return Optional.empty(); // the caller's account, seen from the role owner: not the recipient
    }
    return text(ui, "accountId", "userIdentity.accountId").filter(a -> !a.equals("ANONYMOUS_PRINCIPAL"));
  }

  /**
   * {@code eventTime}; Logstash exports (OTRF Security-Datasets) drop it and keep {@code @timestamp}
   * instead, which is used only when {@code eventTime} is absent.
   */
  private static Instant eventTime(JsonNode r) throws BadRecord {
    String field = r.hasNonNull("eventTime") || !r.hasNonNull("@timestamp") ? "eventTime" : "@timestamp";
    Optional<String> text = text(r, field, field);
    if (text.isEmpty()) {
      throw notARecord(r).orElseGet(() -> BadRecord.missing("eventTime"));
    }
    return Times.iso(text.get()).orElseThrow(() -> new BadRecord("field " + field
        + ": expected an ISO-8601 time such as 2024-05-01T10:00:00Z, found a string that is not one"));
  }

  /**
   * Why an object without a time is something other than a broken CloudTrail record, when its keys
   * say so: "missing eventTime" would send the user looking for a field that was never meant to be there.
   */
  private static Optional<BadRecord> notARecord(JsonNode r) {
    if (r.has("eventID") || r.has("eventName")) {
      return Optional.empty();
    }
    if (r.has("logName") || r.has("protoPayload")) {
      return Optional.of(new BadRecord("a Cloud Audit Log entry (it has logName/protoPayload), not a CloudTrail "
          + "record: the file was read as CloudTrail because its first record is one; keep each cloud's records "
          + "in files of their own"));
    }
    if (r.has("EventId")) {
      return Optional.of(new BadRecord("a lookup-events item without CloudTrailEvent (the record as a JSON "
          + "string), so there is no record to read: export with `aws cloudtrail lookup-events --output json`, "
          + "whose items carry it"));
    }
    if (r.has("detail-type") || r.has("source")) {
      return Optional.of(new BadRecord("an EventBridge event without detail: the CloudTrail record it carries "
          + "is missing"));
    }
    return Optional.empty();
  }

  static boolean isIdentityEstablishing(String service, String operation) {
    if (service.equals(STS)) {
      return STS_ISSUERS.contains(operation);
    }
    return service.equals(SIGNIN) && (operation.equals("SwitchRole") || operation.equals("ConsoleLogin"));
  }

  private static Outcome outcome(JsonNode r) throws BadRecord {
    Optional<String> errorCode = text(r, "errorCode", "errorCode");
    Optional<String> errorMessage = text(r, "errorMessage", "errorMessage");
    if (errorCode.isPresent()) {
      return Outcome.failure(errorCode.get(), errorMessage.orElse(null));
    }
    if (errorMessage.isPresent()) {
      return new Outcome(false, Optional.empty(), errorMessage);
    }
    JsonNode resp = r.get("responseElements");
    if (resp != null && resp.isObject()) {
      for (String signIn : List.of("ConsoleLogin", "SwitchRole")) {
        JsonNode v = resp.get(signIn);
        if (v != null && v.isTextual() && v.textValue().equals("Failure")) {
          return new Outcome(false, Optional.empty(), Optional.of(signIn + ": Failure"));
        }
      }
    }
    return Outcome.SUCCESS;
  }

  private static List<ResourceRef> resources(JsonNode r) throws BadRecord {
    Optional<JsonNode> array = array(r, "resources", "resources");
    if (array.isEmpty()) {
      return List.of();
    }
    List<ResourceRef> out = new ArrayList<>();
    int i = 0;
    for (JsonNode res : array.get()) {
      String path = "resources[" + i++ + "]";
      if (!res.isObject()) {
        throw BadRecord.wrongType(path, "an object", res);
      }
      Optional<String> arn = text(res, "ARN", path + ".ARN").or(() -> textQuiet(res, "arn"))
          .or(() -> textQuiet(res, "ARNPrefix"));
      if (arn.isPresent()) {
        out.add(new ResourceRef(arn.get(), text(res, "type", path + ".type"), text(res, "accountId", path + ".accountId")));
      }
    }
    return out;
  }

  private static Optional<String> textQuiet(JsonNode obj, String field) {
    JsonNode v = obj.get(field);
    return v != null && v.isTextual() && !v.textValue().isBlank() ? Optional.of(v.textValue()) : Optional.empty();
  }

  // ---- hops -------------------------------------------------------------------------------------

  private static List<Hop> hops(JsonNode r, String service, String operation, Principal actor, Evidence evidence)
      throws BadRecord {
    if (service.equals(SIGNIN)) {
      return operation.equals("SwitchRole") ? switchRole(r, actor, evidence) : List.of();
    }
    Optional<JsonNode> resp = object(r, "responseElements", "responseElements");
    Optional<JsonNode> req = object(r, "requestParameters", "requestParameters");
    if (resp.isEmpty()) {
      return List.of();
    }
    JsonNode response = resp.get();
    Optional<JsonNode> credentials = object(response, "credentials", "responseElements.credentials");
    Optional<Credential> issued = text(credentials.orElse(null), "accessKeyId",
        "responseElements.credentials.accessKeyId").map(Credential::awsAccessKey);
    Optional<Instant> expiration = text(credentials.orElse(null), "expiration",
        "responseElements.credentials.expiration").flatMap(Times::expiration)
        .filter(t -> !t.isBefore(evidence.time()));
    Optional<String> sourceIdentity = text(req.orElse(null), "sourceIdentity", "requestParameters.sourceIdentity")
        .or(() -> textQuiet(response, "sourceIdentity"));
    switch (operation) {
      case "AssumeRole":
      case "AssumeRoleWithSAML":
      case "AssumeRoleWithWebIdentity": {
        Optional<JsonNode> aru = object(response, "assumedRoleUser", "responseElements.assumedRoleUser");
        Optional<String> arn = text(aru.orElse(null), "arn", "responseElements.assumedRoleUser.arn");
        if (arn.isEmpty()) {
          // some exports (OTRF's Logstash copy) keep the credentials but drop assumedRoleUser
          arn = sessionArnFromRequest(req);
        }
        if (arn.isEmpty()) {
          return List.of();
        }
        Principal to = session(arn.get(), text(aru.orElse(null), "assumedRoleId",
            "responseElements.assumedRoleUser.assumedRoleId"));
        Principal from = actor;
        HopMechanism mechanism;
        String audience = null;
        if (operation.equals("AssumeRole")) {
          mechanism = actor.kind() == PrincipalKind.AWS_SERVICE ? HopMechanism.SERVICE_ASSUMED_ROLE
              : HopMechanism.ASSUME_ROLE;
        } else if (operation.equals("AssumeRoleWithSAML")) {
          mechanism = HopMechanism.ASSUME_ROLE_WITH_SAML;
        } else {
          mechanism = HopMechanism.ASSUME_ROLE_WITH_WEB_IDENTITY;
          from = webIdentityCaller(r, response, actor);
          audience = textQuiet(response, "audience").orElse(null);
        }
        return List.of(hop(mechanism, from, to, evidence, issued, expiration, sourceIdentity, audience));
      }
      case "GetFederationToken": {
        Optional<JsonNode> fu = object(response, "federatedUser", "responseElements.federatedUser");
        Optional<String> arn = text(fu.orElse(null), "arn", "responseElements.federatedUser.arn");
        if (arn.isEmpty()) {
          return List.of();
        }
        Principal to = Principal.of(arn.get(), PrincipalKind.FEDERATED_USER, Cloud.AWS)
            .withAccount(Arns.accountOf(arn.get()).orElse(null))
            .withUniqueId(textQuiet(fu.get(), "federatedUserId").orElse(null));
        return List.of(hop(HopMechanism.GET_FEDERATION_TOKEN, actor, to, evidence, issued, expiration,
            sourceIdentity, null));
      }
      case "GetSessionToken":
        if (issued.isEmpty()) {
          return List.of();
        }
        return List.of(hop(HopMechanism.GET_SESSION_TOKEN, actor, actor, evidence, issued, expiration, sourceIdentity,
            null));
      default:
        return List.of();
    }
  }

  /**
   * {@code arn:aws:sts::A:assumed-role/NAME/SESSION} from {@code requestParameters.roleArn}
   * ({@code arn:aws:iam::A:role/[path/]NAME}) and {@code roleSessionName}: the documented form of a
   * session ARN, which carries the role name without its path.
   */
  private static Optional<String> sessionArnFromRequest(Optional<JsonNode> req) throws BadRecord {
    Optional<String> roleArn = text(req.orElse(null), "roleArn", "requestParameters.roleArn");
    Optional<String> sessionName = text(req.orElse(null), "roleSessionName", "requestParameters.roleSessionName");
    if (roleArn.isEmpty() || sessionName.isEmpty()) {
      return Optional.empty();
    }
    Optional<software.amazon.awssdk.arns.Arn> role = Arns.parse(roleArn.get());
    if (role.isEmpty() || !role.get().service().equals("iam") || role.get().accountId().isEmpty()
        || !role.get().resourceAsString().startsWith("role/")) {
      return Optional.empty();
    }
    String resource = role.get().resourceAsString();
    String roleName = resource.substring(resource.lastIndexOf('/') + 1);
    return Optional.of("arn:" + role.get().partition() + ":sts::" + role.get().accountId().get() + ":assumed-role/"
        + roleName + "/" + sessionName.get());
  }

  private static Principal session(String arn, Optional<String> assumedRoleId) {
    Principal p = Arns.principal(arn).orElseGet(() -> Principal.of(arn, PrincipalKind.ROLE_SESSION, Cloud.AWS));
    if (p.kind() != PrincipalKind.ROLE_SESSION) {
      p = new Principal(p.id(), PrincipalKind.ROLE_SESSION, p.cloud(), p.account(), p.uniqueId(), p.sourceType());
    }
    return p.withUniqueId(assumedRoleId.orElse(null));
  }

  /** The OIDC subject of AssumeRoleWithWebIdentity: {@code <provider>:<sub>}, never split from principalId. */
  private static Principal webIdentityCaller(JsonNode r, JsonNode response, Principal actor) throws BadRecord {
    JsonNode ui = r.get("userIdentity");
    JsonNode uiObj = ui != null && ui.isObject() ? ui : null;
    Optional<String> provider = text(uiObj, "identityProvider", "userIdentity.identityProvider")
        .or(() -> textQuiet(response, "provider"));
    Optional<String> sub = textQuiet(response, "subjectFromWebIdentityToken")
        .or(() -> textQuiet(uiObj == null ? response : uiObj, "userName"));
    if (provider.isEmpty() || sub.isEmpty()) {
      return actor;
    }
    return Identities.webIdentityUser(provider.get(), sub.get())
        .withAccount(actor.account().orElse(null))
        .withSourceType(actor.sourceType().orElse(null));
  }

  private static List<Hop> switchRole(JsonNode r, Principal actor, Evidence evidence) throws BadRecord {
    Optional<JsonNode> extra = object(r, "additionalEventData", "additionalEventData");
    Optional<String> switchFrom = text(extra.orElse(null), "SwitchFrom", "additionalEventData.SwitchFrom");
    if (switchFrom.isEmpty()) {
      return List.of();
    }
    JsonNode resp = r.get("responseElements");
    if (resp != null && resp.isObject() && resp.has("SwitchRole")
        && !textQuiet(resp, "SwitchRole").filter("Success"::equals).isPresent()) {
      return List.of();
    }
    Principal from = Arns.principal(switchFrom.get())
        .orElseGet(() -> Principal.of(switchFrom.get(), PrincipalKind.UNKNOWN, Cloud.AWS));
    return List.of(Hop.builder(HopMechanism.SWITCH_ROLE, from, actor, evidence)
        .strength(Strength.ASSERTED, "signin.amazonaws.com recorded SwitchFrom " + switchFrom.get()
            + " for this console role switch")
        .build());
  }

  private static Hop hop(HopMechanism mechanism, Principal from, Principal to, Evidence evidence,
      Optional<Credential> issued, Optional<Instant> validUntil, Optional<String> sourceIdentity, String audience) {
    Hop.Builder b = Hop.builder(mechanism, from, to, evidence);
    issued.ifPresent(b::issued);
    validUntil.ifPresent(b::validUntil);
    sourceIdentity.ifPresent(b::sourceIdentity);
    if (audience != null) {
      b.audience(audience);
    }
    return b.build();
  }
}
