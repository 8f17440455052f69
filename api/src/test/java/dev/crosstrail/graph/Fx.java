package dev.crosstrail.graph;

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
import dev.crosstrail.model.SessionContext;
import dev.crosstrail.model.Strength;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Test-only fixture builder: AuditEvents shaped exactly like the AWS and GCP normalizers emit them
 * (principal ids, kinds, hops), so graph tests stay readable.
 */
final class Fx {

  private Fx() {}

  static Instant t(String iso) {
    return Instant.parse(iso);
  }

  // ------------------------------------------------------------ principals

  static Principal user(String acct, String name) {
    return Principal.of("arn:aws:iam::" + acct + ":user/" + name, PrincipalKind.IAM_USER, Cloud.AWS)
        .withAccount(acct).withSourceType("IAMUser");
  }

  static Principal role(String acct, String name) {
    return Principal.of("arn:aws:iam::" + acct + ":role/" + name, PrincipalKind.IAM_ROLE, Cloud.AWS)
        .withAccount(acct);
  }

  static Principal session(String acct, String role, String name) {
    return Principal.of("arn:aws:sts::" + acct + ":assumed-role/" + role + "/" + name, PrincipalKind.ROLE_SESSION,
        Cloud.AWS).withAccount(acct).withSourceType("AssumedRole");
  }

  /** The caller as the role owner's copy of a cross-account AssumeRole shows it. */
  static Principal awsAccount(String acct, String principalId) {
    return Principal.of("arn:aws:iam::" + acct + ":root", PrincipalKind.AWS_ACCOUNT, Cloud.AWS).withAccount(acct)
        .withUniqueId(principalId).withSourceType("AWSAccount");
  }

  static Principal service(String name) {
    return Principal.of(name, PrincipalKind.AWS_SERVICE, Cloud.AWS).withSourceType("AWSService");
  }

  static Principal webIdentity(String sub) {
    return Principal.of("accounts.google.com:" + sub, PrincipalKind.WEB_IDENTITY_USER, Cloud.AWS).withUniqueId(sub)
        .withSourceType("WebIdentityUser");
  }

  static Principal googleUser(String email) {
    return Principal.of("user:" + email, PrincipalKind.GOOGLE_USER, Cloud.GCP);
  }

  static Principal sa(String email) {
    return Principal.of("serviceAccount:" + email, PrincipalKind.SERVICE_ACCOUNT, Cloud.GCP);
  }

  static Principal sa(String email, String uniqueId) {
    return sa(email).withUniqueId(uniqueId);
  }

  static Principal federated(String projectNumber, String pool, String subject) {
    return Principal.of("principal://iam.googleapis.com/projects/" + projectNumber + "/locations/global/"
        + "workloadIdentityPools/" + pool + "/subject/" + subject, PrincipalKind.FEDERATED_PRINCIPAL, Cloud.GCP);
  }

  /** An AWS session ARN as a GCP actor or ExchangeToken subject (seed 004). */
  static Principal bareArnOnGcp(String arn) {
    return Principal.of(arn, PrincipalKind.FEDERATED_PRINCIPAL, Cloud.GCP);
  }

  static Principal awsSubject(String sessionArn) {
    return Principal.of(sessionArn, PrincipalKind.ROLE_SESSION, Cloud.AWS)
        .withAccount(sessionArn.split(":")[4]);
  }

  // ------------------------------------------------------------ queries

  /** The attribution of a retained record, which must exist, checked against the chain invariants. */
  static Attribution traced(PrincipalGraph g, String eventId) {
    return Invariants.check(g.trace(eventId).orElseThrow(() -> new AssertionError("no record " + eventId)));
  }

  // ------------------------------------------------------------ events

  static EventBuilder aws(String id, String time, String service, String operation, Principal actor) {
    return new EventBuilder(Cloud.AWS, id, t(time), service, operation, actor);
  }

  static EventBuilder gcp(String id, String time, String service, String operation, Principal actor) {
    return new EventBuilder(Cloud.GCP, id, t(time), service, operation, actor).category("activity");
  }

  /** AssumeRole by {@code caller}, issuing {@code key} for {@code session}, valid one hour. */
  static EventBuilder assumeRole(String id, String time, Principal caller, Principal session, String key) {
    return aws(id, time, "sts.amazonaws.com", "AssumeRole", caller)
        .issues(HopMechanism.ASSUME_ROLE, caller, session, key, Duration.ofHours(1))
        .resource(Ids.roleOfSession(session.id()).orElseThrow());
  }

  /** An ordinary AWS call made with a temporary key by a session issued at {@code issuedAt}. */
  static EventBuilder awsCall(String id, String time, Principal actor, String operation) {
    return aws(id, time, "s3.amazonaws.com", operation, actor);
  }

  static EventBuilder switchRole(String id, String time, Principal from, Principal session) {
    EventBuilder b = aws(id, time, "signin.amazonaws.com", "SwitchRole", session).category("AwsConsoleSignIn");
    b.hopAsserted(HopMechanism.SWITCH_ROLE, from, session, "additionalEventData.SwitchFrom", null);
    return b;
  }

