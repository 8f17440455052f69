package dev.crosstrail.aws;

import static dev.crosstrail.aws.Fields.flag;
import static dev.crosstrail.aws.Fields.object;
import static dev.crosstrail.aws.Fields.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crosstrail.model.Cloud;
import dev.crosstrail.model.Credential;
import dev.crosstrail.model.Principal;
import dev.crosstrail.model.PrincipalKind;
import dev.crosstrail.model.SessionContext;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Maps {@code userIdentity} (docs/DOMAIN.md §2) to the actor, its credential and its session facts. */
final class Identities {

  /** The id of a caller the record does not identify. */
  static final String ANONYMOUS_ID = "anonymous";
  /** What AWS writes as the user name of a failed console sign-in whose user name does not exist. */
  static final String HIDDEN_USER_NAME = "HIDDEN_DUE_TO_SECURITY_REASONS";

  private Identities() {}

  /** Who acted, with what, in which session. */
  record Actor(Principal principal, Optional<Credential> credential, Optional<SessionContext> session) {}

  static Actor actor(JsonNode record) throws BadRecord {
    boolean fromConsole = flag(record, "sessionCredentialFromConsole", "sessionCredentialFromConsole");
    JsonNode ui = record.get("userIdentity");
    if (ui == null || ui.isNull() || (ui.isObject() && ui.isEmpty())) {
      return new Actor(anonymous(Optional.empty()), Optional.empty(), console(fromConsole));
    }
    if (!ui.isObject()) {
      throw BadRecord.wrongType("userIdentity", "an object", ui);
    }
    Optional<String> type = text(ui, "type", "userIdentity.type");
    Principal principal = principal(ui, type, record);
    Optional<Credential> credential = text(ui, "accessKeyId", "userIdentity.accessKeyId").map(Credential::awsAccessKey);
    return new Actor(principal, credential, session(ui, fromConsole));
  }

  private static Optional<SessionContext> console(boolean fromConsole) {
    if (!fromConsole) {
      return Optional.empty();
    }
    SessionContext n = SessionContext.NONE;
    return Optional.of(new SessionContext(n.issuer(), n.issuedAt(), false, n.sourceIdentity(), n.webIdentityProvider(),
        n.webIdentityAttributes(), n.invokedBy(), n.onBehalfOf(), true, n.ec2RoleDelivery()));
  }

  private static Principal anonymous(Optional<String> type) {
    return new Principal(ANONYMOUS_ID, PrincipalKind.ANONYMOUS, Cloud.AWS, Optional.empty(), Optional.empty(), type);
  }