  static EventBuilder webIdentityLogin(String id, String time, String sub, Principal session, String key,
      String audience) {
    Principal web = webIdentity(sub);
    EventBuilder b = aws(id, time, "sts.amazonaws.com", "AssumeRoleWithWebIdentity", web);
    b.issues(HopMechanism.ASSUME_ROLE_WITH_WEB_IDENTITY, web, session, key, Duration.ofMinutes(15));
    b.lastAudience(audience);
    return b;
  }

  static EventBuilder generateIdToken(String id, String time, Principal caller, Principal sa, String audience) {
    EventBuilder b = gcp(id, time, "iamcredentials.googleapis.com",
        "GenerateIdToken", caller).category("data_access");
    b.tokenHop(HopMechanism.GENERATE_ID_TOKEN, caller, sa, audience);
    return b;
  }

  static EventBuilder generateAccessToken(String id, String time, Principal caller, Principal sa) {
    EventBuilder b = gcp(id, time, "iamcredentials.googleapis.com",
        "GenerateAccessToken", caller).category("data_access");
    b.tokenHop(HopMechanism.GENERATE_ACCESS_TOKEN, caller, sa, null);
    return b;
  }

  /** ExchangeToken whose subject is {@code subject}, producing {@code federatedPrincipal}; actor as GCP logs it. */
  static EventBuilder exchangeToken(String id, String time, Principal actor, Principal subject, Principal federatedPrincipal) {
    EventBuilder b = gcp(id, time, "sts.googleapis.com", "google.identity.sts.v1.SecurityTokenService.ExchangeToken",
        actor).category("data_access");
    b.hopAsserted(HopMechanism.TOKEN_EXCHANGE, subject, federatedPrincipal, "ExchangeToken principalSubject",
        Duration.ofHours(1));
    return b;
  }

  /** A mutable builder of one AuditEvent; every setter mirrors one normalizer field. */
  static final class EventBuilder {
    private final Cloud cloud;
    private final String id;
    private final Instant time;
    private final String service;
    private final String operation;
    private final Principal actor;
    private Credential credential;
    private Instant issuedAt;
    private Principal issuer;
    private String sourceIdentity;
    private boolean console;
    private String ec2RoleDelivery;
    private final Map<String, String> webIdentityAttributes = new LinkedHashMap<>();
    private final List<Hop> hops = new ArrayList<>();
    private final List<ResourceRef> resources = new ArrayList<>();
    private final List<Principal> named = new ArrayList<>();
    private Outcome outcome = Outcome.SUCCESS;
    private boolean identity;
    private String shared;
    private String category;

    EventBuilder(Cloud cloud, String id, Instant time, String service, String operation, Principal actor) {
      this.cloud = cloud;
      this.id = id;
      this.time = time;
      this.service = service;
      this.operation = operation;
      this.actor = actor;
      this.category = cloud == Cloud.AWS ? "AwsApiCall" : "activity";
    }

    /** The caller's access key ({@code userIdentity.accessKeyId}). */
    EventBuilder key(String accessKeyId) {
      credential = Credential.awsAccessKey(accessKeyId);
      return this;
    }

    /** {@code sessionContext.attributes.creationDate}; the issuer is the session's role. */
    EventBuilder issuedAt(String creationDate) {
      issuedAt = t(creationDate);
      Ids.roleOfSession(actor.id()).ifPresent(r -> issuer = Principal.of(r, PrincipalKind.IAM_ROLE, Cloud.AWS)
          .withAccount(Ids.account(r).orElseThrow()));
      return this;
    }

    /**
     * {@code creationDate} and the {@code sessionIssuer} as the normalizer emits it: the session's role
     * with its principal id ({@code AROA…}) as unique id and source type {@code Role}.
     */
    EventBuilder issuedAt(String creationDate, String issuerPrincipalId) {
      issuedAt(creationDate);
      issuer = issuer.withUniqueId(issuerPrincipalId).withSourceType("Role");
      return this;
    }

    /** {@code sessionContext.sessionIssuer} as the record writes it (a role with its path, say). */
    EventBuilder issuer(Principal role) {
      issuer = role;
      return this;
    }

    EventBuilder sourceIdentity(String si) {
      sourceIdentity = si;
      return this;
    }

    /** {@code sessionContext.webIdFederationData.attributes} of a web-identity session's call. */
    EventBuilder webIdentityAttribute(String name, String value) {
      webIdentityAttributes.put(name, value);
      return this;
    }

    EventBuilder console() {
      console = true;
      return this;
    }

    /** {@code sessionContext.ec2RoleDelivery}: the credentials came from EC2 instance metadata. */
    EventBuilder instanceMetadata(String version) {
      ec2RoleDelivery = version;
      return this;
    }

    EventBuilder saKey(String keyName) {
      credential = Credential.of(CredentialKind.GCP_SERVICE_ACCOUNT_KEY, keyName);
      return this;
    }

    EventBuilder shared(String sharedEventId) {
      shared = sharedEventId;
      return this;
    }

    EventBuilder category(String c) {
      category = c;
      return this;
    }

    EventBuilder resource(String r) {
      resources.add(ResourceRef.of(r));
      return this;
    }

    /** A failed identity-establishing call: no hops. */
    EventBuilder denied(String errorCode) {
      outcome = Outcome.failure(errorCode, "not authorized");
      identity = true;
      hops.clear();
      return this;
    }

    EventBuilder issues(HopMechanism m, Principal from, Principal to, String key, Duration validity) {
      Hop.Builder b = Hop.builder(m, from, to, evidence()).validUntil(time.plus(validity));
      if (key != null) {
        b.issued(Credential.awsAccessKey(key));
      }
      if (sourceIdentity != null) {
        b.sourceIdentity(sourceIdentity);
      }
      hops.add(b.build());
      identity = true;
      return this;
    }

    /**
     * Drops the last hop's evidence. No normalizer does this today, but the model allows a hop with
     * no evidence, and the graph must not fill the hole with its own internal keys.
     */
    EventBuilder hopWithoutEvidence() {
      Hop h = hops.remove(hops.size() - 1);
      hops.add(new Hop(h.mechanism(), h.from(), h.to(), h.issued(), h.validFrom(), h.validUntil(), h.audience(),
          h.sourceIdentity(), List.of(), h.strength(), h.reason()));
      return this;
    }

    /** Sets the sourceIdentity the last hop set or propagated. */
    EventBuilder hopSourceIdentity(String si) {
      Hop h = hops.remove(hops.size() - 1);
      hops.add(new Hop(h.mechanism(), h.from(), h.to(), h.issued(), h.validFrom(), h.validUntil(), h.audience(),
          Optional.of(si), h.evidence(), h.strength(), h.reason()));
      return this;
    }

    void lastAudience(String audience) {
      if (audience == null) {
        return;
      }
      Hop h = hops.remove(hops.size() - 1);
      hops.add(new Hop(h.mechanism(), h.from(), h.to(), h.issued(), h.validFrom(), h.validUntil(),
          Optional.of(audience), h.sourceIdentity(), h.evidence(), h.strength(), h.reason()));
    }

    void hopAsserted(HopMechanism m, Principal from, Principal to, String reason, Duration validity) {
      Hop.Builder b = Hop.builder(m, from, to, evidence()).strength(Strength.ASSERTED, reason);
      if (validity != null) {
        b.validUntil(time.plus(validity));
      }
      hops.add(b.build());
      identity = true;
    }

    void tokenHop(HopMechanism m, Principal from, Principal to, String audience) {
      Hop.Builder b = Hop.builder(m, from, to, evidence()).validUntil(time.plus(Duration.ofHours(1)));
      if (audience != null) {
        b.audience(audience);
      }
      hops.add(b.build());
      identity = true;
    }

    /** serviceAccountDelegationInfo: {@code chain[0]} → … → the actor, asserted, evidence this entry. */
    EventBuilder delegation(Principal... chain) {
      List<Principal> all = new ArrayList<>(List.of(chain));
      all.add(actor);
      for (int i = 0; i + 1 < all.size(); i++) {
        hops.add(Hop.builder(HopMechanism.SERVICE_ACCOUNT_DELEGATION, all.get(i), all.get(i + 1), evidence())
            .strength(Strength.ASSERTED, "serviceAccountDelegationInfo").build());
      }
      return this;
    }

    Evidence evidence() {
      return new Evidence(cloud, id, time);
    }

    AuditEvent build() {
      Optional<SessionContext> session = Optional.empty();
      if (issuedAt != null || sourceIdentity != null || console || issuer != null
          || !webIdentityAttributes.isEmpty() || ec2RoleDelivery != null) {
        session = Optional.of(new SessionContext(Optional.ofNullable(issuer), Optional.ofNullable(issuedAt), false,
            Optional.ofNullable(sourceIdentity), webIdentityAttributes.isEmpty() ? Optional.empty()
                : Optional.of("accounts.google.com"), webIdentityAttributes, Optional.empty(), Optional.empty(),
            console, Optional.ofNullable(ec2RoleDelivery)));
      }
      return new AuditEvent(cloud, id, time, service, operation, actor, Optional.ofNullable(credential), session,
          Optional.empty(), Optional.empty(), actor.account(), Optional.of(cloud == Cloud.AWS ? "us-east-1" : "global"),
          resources, outcome, identity, hops, Optional.ofNullable(shared), Optional.ofNullable(category),
          new RecordLocation("test", 0, -1, -1), named);
    }

    /** A principal the record names with its cloud-given id (a CreateUser response, say). */
    EventBuilder names(Principal principal) {
      named.add(principal);
      return this;
    }
  }
}