  static Principal principal(JsonNode ui, Optional<String> type, JsonNode record) throws BadRecord {
    Optional<String> arn = text(ui, "arn", "userIdentity.arn");
    Optional<String> principalId = text(ui, "principalId", "userIdentity.principalId");
    Optional<String> accountId = text(ui, "accountId", "userIdentity.accountId");
    Optional<String> userName = text(ui, "userName", "userIdentity.userName");
    Optional<String> invokedBy = text(ui, "invokedBy", "userIdentity.invokedBy");
    Optional<String> provider = text(ui, "identityProvider", "userIdentity.identityProvider");
    String partition = Arns.partition(arn);
    if (accountId.filter("ANONYMOUS_PRINCIPAL"::equals).isPresent()) {
      return anonymous(type);
    }
    Optional<Principal> known = Optional.empty();
    if (type.isEmpty()) {
      // Some service events (AwsServiceEvent) carry only accountId and invokedBy.
      known = invokedBy.map(s -> Principal.of(s, PrincipalKind.AWS_SERVICE, Cloud.AWS));
    } else {
      switch (type.get()) {
        case "Root":
          known = arn.isPresent() ? arn.map(a -> withKind(a, PrincipalKind.AWS_ACCOUNT))
              : accountId.map(a -> Arns.account(partition, a));
          break;
        case "IAMUser":
          if (arn.isEmpty() && userName.filter(HIDDEN_USER_NAME::equals).isPresent()) {
            // a failed console sign-in with a user name that does not exist: AWS hides what was typed, so the
            // caller is no IAM user of the account (a password spray reads as one user otherwise)
            known = Optional.of(Principal.of("unknown:" + accountId.map(a -> a + ":").orElse("") + HIDDEN_USER_NAME,
                PrincipalKind.UNKNOWN, Cloud.AWS));
            break;
          }
          known = arn.isPresent() ? arn.map(a -> withKind(a, PrincipalKind.IAM_USER))
              : accountId.flatMap(a -> userName.map(u -> Principal.of("arn:" + partition + ":iam::" + a + ":user/" + u,
                  PrincipalKind.IAM_USER, Cloud.AWS)));
          break;
        case "AssumedRole":
          known = arn.map(a -> withKind(a, PrincipalKind.ROLE_SESSION));
          break;
        case "Role":
          known = arn.map(a -> withKind(a, PrincipalKind.IAM_ROLE));
          break;
        case "FederatedUser":
          known = arn.map(a -> withKind(a, PrincipalKind.FEDERATED_USER));
          break;
        case "AWSAccount":
          known = accountId.map(a -> Arns.account(partition, a));
          break;
        case "AWSService":
          known = invokedBy.map(s -> Principal.of(s, PrincipalKind.AWS_SERVICE, Cloud.AWS));
          break;
        case "Directory":
          known = firstOf(arn, principalId, userName).map(id -> Principal.of(id, PrincipalKind.IDENTITY_CENTER_USER,
              Cloud.AWS));
          break;
        case "IdentityCenterUser": {
          Optional<JsonNode> onBehalfOf = object(ui, "onBehalfOf", "userIdentity.onBehalfOf");
          Optional<String> userId = text(onBehalfOf.orElse(null), "userId", "userIdentity.onBehalfOf.userId");
          Optional<String> storePartition = text(onBehalfOf.orElse(null), "identityStoreArn",
              "userIdentity.onBehalfOf.identityStoreArn").map(s -> Arns.partition(Optional.of(s)));
          known = arn.isPresent()
              ? arn.map(a -> Principal.of(a, PrincipalKind.IDENTITY_CENTER_USER, Cloud.AWS))
              : userId.map(u -> Principal.of("arn:" + storePartition.orElse(partition) + ":identitystore:::user/" + u,
                  PrincipalKind.IDENTITY_CENTER_USER, Cloud.AWS).withUniqueId(u));
          break;
        }
        case "SAMLUser": {
          Optional<String> samlProvider = provider.or(() -> requestText(record, "principalArn"));
          Optional<String> subject = userName.or(() -> responseText(record, "subject"));
          if (samlProvider.isPresent() && subject.isPresent()) {
            known = Optional.of(Principal.of(samlProvider.get() + ":" + subject.get(), PrincipalKind.SAML_USER, Cloud.AWS));
          }
          break;
        }
        case "WebIdentityUser": {
          Optional<String> p = provider.or(() -> responseText(record, "provider"));
          Optional<String> sub = userName.or(() -> responseText(record, "subjectFromWebIdentityToken"));
          if (p.isPresent() && sub.isPresent()) {
            return webIdentityUser(p.get(), sub.get()).withAccount(accountId.orElse(null)).withSourceType(type.get());
          }
          break;
        }
        default:
          break;
      }
    }
    Principal p = known.orElseGet(() -> fallback(arn, principalId, userName, accountId));
    if (p.account().isEmpty()) {
      Optional<String> account = arn.flatMap(Arns::accountOf).or(() -> accountId);
      p = p.withAccount(account.orElse(null));
    }
    if (p.uniqueId().isEmpty() && p.kind() != PrincipalKind.AWS_SERVICE) {
      p = p.withUniqueId(principalId.orElse(null));
    }
    return p.withSourceType(type.orElse(null));
  }

  /** A web-identity subject: {@code accounts.google.com:100000000000000000001}, unique id = the {@code sub}. */
  static Principal webIdentityUser(String provider, String sub) {
    return Principal.of(provider + ":" + sub, PrincipalKind.WEB_IDENTITY_USER, Cloud.AWS).withUniqueId(sub);
  }

  private static Principal withKind(String arn, PrincipalKind kind) {
    return Principal.of(arn, kind, Cloud.AWS).withAccount(Arns.accountOf(arn).orElse(null));
  }

  /** An identity type crosstrail does not know (or a known one without its usual fields): never fail. */
  private static Principal fallback(Optional<String> arn, Optional<String> principalId, Optional<String> userName,
      Optional<String> accountId) {
    // Older Identity Center sign-in records say type Unknown, principalId = the account id and userName
    // = the person: naming the actor after the account alone would lose who signed in.
    boolean principalIdIsTheAccount = principalId.isPresent() && principalId.equals(accountId);
    if (arn.isEmpty() && userName.isPresent() && (principalId.isEmpty() || principalIdIsTheAccount)) {
      String id = "unknown:" + accountId.map(a -> a + ":").orElse("") + userName.get();
      return Principal.of(id, PrincipalKind.UNKNOWN, Cloud.AWS).withAccount(accountId.orElse(null));
    }
    String id = firstOf(arn, principalId, userName).or(() -> accountId.map(a -> "unknown:" + a)).orElse("unknown");
    return Principal.of(id, PrincipalKind.UNKNOWN, Cloud.AWS).withAccount(accountId.orElse(null));
  }

  @SafeVarargs
  private static Optional<String> firstOf(Optional<String>... candidates) {
    for (Optional<String> c : candidates) {
      if (c.isPresent()) {
        return c;
      }
    }
    return Optional.empty();
  }

  private static Optional<String> requestText(JsonNode record, String field) {
    JsonNode req = record.get("requestParameters");
    JsonNode v = req == null ? null : req.get(field);
    return v != null && v.isTextual() && !v.textValue().isBlank() ? Optional.of(v.textValue()) : Optional.empty();
  }

  private static Optional<String> responseText(JsonNode record, String field) {
    JsonNode resp = record.get("responseElements");
    JsonNode v = resp == null ? null : resp.get(field);
    return v != null && v.isTextual() && !v.textValue().isBlank() ? Optional.of(v.textValue()) : Optional.empty();
  }

  private static Optional<SessionContext> session(JsonNode ui, boolean fromConsole) throws BadRecord {
    Optional<JsonNode> sc = object(ui, "sessionContext", "userIdentity.sessionContext");
    Optional<String> invokedBy = text(ui, "invokedBy", "userIdentity.invokedBy");
    Optional<JsonNode> onBehalfOfNode = object(ui, "onBehalfOf", "userIdentity.onBehalfOf");
    Optional<String> onBehalfOf = text(onBehalfOfNode.orElse(null), "userId", "userIdentity.onBehalfOf.userId");
    if (sc.isEmpty() && invokedBy.isEmpty() && onBehalfOf.isEmpty() && !fromConsole) {
      return Optional.empty();
    }
    JsonNode ctx = sc.orElse(null);
    Optional<Principal> issuer = Optional.empty();
    Optional<JsonNode> issuerNode = object(ctx, "sessionIssuer", "userIdentity.sessionContext.sessionIssuer");
    if (issuerNode.isPresent() && !issuerNode.get().isEmpty()) {
      issuer = issuer(issuerNode.get());
    }
    Optional<JsonNode> attributes = object(ctx, "attributes", "userIdentity.sessionContext.attributes");
    Optional<Instant> issuedAt = Optional.empty();
    Optional<String> creationDate = text(attributes.orElse(null), "creationDate",
        "userIdentity.sessionContext.attributes.creationDate");
    if (creationDate.isPresent()) {
      issuedAt = Times.creationDate(creationDate.get());
      if (issuedAt.isEmpty()) {
        throw new BadRecord("field userIdentity.sessionContext.attributes.creationDate: expected a time such as "
            + "2018-11-16T15:14:56Z or 20131102T010628Z, found a string that is neither");
      }
    }
    boolean mfa = flag(attributes.orElse(null), "mfaAuthenticated",
        "userIdentity.sessionContext.attributes.mfaAuthenticated");
    Optional<String> sourceIdentity = text(ctx, "sourceIdentity", "userIdentity.sessionContext.sourceIdentity");
    Optional<JsonNode> web = object(ctx, "webIdFederationData", "userIdentity.sessionContext.webIdFederationData");
    Optional<String> webProvider = text(web.orElse(null), "federatedProvider",
        "userIdentity.sessionContext.webIdFederationData.federatedProvider");
    Map<String, String> webAttributes = new LinkedHashMap<>();
    Optional<JsonNode> webAttrNode = object(web.orElse(null), "attributes",
        "userIdentity.sessionContext.webIdFederationData.attributes");
    if (webAttrNode.isPresent()) {
      for (Map.Entry<String, JsonNode> e : webAttrNode.get().properties()) {
        if (!e.getValue().isNull()) {
          webAttributes.put(e.getKey(), e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString());
        }
      }
    }
    Optional<String> ec2RoleDelivery = text(ctx, "ec2RoleDelivery", "userIdentity.sessionContext.ec2RoleDelivery");
    return Optional.of(new SessionContext(issuer, issuedAt, mfa, sourceIdentity, webProvider, webAttributes, invokedBy,
        onBehalfOf, fromConsole, ec2RoleDelivery));
  }

  /** {@code sessionIssuer}: the role of a role session, the IAM user of a federated user; its ARN kept as given. */
  private static Optional<Principal> issuer(JsonNode node) throws BadRecord {
    String path = "userIdentity.sessionContext.sessionIssuer";
    Optional<String> type = text(node, "type", path + ".type");
    Optional<String> arn = text(node, "arn", path + ".arn");
    Optional<String> principalId = text(node, "principalId", path + ".principalId");
    Optional<String> accountId = text(node, "accountId", path + ".accountId");
    if (arn.isEmpty()) {
      return Optional.empty();
    }
    Principal p = Arns.principal(arn.get()).orElseGet(() -> Principal.of(arn.get(), kindOfIssuer(type), Cloud.AWS));
    if (p.kind() == PrincipalKind.UNKNOWN) {
      p = new Principal(p.id(), kindOfIssuer(type), p.cloud(), p.account(), p.uniqueId(), p.sourceType());
    }
    if (p.account().isEmpty()) {
      p = p.withAccount(accountId.orElse(null));
    }
    return Optional.of(p.withUniqueId(principalId.orElse(null)).withSourceType(type.orElse(null)));
  }

  private static PrincipalKind kindOfIssuer(Optional<String> type) {
    if (type.isEmpty()) {
      return PrincipalKind.UNKNOWN;
    }
    switch (type.get()) {
      case "Role":
        return PrincipalKind.IAM_ROLE;
      case "IAMUser":
        return PrincipalKind.IAM_USER;
      case "Root":
        return PrincipalKind.AWS_ACCOUNT;
      default:
        return PrincipalKind.UNKNOWN;
    }
  }
}
