package dev.crosstrail.graph;

import dev.crosstrail.model.Cloud;
import dev.crosstrail.model.Credential;
import dev.crosstrail.model.CredentialKind;
import dev.crosstrail.model.Evidence;
import dev.crosstrail.model.Hop;
import dev.crosstrail.model.HopMechanism;
import dev.crosstrail.model.Principal;
import dev.crosstrail.model.PrincipalKind;
import dev.crosstrail.model.Strength;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Walks back from an actor to its origin through the graph's indexes, applying docs/DOMAIN.md §4 rules
 * 1–10. One instance per query; called under the graph's read lock.
 */
final class Resolver {

  static final Duration ID_TOKEN_LIFETIME = Duration.ofHours(1);
  /** The source type a GCP normalizer gives the external subject of an ExchangeToken. */
  static final String SUBJECT_SOURCE = "principalSubject";
  static final Duration FEDERATED_TOKEN_LIFETIME = Duration.ofHours(1);
  /** How long after a SwitchRole its console session may still be calling (the longest role session). */
  static final Duration CONSOLE_WINDOW = Duration.ofHours(12);
  /** creationDate and the issuing eventTime are the same second; allow for rounding. */
  static final Duration CREATION_TOLERANCE = Duration.ofSeconds(1);
  /**
   * How far a call's creationDate or time may stray from its key's issuing record before the two are said
   * to disagree: wide, so that clocks of two services a few seconds apart never raise it.
   */
  static final Duration DISAGREEMENT = Duration.ofMinutes(5);
  /** What to do about records that disagree ({@link Gap.Kind#RECORDS_DISAGREE}). */
  private static final String CHECK_RECORDS =
      "check the trail's log-file integrity (CloudTrail digest files) and where each record came from";
  /**
   * The longest any AWS temporary credential lives (GetSessionToken and GetFederationToken: 36 h; role
   * sessions at most 12 h): an issuance whose expiry the record does not show is not valid longer.
   */
  static final Duration MAX_AWS_CREDENTIAL_LIFETIME = Duration.ofHours(36);
  /** The longest a Google access token can be made to live (IAM Credentials, with the org policy that allows it). */
  static final Duration MAX_GCP_TOKEN_LIFETIME = Duration.ofHours(12);
  static final int MAX_DEPTH = 32;
  /** At most this many candidate chains are kept per answer; more are cut with a {@link Gap.Kind#CANDIDATES_CUT} gap. */
  static final int MAX_ALTERNATIVES = 16;
  /**
   * About this many answers are remembered across queries ({@link SessionMemo}; queries recording at
   * the same moment may each add one more); a full memo starts over. A session's calls come close together in a trail, so the sessions asked about recently are
   * the ones asked about next, and memory stays bounded: unbounded, the memo held one answer per
   * session of the trail (5M records: enough to make a 512 MiB run collect garbage most of the time).
   */
  static final int SESSION_MEMO_LIMIT = 4096;

  static final Set<HopMechanism> AWS_ISSUING = EnumSet.of(HopMechanism.ASSUME_ROLE,
      HopMechanism.ASSUME_ROLE_WITH_SAML, HopMechanism.ASSUME_ROLE_WITH_WEB_IDENTITY,
      HopMechanism.GET_FEDERATION_TOKEN, HopMechanism.GET_SESSION_TOKEN, HopMechanism.SERVICE_ASSUMED_ROLE,
      HopMechanism.IDENTITY_CENTER_SIGN_IN);

  private final DefaultPrincipalGraph g;
  private final Set<Mark> visiting = new HashSet<>();
  /**
   * Per query: the resolution of each issuance's caller, by issuance key. What {@link #follow} resolves
   * depends only on the issuance (its caller, its time, its audience), never on how it was reached, so
   * overlapping candidates that share an ancestor resolve it once instead of once per path. (Under a
   * cycle or at {@link #MAX_DEPTH} the first resolution, cut there, is the one reused; results stay
   * deterministic, as lookups are ordered by time and key.)
   */
  private final Map<String, Res> callers = new HashMap<>();

  /**
   * The marks every resolution step tried while a {@link SessionMemo} is being recorded (else null): a
   * remembered answer is only reused by a query whose own starting mark is not among them.
   */
  private Set<Mark> attempted;

  Resolver(DefaultPrincipalGraph g) {
    this.g = g;
  }

  /**
   * Where a step back starts: the time the principal acted, what its record said about its
   * credential and session, whether it was reached through a hop, and for a web-identity subject
   * the audience it presented. {@code slack} widens validity windows when the record that would
   * pin the time (ExchangeToken) is missing.
   */
  record Ctx(Instant time, Issuance.CallerContext caller, boolean viaHop, Optional<String> audience, Duration slack) {
    static Ctx of(Instant time, Issuance.CallerContext caller, boolean viaHop) {
      return new Ctx(time, caller, viaHop, Optional.empty(), Duration.ZERO);
    }

    Optional<String> temporaryKey() {
      return caller.credential().filter(c -> c.kind() == CredentialKind.AWS_TEMPORARY_ACCESS_KEY)
          .flatMap(Credential::id);
    }
  }

  /** A principal being resolved at a time, to stop at cycles (role A assumes B assumes A …). */
  private record Mark(Cloud cloud, String id, Instant time) {
    /** The enum by ordinal, as in {@link Principal#hashCode()}. */
    @Override
    public int hashCode() {
      return (31 * id.hashCode() + time.hashCode()) * 31 + cloud.ordinal();
    }
  }

  /** A session and the temporary access key an action used (rule 1). */
  record SessionKey(Principal session, String accessKey) {
  }

  /**
   * The answer for a session's actions found by their access key, shared across queries: most actions of
   * a trail are one of a few thousand sessions' calls, and this answer does not depend on the action's
   * time. It is exactly what a fresh query computes, because it is recorded and reused only at the
   * start of a query (depth 0, nothing resolved yet, only the actor's own mark visited): there each step
   * sees the same graph and the same resolver state, except for the actor's mark, which differs by the
   * action's time. So the answer is kept only when no step tried the recording query's own mark, and
   * reused only when no step tried the reusing query's mark ({@code attempted}). {@code callers} is what
   * the computation left in the query's issuance map, restored on reuse for later steps of that query.
   */
  record SessionMemo(Res answer, Set<Mark> attempted, Map<String, Res> callers) {
  }

  /** A partial attribution: origin and hops up to the principal resolved so far. */
  record Res(Principal origin, OriginKind kind, Optional<String> detail, List<Hop> hops, List<Gap> gaps,
      boolean undecided, List<Res> alternatives) {

    Res then(Hop h) {
      List<Hop> more = new ArrayList<>(hops);
      more.add(h);
      List<Res> alts = alternatives.stream().map(a -> a.then(h)).toList();
      return new Res(origin, kind, detail, more, gaps, undecided, alts);
    }

    Res withGaps(List<Gap> more) {
      if (more.isEmpty()) {
        return this;
      }
      Set<Gap> all = new LinkedHashSet<>(more);
      all.addAll(gaps);
      return new Res(origin, kind, detail, hops, List.copyOf(all), undecided,
          alternatives.stream().map(a -> a.withGaps(more)).toList());
    }
  }

  // ---------------------------------------------------------------- entry points

  Res resolveActor(Principal actor, Ctx c) {
    return resolve(actor, c, 0);
  }

  Attribution toAttribution(Evidence action, Principal actor, Res r) {
    List<Attribution> candidates = r.alternatives().stream().map(a -> build(action, actor, a, List.of())).toList();
    return build(action, actor, r, candidates);
  }

  private static Attribution build(Evidence action, Principal actor, Res r, List<Attribution> candidates) {
    IdentityPath path = new IdentityPath(r.origin(), actor, r.hops());
    Strength s = r.undecided() || isCut(r) ? Strength.UNKNOWN : path.strength();
    return new Attribution(action, actor, r.origin(), r.kind(), r.detail(), path, s,
        List.copyOf(new LinkedHashSet<>(r.gaps())), candidates);
  }

  // ---------------------------------------------------------------- dispatch

  private Res resolve(Principal raw, Ctx c, int depth) {
    g.resolverSteps.increment();
    Principal p = g.canon(raw);
    Mark mark = new Mark(p.cloud(), p.id(), c.time());
    if (attempted != null) {
      attempted.add(mark);
    }
    boolean walksOn = walksOn(p, c);
    if (walksOn && depth > MAX_DEPTH) {
      return cut(p, c, "the walk back stopped at " + p.id() + " (as of " + c.time() + "): the chain to it is longer"
          + " than " + MAX_DEPTH + " hops", "follow the chain on from " + p.id() + " by hand (crosstrail sessions /"
          + " trace of its issuing record); a chain this long is unusual");
    }
    boolean entered = visiting.add(mark);
    if (walksOn && !entered) {
      return cut(p, c, "the walk back stopped at " + p.id() + " (as of " + c.time() + "): the chain behind it"
          + " leads back to it, so the sessions in it issued each other's credentials", "check the issuing records"
          + " of the sessions in the chain: a loop means records are missing or were altered");
    }
    try {
      Res r;
      if (!walksOn) {
        r = origin(p, c);
      } else if (!c.caller().delegation().isEmpty()) {
        r = delegation(p, c, depth);
      } else {
        r = switch (p.kind()) {
          case ROLE_SESSION -> p.cloud() == Cloud.AWS ? awsSession(p, c, depth) : federated(p, c, depth);
          case FEDERATED_USER, IAM_USER -> awsSession(p, c, depth);
          case IAM_ROLE -> roleSubject(p, c, depth);
          case AWS_ACCOUNT -> accountSubject(p, c, depth);
          case WEB_IDENTITY_USER -> webIdentity(p, c, depth);
          case FEDERATED_PRINCIPAL -> federated(p, c, depth);
          default -> origin(p, c); // walksOn is false for every other kind
        };
      }
      Optional<Credential> key = c.caller().credential()
          .filter(k -> k.kind() == CredentialKind.GCP_SERVICE_ACCOUNT_KEY);
      if (key.isPresent()) {
        if (r.hops().isEmpty() && !r.undecided()) {
          // A user-managed key stands for whoever holds it: the account is where the trail ends, but
          // the human or workload behind it is not in the logs, so the origin is undecided (unknown strength,
          // as for an AWS session no record shows the obtaining of).
          r = new Res(r.origin(), OriginKind.UNKNOWN,
              Optional.of("whoever holds the key " + key.get().display()), r.hops(), r.gaps(), true,
              r.alternatives());
        }
        r = r.withGaps(List.of(new Gap(Gap.Kind.KEY_HOLDER_UNKNOWN,
            "key holder unknown: " + p.id() + " acted with the user-managed key " + key.get().display(),
            "find who created or downloaded the key (CreateServiceAccountKey in the Admin Activity log) and where"
                + " it is stored; prefer impersonation to keys")));
      }
      return r;
    } finally {
      if (entered) {
        visiting.remove(mark); // a principal that ends the walk may repeat a mark further up; that one stays
      }
    }
  }

  /** Whether the walk goes on behind {@code p} (a session, a federated identity, a delegation chain …). */
  private static boolean walksOn(Principal p, Ctx c) {
    if (!c.caller().delegation().isEmpty()) {
      return true;
    }
    return switch (p.kind()) {
      case ROLE_SESSION, FEDERATED_USER, WEB_IDENTITY_USER, FEDERATED_PRINCIPAL -> true;
      case IAM_USER -> c.temporaryKey().isPresent();
      case IAM_ROLE -> c.viaHop() || namedAsSubject(p);
      case AWS_ACCOUNT -> namedAsSubject(p);
      default -> false;
    };
  }

  /**
   * Whether an AWS role or account is a workload identity pool's subject as an ExchangeToken logged it
   * (a custom attribute mapping): a coarse name for whichever of its sessions exchanged.
   */
  static boolean namedAsSubject(Principal p) {
    return p.cloud() == Cloud.AWS && p.sourceType().filter(SUBJECT_SOURCE::equals).isPresent();
  }

  /**
   * Where a walk that would go on stops short (a loop, the depth limit): {@code p} is named as the
   * origin, but it is not where the chain began, so the answer's strength is {@link Strength#UNKNOWN}.
   */
  private Res cut(Principal p, Ctx c, String why, String remedy) {
    return origin(p, c).withGaps(List.of(new Gap(Gap.Kind.CHAIN_CUT, why, remedy)));
  }

  static boolean isCut(Res r) {
    return isCutGaps(r.gaps());
  }

  static boolean isCutGaps(List<Gap> gaps) {
    for (Gap gap : gaps) {
      if (gap.kind() == Gap.Kind.CHAIN_CUT) {
        return true;
      }
    }
    return false;
  }

  private Res origin(Principal p, Ctx c) {
    List<Gap> gaps = unnamed(p) ? List.of(unnamedCaller(p)) : List.of();
    return new Res(p, kindOf(p, c.viaHop()), Optional.empty(), List.of(), gaps, false, List.of());
  }

  /**
   * Whether the record leaves its caller unnamed: anonymous, a hidden sign-in name, or an unknown type
   * with no name (a bare account, a principal id, {@code unknown:ACCOUNT}). An unknown type that does
   * carry a name ({@code unknown:ACCOUNT:alice}, an Identity Center user, say) names its caller.
   */
  private static boolean unnamed(Principal p) {
    if (p.kind() == PrincipalKind.ANONYMOUS) {
      return true;
    }
    if (p.kind() != PrincipalKind.UNKNOWN) {
      return false;
    }
    if (p.id().endsWith("HIDDEN_DUE_TO_SECURITY_REASONS")) {
      return true;
    }
    // unknown:ACCOUNT:NAME carries the record's userName; a bare account, principal id or "unknown" does not
    return !(p.id().startsWith("unknown:") && p.id().indexOf(':', "unknown:".length()) > 0);
  }

  /** Why an anonymous or unknown caller ends the chain without saying who is behind it. */
  private static Gap unnamedCaller(Principal p) {
    if (p.kind() == PrincipalKind.ANONYMOUS) {
      return new Gap(Gap.Kind.CALLER_UNNAMED, "the record names no caller: an anonymous or unauthenticated call",
          "the source IP and user agent are the only leads; check the resource's policy for public access");
    }
    if (p.id().endsWith("HIDDEN_DUE_TO_SECURITY_REASONS")) {
      return new Gap(Gap.Kind.CALLER_UNNAMED, "AWS hides the user name of a failed console sign-in for a user that"
          + " does not exist", "correlate by source IP: many such failures from one address are a password spray");
    }
    return new Gap(Gap.Kind.CALLER_UNNAMED, "the record names its caller only as " + p.id(),
        "read the record's userIdentity (CloudTrail) or authenticationInfo (Cloud Audit Logs) by hand");
  }

  /**
   * The kind of an origin. An account principal's source type is the acting record's own (the graph
   * never merges it across records): {@code Root} is the root user, a person; {@code AWSAccount} is a
   * role owner's copy naming only the caller's account (rule 6).
   */
  static OriginKind kindOf(Principal p, boolean viaHop) {
    return switch (p.kind()) {
      case IAM_USER, GOOGLE_USER, SAML_USER, IDENTITY_CENTER_USER -> OriginKind.HUMAN;
      case AWS_ACCOUNT -> p.sourceType().map(t -> t.equals("Root") ? OriginKind.HUMAN
              : t.equals(Issuance.AWS_ACCOUNT_TYPE) ? OriginKind.ACCOUNT : null)
          .orElse(viaHop ? OriginKind.ACCOUNT : OriginKind.HUMAN);
      // Workforce Identity Federation signs in people (employees, partners) through their IdP;
      // workload identity pools federate machines
      case FEDERATED_PRINCIPAL -> p.id().contains("/workforcePools/") ? OriginKind.HUMAN : OriginKind.WORKLOAD;
      case SERVICE_ACCOUNT, WEB_IDENTITY_USER, IAM_ROLE -> OriginKind.WORKLOAD;
      case AWS_SERVICE -> OriginKind.SERVICE;
      default -> OriginKind.UNKNOWN;
    };
  }

  // ---------------------------------------------------------------- following one hop back

  /** The origin of an issuance: the hop itself, preceded by the resolution of its {@code from}. */
  Res follow(Issuance i, Strength weaken, String reason, int depth) {
    Hop h = g.merged(i);
    if (weaken != null) {
      h = weaken(h, weaken, reason);
    }
    if (h.mechanism() == HopMechanism.SERVICE_ASSUMED_ROLE) {
      Principal role = roleOf(h.to());
      Hop fromRole = withFrom(h, role);
      return new Res(role, OriginKind.WORKLOAD, Optional.of(Ids.lastSegment(h.to().id())), List.of(fromRole),
          List.of(), false, List.of());
    }
    if (i.ownerCopiesOnly()) {
      return callerAccount(h, i.raw().from(), depth);
    }
    // The hop's own sourceIdentity is not the caller's: a record that shows its caller's session without one
    // says the caller set it on this call, naming nobody before the caller. (A role owner's copy, which does
    // not show the caller's session, went to callerAccount above.)
    Issuance.CallerContext caller = i.primary().caller();
    Optional<String> audience = h.mechanism() == HopMechanism.ASSUME_ROLE_WITH_WEB_IDENTITY
        ? g.presentedAudience(h) : Optional.empty();
    Res back = callers.get(i.key);
    if (back == null) {
      Ctx next = new Ctx(h.validFrom(), caller, true, audience, Duration.ZERO);
      back = resolve(h.from(), next, depth + 1);
      callers.put(i.key, back);
    }
    return back.then(h);
  }

  /**
   * Rule 6 for the role owner's copy itself, when the caller's copy is not in the logs: the record
   * names its caller only as an account and a principal id. When the principal id resolves (a
   * directory, a CreateUser record), this record asserts who the caller was; either way the caller
   * account's trail is the gap.
   */
  Res ownerCopyActor(Principal recorded, Evidence record, Optional<String> sourceIdentity) {
    String acct = accountOf(recorded);
    NamedCaller caller = namedCaller(recorded, acct);
    List<Gap> gaps = caller.gaps(new Gap(Gap.Kind.CALLER_TRAIL_MISSING,
        "caller account's trail missing: record " + record.eventId() + " is the role owner's copy and names"
            + " its caller only as account " + acct, collectTrailOf(acct)));
    Optional<Res> throughSession = throughCallerSession(recorded, caller, acct, record.time(),
        session -> new Hop(HopMechanism.SAME_IDENTITY, session, recorded, Optional.empty(), record.time(),
            Optional.empty(), Optional.empty(), Optional.empty(), List.of(record), Strength.ASSERTED,
            Optional.of(callerSessionReason(recorded, session))), gaps, 0);
    if (throughSession.isPresent()) {
      return throughSession.get();
    }
    List<Hop> hops = new ArrayList<>(2);
    if (caller.reason().isPresent()) {
      hops.add(new Hop(HopMechanism.SAME_IDENTITY, caller.principal(), recorded, Optional.empty(), record.time(),
          Optional.empty(), Optional.empty(), Optional.empty(), List.of(record), Strength.ASSERTED, caller.reason()));
    }
    if (sourceIdentity.isPresent() && (caller.reason().isEmpty() || caller.principal().kind() == PrincipalKind.IAM_ROLE)) {
      return beforeCallerAccount(sourceIdentity.get(), caller.principal(), acct, record.time(), List.of(record),
          " " + record.eventId(), hops, gaps, 0);
    }
    return new Res(caller.principal(), caller.kind(), Optional.empty(), hops, gaps, false, List.of());
  }

  /**
   * Rule 5 past rule 6: the chain's sourceIdentity names who started it, past the caller account's missing
   * trail (a caller named as a role was one of its sessions, which someone before it obtained). It stands
   * before {@code then}, the hops from the caller on.
   */
  private Res beforeCallerAccount(String si, Principal caller, String acct, Instant at, List<Evidence> evidence,
      String ev, List<Hop> then, List<Gap> gaps, int depth) {
    List<Issuance> setters = settersOf(si, caller, at);
    if (!setters.isEmpty()) {
      // the record that set the string is in the logs: it names the chain's start, as it does without this copy
      Res r = throughSetters(caller, si, setters, at, evidence, depth);
      for (Hop h : then) {
        r = r.then(h);
      }
      return r.withGaps(gaps);
    }
    SourceIdentityOrigin o = sourceIdentityOrigin(si, caller);
    Hop before = new Hop(HopMechanism.UNRECORDED, o.principal(), caller, Optional.empty(), at, Optional.empty(),
        Optional.empty(), Optional.of(si), evidence, o.strength(),
        Optional.of("sourceIdentity '" + si + "' on" + ev + " names who started the chain that made account " + acct
            + "'s call: set by STS when the chain's first session was issued, or by the caller on this call; the"
            + " records that show which are in that account's trail" + o.because()));
    List<Hop> hops = new ArrayList<>(then.size() + 1);
    hops.add(before);
    hops.addAll(then);
    return new Res(o.principal(), o.kind(), o.strength() == Strength.INFERRED
        ? Optional.of("sourceIdentity '" + si + "'") : Optional.empty(), hops, gaps, false, List.of());
  }

  /**
   * Rule 6: only the role owner's copy: the caller is known as an account (and maybe a principal id).
   * {@code recorded} is the caller as this copy recorded it: its principal id names this call's caller,
   * never another call's from the same account.
   */
  private Res callerAccount(Hop h, Principal recorded, int depth) {
    String acct = accountOf(recorded);
    String ev = h.evidence().isEmpty() ? "" : " " + h.evidence().get(0).eventId();
    NamedCaller caller = namedCaller(recorded, acct);
    List<Gap> gaps = caller.gaps(new Gap(Gap.Kind.CALLER_TRAIL_MISSING,
        "caller account's trail missing: only the role owner's copy of " + h.mechanism() + ev
            + " is present, naming the caller as account " + acct, collectTrailOf(acct)));
    Optional<Res> throughSession = throughCallerSession(recorded, caller, acct, h.validFrom(),
        session -> weaken(withFrom(h, session), Strength.ASSERTED, callerSessionReason(recorded, session)), gaps,
        depth);
    if (throughSession.isPresent()) {
      return throughSession.get();
    }
    Hop from = withFrom(h, caller.principal());
    if (caller.reason().isPresent()) {
      from = weaken(from, Strength.ASSERTED, caller.reason().get());
    }
    if (h.sourceIdentity().isPresent()
        && (caller.reason().isEmpty() || caller.principal().kind() == PrincipalKind.IAM_ROLE)) {
      return beforeCallerAccount(h.sourceIdentity().get(), caller.principal(), acct, h.validFrom(), h.evidence(), ev,
          List.of(from), gaps, depth);
    }
    return new Res(caller.principal(), caller.kind(), Optional.empty(), List.of(from), gaps, false, List.of());
  }

  /**
   * The issuances that set sourceIdentity {@code si} (rule 5): their record states it and their caller did
   * not carry it already (a caller that carried it only passed it on), made in the
   * {@link #MAX_AWS_CREDENTIAL_LIFETIME} before {@code at}, not of {@code session} itself. The
   * role owner's copy alone does not show whether its caller carried the string, so it sets nothing here.
   */
  private List<Issuance> settersOf(String si, Principal session, Instant at) {
    List<Issuance> out = new ArrayList<>();
    for (Issuance i : filter(g.lookup(g.bySourceIdentity, si, at.minus(MAX_AWS_CREDENTIAL_LIFETIME), at), AWS_ISSUING)) {
      Issuance.CallerContext caller = i.primary().caller();
      // merged: the caller's copy may state the string in its request only as the owner's states it in its response
      if (!i.ownerCopiesOnly() && caller.sourceIdentity().isEmpty() && !Ids.same(i.raw().to().id(), session.id())
          && g.merged(i).sourceIdentity().filter(si::equals).isPresent()) {
        out.add(i);
      }
    }
    return latestPerFrom(out);
  }

  /**
   * Rule 5 with the chain's first issuance in the logs and the records after it missing: each setter's
   * chain, then an unrecorded step from the session it issued to {@code p}, inferred (the string is the
   * caller's choice, and another chain could have set the same one).
   */
  private Res throughSetters(Principal p, String si, List<Issuance> setters, Instant at, List<Evidence> ev,
      int depth) {
    List<Res> alts = new ArrayList<>();
    for (Issuance i : setters) {
      Hop set = i.raw();
      String why = "sourceIdentity '" + si + "' was set by " + set.evidence().stream().findFirst()
          .map(Evidence::eventId).orElse("a record") + " when it issued " + set.to().id() + " at " + set.validFrom()
          + ", and propagates along a role chain; the records that lead from that session to this one are not all"
          + " in the logs"
          + (setters.size() > 1 ? " (" + setters.size() + " callers set it)" : "");
      Hop step = new Hop(HopMechanism.UNRECORDED, g.canon(set.to()), p, Optional.empty(), at, Optional.empty(),
          Optional.empty(), Optional.of(si), ev, Strength.INFERRED, Optional.of(why));
      alts.add(follow(i, null, null, depth).then(step));
    }
    return combine(p, alts, setters.size() + " callers set sourceIdentity '" + si + "' before " + at, List.of(),
        "collect the trails of the accounts the chain crossed: the AssumeRole records in between carry the access"
            + " keys that link this session to one of them");
  }

  /**
   * Who a sourceIdentity names (rule 5 asserts only the string): the one known principal of that name,
   * inferred, or else the string itself as an origin of unknown kind, asserted.
   */
  private record SourceIdentityOrigin(Principal principal, OriginKind kind, Strength strength, String because) {}

  private SourceIdentityOrigin sourceIdentityOrigin(String si, Principal session) {
    Optional<Principal> named = sameNamedAs(si, session);
    if (named.isPresent()) {
      Principal o = named.get();
      return new SourceIdentityOrigin(o, kindOf(o, false), Strength.INFERRED, "; sourceIdentity is a free-form"
          + " string chosen by the caller: that it is " + o.id() + " is inferred from the name alone");
    }
    return new SourceIdentityOrigin(Principal.of(si, PrincipalKind.UNKNOWN, Cloud.AWS).withSourceType("sourceIdentity"),
        OriginKind.UNKNOWN, Strength.ASSERTED, "");
  }

  /**
   * Who a role owner's copy names as its caller: the IAM user or role its principal id resolves to
   * (with the reason), or the account itself, with a gap when the principal id is unresolved.
   */
  private record NamedCaller(Principal principal, OriginKind kind, Optional<String> reason, Optional<Gap> unresolved) {

    /** The caller-trail gap first, then the unresolved principal id, if any. */
    List<Gap> gaps(Gap callerTrailMissing) {
      List<Gap> gaps = new ArrayList<>(List.of(callerTrailMissing));
      unresolved.ifPresent(gaps::add);
      return gaps;
    }
  }

  /**
   * Rule 6 when the role owner's copy names its caller by a session the logs issued (see
   * {@link #issuedCallerSession}): that session's chain, then {@code last}, the copy's own step from it.
   */
  private Optional<Res> throughCallerSession(Principal recorded, NamedCaller caller, String acct, Instant t,
      Function<Principal, Hop> last, List<Gap> gaps, int depth) {
    return issuedCallerSession(recorded, caller, acct, t).map(session ->
        resolve(session, Ctx.of(t, Issuance.CallerContext.NONE, true), depth + 1).then(last.apply(session))
            .withGaps(gaps));
  }

  /**
   * The role session a role owner's copy names by principal id {@code ROLEID:SESSIONNAME} (AWS logs a role
   * session's principal id so), when the role id resolved and the logs hold an issuance of that session, or
   * a SwitchRole into it, valid at {@code t}: the caller's own trail is then partly collected, and the chain
   * can go on through it.
   */
  private Optional<Principal> issuedCallerSession(Principal recorded, NamedCaller caller, String acct, Instant t) {
    Optional<String> arn = caller.principal().kind() == PrincipalKind.IAM_ROLE
        ? callerSessionArn(caller.principal().id(), recorded, acct) : Optional.empty();
    if (arn.isEmpty()) {
      return Optional.empty();
    }
    Principal session = g.canon(Principal.of(arn.get(), PrincipalKind.ROLE_SESSION, Cloud.AWS).withAccount(acct));
    boolean switched = !g.switchesInto(session.id(), t.minus(CONSOLE_WINDOW), t).isEmpty();
    return switched || !validByArn(session, Ctx.of(t, Issuance.CallerContext.NONE, true)).isEmpty()
        ? Optional.of(session) : Optional.empty();
  }

  /**
   * The ARN of the role session a role owner's copy names as its caller by principal id
   * {@code ROLEID:SESSIONNAME}, {@code roleArn} being what ROLEID resolved to; empty when the id names no session.
   */
  static Optional<String> callerSessionArn(String roleArn, Principal recorded, String acct) {
    String partition = roleArn.startsWith("arn:") ? roleArn.split(":", 3)[1] : "aws";
    return recorded.uniqueId().flatMap(Ids::roleSessionNameOf).map(name -> "arn:" + partition + ":sts::" + acct
        + ":assumed-role/" + Ids.lastSegment(roleArn) + "/" + name);
  }

  static String callerSessionReason(Principal recorded, Principal session) {
    return "the role owner's copy names the caller by principal id " + recorded.uniqueId().orElse("?") + ", which is"
        + " the role session " + session.id();
  }

  private NamedCaller namedCaller(Principal recorded, String acct) {
    Optional<String> uid = recorded.uniqueId().flatMap(DefaultPrincipalGraph::principalIdOf);
    if (uid.isEmpty()) {
      return new NamedCaller(recorded, OriginKind.ACCOUNT, Optional.empty(), Optional.empty());
    }
    Optional<String> arn = g.awsArn(uid.get());
    if (arn.isEmpty()) {
      return new NamedCaller(recorded, OriginKind.ACCOUNT, Optional.empty(), Optional.of(new Gap(
          Gap.Kind.AWS_UNIQUE_ID_UNRESOLVED, "principal id " + uid.get() + " of account " + acct + " unresolved",
          "supply `aws iam list-users` / `aws iam list-roles` of account " + acct + " as a directory")));
    }
    String because = "the role owner's copy names the caller by principal id " + uid.get();
    if (arn.get().contains(":user/")) {
      Principal user = g.canon(Principal.of(arn.get(), PrincipalKind.IAM_USER, Cloud.AWS).withAccount(acct));
      return new NamedCaller(user, OriginKind.HUMAN, Optional.of(because + ", which is " + arn.get()),
          Optional.empty());
    }
    Principal role = g.canon(Principal.of(arn.get(), PrincipalKind.IAM_ROLE, Cloud.AWS).withAccount(acct));
    return new NamedCaller(role, OriginKind.UNKNOWN, Optional.of(because + ", a session of " + arn.get()),
        Optional.empty());
  }

  /** The account of a caller as a record names it (a role owner's copy: often only the account). */
  static String accountOf(Principal recorded) {
    return recorded.account().or(() -> Ids.account(recorded.id())).orElse(recorded.id());
  }

  /**
   * A record issued this key, but another record with its id was read too and kept in its place (rule 1
   * never follows a key to a record that did not issue it): the answer goes on without the issuing record.
   */
  private static Gap displacedIssuer(String key, Issuance kept) {
    Issuance.Copy keptCopy = kept.primary();
    String issuer = kept.displaced().stream().filter(d -> d.hop().issued().flatMap(Credential::id)
            .filter(key::equals).isPresent())
        .findFirst().map(d -> " (" + d.hop().from().id() + " at " + d.hop().validFrom() + ")").orElse("");
    return new Gap(Gap.Kind.RECORD_ID_REUSED, "access key " + key + " was issued by record " + keptCopy.eventId()
        + issuer + ", but another, different record with that id (" + keptCopy.hop().from().id() + " at "
        + keptCopy.hop().validFrom() + ") was read too and kept in its place",
        "find which record with id " + keptCopy.eventId() + " is genuine and read the logs without the other");
  }

  private static String collectTrailOf(String account) {
    return "collect the CloudTrail of account " + account + " (us-east-1 and the regions the caller used)";
  }

  // ---------------------------------------------------------------- AWS sessions: rules 1–5, 7

  private Res awsSession(Principal p, Ctx c, int depth) {
    List<Gap> gaps = new ArrayList<>();
    Optional<String> key = c.temporaryKey();
    if (key.isPresent()) {
      // At the start of a query the answer by access key can be shared with other queries (SessionMemo).
      boolean atStart = depth == 0 && callers.isEmpty() && visiting.size() == 1;
      SessionKey memoKey = atStart ? new SessionKey(p, key.get()) : null;
      if (atStart) {
        Res remembered = remembered(memoKey);
        if (remembered != null) {
          return withDisagreement(remembered, c, key.get());
        }
      }
      List<Issuance> issued = filter(g.keysIssuedBy(key.get()), AWS_ISSUING);
      List<Issuance> byKey = issued.stream().filter(i -> Ids.same(i.raw().to().id(), p.id())).toList();
      if (byKey.size() > 1) {
        // which of them a call used depends on its time: no answer to share with the session's other calls
        List<Issuance> match = narrowed(byKey, c);
        keyIssuedBySeveral(key.get(), byKey, match, c).ifPresent(gaps::add);
        return many(p, match, depth, "several records issued access key " + key.get(), gaps);
      }
      if (byKey.size() == 1) {
        Issuance only = byKey.get(0);
        Res answer = atStart ? remembering(memoKey, () -> follow(only, null, null, depth).withGaps(gaps))
            : follow(only, null, null, depth).withGaps(gaps);
        return withDisagreement(answer, c, key.get());
      }
      if (issued.isEmpty()) {
        for (Issuance i : g.keyIssuedByDisplacedRecord(key.get())) {
          gaps.add(displacedIssuer(key.get(), i));
        }
      } else {
        gaps.add(new Gap(Gap.Kind.ACCESS_KEY_MISMATCH, "access key " + key.get() + " was issued to "
            + issued.get(0).raw().to().id() + ", not to " + p.id(),
            "check that the records are intact: the acting session and its access key disagree"));
      }
    }
    if (p.kind() == PrincipalKind.IAM_USER) {
      return origin(p, c).withGaps(gaps);
    }
    Optional<Instant> issuedAt = c.caller().issuedAt();
    if (issuedAt.isPresent()) {
      List<Issuance> match = filter(g.lookup(g.byTo, p.id(), issuedAt.get().minus(CREATION_TOLERANCE),
          issuedAt.get().plus(CREATION_TOLERANCE)), AWS_ISSUING).stream()
          .filter(i -> Ids.same(i.raw().to().id(), p.id()))
          .filter(i -> Duration.between(i.raw().validFrom(), issuedAt.get()).abs().compareTo(CREATION_TOLERANCE) <= 0)
          .filter(i -> key.isEmpty() || i.raw().issued().flatMap(Credential::id).map(key.get()::equals).orElse(true))
          .toList();
      if (!match.isEmpty()) {
        return many(p, match, depth, "several records issued " + p.id() + " at " + issuedAt.get(), gaps);
      }
      // A console session's creationDate is its SwitchRole's time: rule 2 for rule 3's hop (still asserted).
      List<Issuance> switched = g.switchesInto(p.id(), issuedAt.get().minus(CREATION_TOLERANCE),
          issuedAt.get().plus(CREATION_TOLERANCE)).stream()
          .filter(i -> Duration.between(i.raw().validFrom(), issuedAt.get()).abs().compareTo(CREATION_TOLERANCE) <= 0)
          .toList();
      if (!switched.isEmpty()) {
        return many(p, switched, depth, "several principals switched into " + p.id() + " at " + issuedAt.get(),
            gaps);
      }
    }
    Instant t = c.time();
    // The console renews a switched session's credentials, so a creationDate after the switch still
    // fits it; credentials created at creationDate can never come from a switch made after it.
    Instant lastSwitch = issuedAt.map(i -> i.plus(CREATION_TOLERANCE)).filter(i -> i.isBefore(t)).orElse(t);
    List<Issuance> switches = g.switchesInto(p.id(), t.minus(CONSOLE_WINDOW), lastSwitch);
    List<Issuance> valid = key.isEmpty() && issuedAt.isEmpty() ? validByArn(p, c) : List.of();
    if (!switches.isEmpty() && !valid.isEmpty()) {
      // Named only by its ARN (an ExchangeToken's subject), the session may be a switcher's console
      // session or an issued one: nothing in the record tells, so each is a candidate (rule 9).
      List<Issuance> all = new ArrayList<>(latestPerFrom(switches));
      all.addAll(valid);
      String why = "the record names " + p.id() + " only by its ARN; " + (all.size() - valid.size())
          + " SwitchRole(s) and " + valid.size() + " issuance(s) of it were " + validWhen(c);
      return inferred(p, all, depth, why, gaps);
    }
    if (!switches.isEmpty()) {
      List<Issuance> latest = latestPerFrom(switches);
      if (issuedAt.isPresent() && !c.caller().fromConsole()) {
        // Rule 3's link holds for console sessions: a SwitchRole makes nothing else, and the console
        // renews their credentials. Credentials created later and used outside the console (neither
        // sessionCredentialFromConsole nor a console user agent) more likely come from an issuance the
        // logs do not hold.
        String why = "the call used credentials of " + p.id() + " created at " + issuedAt.get()
            + ", not the time of the SwitchRole, and not from a console session (neither sessionCredentialFromConsole"
            + " nor a console user agent); a SwitchRole makes console sessions only, so an issuance missing from the"
            + " logs would fit better";
        gaps.add(new Gap(Gap.Kind.ISSUING_RECORD_MISSING, "no issuing record for " + p.id() + " issued at "
            + issuedAt.get(), collectTrailOf(p.account().or(() -> Ids.account(p.id())).orElse("?"))));
        return inferred(p, latest, depth, why, gaps);
      }
      if (key.isEmpty() && issuedAt.isEmpty()) {
        // named only by its ARN (an ExchangeToken's subject): as with a lone issuance, a match by time alone
        String why = "the record names " + p.id() + " only by its ARN; " + latest.size()
            + " SwitchRole(s) into it were valid at " + t + ", and an issuance missing from the logs would fit as well";
        return inferred(p, latest, depth, why, gaps);
      }
      return many(p, latest, depth, latest.size() + " principals switched into " + p.id() + " in the 12 h before " + t
          + "; the console session's records do not say which one acted", gaps);
    }
    if (key.isEmpty() && issuedAt.isEmpty()) {
      if (valid.size() == 1) {
        // One candidate is still a match by ARN and time window, not by a key: rule 9's inferred.
        String why = "the only issuance of " + p.id() + " " + validWhen(c)
            + "; the record names the session only by its ARN, so an issuance missing from the logs would fit as well";
        return follow(valid.get(0), Strength.INFERRED, why, depth).withGaps(gaps);
      }
      if (valid.size() > 1) {
        String why = valid.size() + " issuances of " + p.id() + " were " + validWhen(c)
            + " and the record names the session only by its ARN";
        return inferred(p, valid, depth, why, gaps);
      }
    }
    return unissued(p, c, key, gaps, depth);
  }

  /**
   * How a hop's reason states the window its issuances were valid in: the query's time, or with slack the
   * span before it in which a missing record (an ExchangeToken) could have used them.
   */
  private static String validWhen(Ctx c) {
    return c.slack().isZero() ? "valid at " + c.time() : "valid between " + c.time().minus(c.slack()) + " and "
        + c.time() + " (the missing ExchangeToken could have been made then)";
  }

  /** The AWS issuances of session {@code p} valid at the query's time (with its slack), oldest first. */
  private List<Issuance> validByArn(Principal p, Ctx c) {
    Instant t = c.time();
    return filter(g.lookup(g.byTo, p.id(), t.minus(MAX_AWS_CREDENTIAL_LIFETIME.plus(c.slack())), t), AWS_ISSUING)
        .stream()
        .filter(i -> Ids.same(i.raw().to().id(), p.id()))
        .filter(i -> within(i.raw(), t, c.slack()))
        .toList();
  }

  /**
   * The gap for one access key issued by several records ({@code byKey}), of which the call's creationDate or
   * time picked {@code match}; none when they are one record read in two shapes (one of them without its
   * sharedEventID: same id, caller and time), which is not two records.
   */
  private static Optional<Gap> keyIssuedBySeveral(String key, List<Issuance> byKey, List<Issuance> match, Ctx c) {
    // one record read twice states the same id, caller and time; two records sharing an id do not
    if (byKey.stream().map(i -> i.primary().eventId() + "|" + i.raw().from().id() + "|" + i.raw().validFrom())
        .distinct().count() < 2) {
      return Optional.empty();
    }
    String records = byKey.stream().map(i -> i.primary().eventId() + " at " + i.raw().validFrom())
        .collect(Collectors.joining(", "));
    String picked = match.size() != 1 ? "" : "; the call's " + (c.caller().issuedAt().isPresent() ? "creationDate"
        : "time") + " fits " + match.get(0).primary().eventId() + " only";
    return Optional.of(new Gap(Gap.Kind.RECORDS_DISAGREE, "access key " + key + " was issued by " + byKey.size()
        + " records (" + records + "), though a key id is issued once" + picked,
        "a record is duplicated under another id, or altered: " + CHECK_RECORDS));
  }

  /**
   * {@code answer}, which followed access key {@code key} to the one record that issued it, with a
   * {@link Gap.Kind#RECORDS_DISAGREE} gap when this call says otherwise: its session's creationDate is not
   * that record's time, or it was made before the key existed. Checked per call, outside the shared
   * answer, which is the same for every call with the key.
   */
  private static Res withDisagreement(Res answer, Ctx c, String key) {
    if (answer.hops().isEmpty()) {
      return answer;
    }
    Hop issuing = answer.hops().get(answer.hops().size() - 1);
    if (issuing.issued().flatMap(Credential::id).filter(key::equals).isEmpty()) {
      return answer;
    }
    Instant issued = issuing.validFrom();
    String record = issuing.evidence().stream().findFirst().map(e -> "record " + e.eventId()).orElse("its record");
    Optional<Instant> created = c.caller().issuedAt();
    String odd = null;
    if (created.isPresent() && Duration.between(created.get(), issued).abs().compareTo(DISAGREEMENT) > 0) {
      odd = "the call's session creationDate " + created.get() + " is not the time " + record + " issued its access"
          + " key " + key + " (" + issued + ")";
    } else if (c.time().isBefore(issued.minus(DISAGREEMENT))) {
      odd = "access key " + key + " was used at " + c.time() + ", before " + record + " issued it at " + issued;
    }
    return odd == null ? answer : answer.withGaps(List.of(new Gap(Gap.Kind.RECORDS_DISAGREE, odd,
        "the answer follows the access key, whose id is unique; a clock, an export or a record is wrong: "
            + CHECK_RECORDS)));
  }

  /** The answer remembered for {@code key} if this query may reuse it (see {@link SessionMemo}), else null. */
  private Res remembered(SessionKey key) {
    SessionMemo known = g.sessionMemo.get(key);
    if (known == null || known.attempted().contains(visiting.iterator().next())) {
      return null;
    }
    callers.putAll(known.callers());
    return known.answer();
  }

  /** Computes an answer at the start of a query and remembers it if other queries may reuse it. */
  private Res remembering(SessionKey key, Supplier<Res> answering) {
    Mark own = visiting.iterator().next();
    attempted = new HashSet<>();
    try {
      Res answer = answering.get();
      if (!attempted.contains(own)) {
        if (g.sessionMemo.size() >= SESSION_MEMO_LIMIT) {
          g.sessionMemo.clear();
        }
        g.sessionMemo.putIfAbsent(key, new SessionMemo(answer, Set.copyOf(attempted), Map.copyOf(callers)));
      }
      return answer;
    } finally {
      attempted = null;
    }
  }

  /** No issuing record: sourceIdentity (rule 5), a session name equal to a user name (rule 7), or a gap. */
  private Res unissued(Principal p, Ctx c, Optional<String> key, List<Gap> gaps, int depth) {
    String acct = p.account().or(() -> Ids.account(p.id())).orElse("?");
    Instant at = c.caller().issuedAt().orElse(c.time());
    if (p.kind() == PrincipalKind.ROLE_SESSION && c.caller().fromInstanceMetadata()) {
      // Rule 5b as the service's own AssumeRole would show it: nothing that decides the answer is missing.
      Principal role = c.caller().issuer().map(g::canon).orElseGet(() -> roleOf(p));
      Hop hop = new Hop(HopMechanism.SERVICE_ASSUMED_ROLE, role, p, Optional.empty(), at, Optional.empty(),
          Optional.empty(), Optional.empty(), c.caller().evidence().map(List::of).orElse(List.of()), Strength.ASSERTED,
          Optional.of("the record's sessionContext.ec2RoleDelivery says EC2 delivered these credentials through"
              + " instance metadata: the session is the instance profile's (the service's AssumeRole is not in"
              + " the logs)"));
      return new Res(role, OriginKind.WORKLOAD, Optional.of(Ids.lastSegment(p.id())), List.of(hop), gaps, false,
          List.of());
    }
    String what = key.map(k -> "no issuing record for access key " + k + " of " + p.id())
        .orElseGet(() -> c.caller().issuedAt().map(i -> "no issuing record for " + p.id() + " issued at " + i)
            .orElse("no issuing record for " + p.id() + " " + validWhen(c)));
    gaps.add(new Gap(Gap.Kind.ISSUING_RECORD_MISSING, what, "collect the CloudTrail of account " + acct
        + " in the region the caller used and in us-east-1 (the global STS endpoint and console sign-in"
        + " are recorded there)"));
    List<Evidence> ev = c.caller().evidence().map(List::of).orElse(List.of());
    Optional<String> si = c.caller().sourceIdentity();
    List<Issuance> setters = si.map(s -> settersOf(s, p, at)).orElse(List.of());
    if (!setters.isEmpty()) {
      return throughSetters(p, si.get(), setters, at, ev, depth).withGaps(gaps);
    }
    if (si.isPresent()) {
      String asserted = "sourceIdentity '" + si.get() + "' was set by STS when the first session of the chain was"
          + " issued and propagated to this one; the records in between are missing";
      SourceIdentityOrigin o = sourceIdentityOrigin(si.get(), p);
      Hop hop = new Hop(HopMechanism.UNRECORDED, o.principal(), p, Optional.empty(), at, Optional.empty(),
          Optional.empty(), si, ev, o.strength(), Optional.of(asserted + o.because()));
      return new Res(o.principal(), o.kind(), o.strength() == Strength.INFERRED
          ? Optional.of("sourceIdentity '" + si.get() + "'") : Optional.empty(), List.of(hop), gaps, false, List.of());
    }
    if (p.kind() == PrincipalKind.FEDERATED_USER && c.caller().issuer().isPresent()) {
      Principal u = g.canon(c.caller().issuer().get());
      Hop hop = new Hop(HopMechanism.GET_FEDERATION_TOKEN, u, p, Optional.empty(), at, Optional.empty(),
          Optional.empty(), Optional.empty(), ev, Strength.ASSERTED,
          Optional.of("sessionIssuer names the IAM user that called GetFederationToken"));
      return new Res(u, kindOf(u, true), Optional.empty(), List.of(hop), gaps, false, List.of());
    }
    if (p.kind() == PrincipalKind.ROLE_SESSION) {
      String name = Ids.lastSegment(p.id());
      Set<String> users = g.usersByName.getOrDefault(name, Set.of());
      if (!users.isEmpty()) {
        List<Res> alts = new ArrayList<>();
        for (String u : users) {
          Principal user = g.canon(Principal.of(u, PrincipalKind.IAM_USER, Cloud.AWS));
          Hop hop = new Hop(HopMechanism.UNRECORDED, user, p, Optional.empty(), at, Optional.empty(),
              Optional.empty(), Optional.empty(), ev, Strength.INFERRED, Optional.of("the session name '" + name
                  + "' equals the user name of " + u + "; the caller chooses session names, so this is only a hint"));
          alts.add(new Res(user, OriginKind.HUMAN, Optional.empty(), List.of(hop), List.of(), false, List.of()));
        }
        return combine(p, alts, users.size() + " users are named '" + name + "'", gaps);
      }
    }
    Principal role = c.caller().issuer().map(g::canon).orElseGet(() -> roleOf(p));
    Hop hop = p.kind() == PrincipalKind.FEDERATED_USER
        ? new Hop(HopMechanism.GET_FEDERATION_TOKEN, role, p, Optional.empty(), at, Optional.empty(), Optional.empty(),
            Optional.empty(), ev, Strength.UNKNOWN, Optional.of("only GetFederationToken makes a federated user, called"
                + " by an IAM user or the root user of account " + acct + "; no record says which"))
        : new Hop(HopMechanism.UNRECORDED, role, p, Optional.empty(), at, Optional.empty(), Optional.empty(),
            Optional.empty(), ev, Strength.UNKNOWN, Optional.of("no record says who obtained this session"));
    return new Res(role, OriginKind.UNKNOWN, Optional.empty(), List.of(hop), gaps, true, List.of());
  }

  /**
   * The one known principal whose name equals a sourceIdentity (rule 5 asserts only the string): an
   * IAM user of that name, preferring the acting session's account when users of that name exist in
   * several accounts, or a Google user with that email. Several equally good users: none (the
   * sourceIdentity string itself stays the origin).
   */
  private Optional<Principal> sameNamedAs(String si, Principal session) {
    Set<String> users = g.usersByName.getOrDefault(si, Set.of());
    Optional<String> acct = session.account().or(() -> Ids.account(session.id()));
    List<String> local = users.stream().filter(u -> acct.isPresent() && Ids.account(u).equals(acct)).toList();
    List<String> pick = local.isEmpty() ? List.copyOf(users) : local;
    if (pick.size() == 1) {
      return Optional.of(g.canon(Principal.of(pick.get(0), PrincipalKind.IAM_USER, Cloud.AWS)));
    }
    if (users.isEmpty()) {
      return g.known("user:" + si).map(g::canon);
    }
    return Optional.empty();
  }

  /** A role named as a federated subject (custom attribute mapping): its sessions valid at the time. */
  private Res roleSubject(Principal role, Ctx c, int depth) {
    List<Issuance> valid = sessionsValid(Ids.roleWithoutPath(role.id()), c);
    return subjectSessions(role, valid, c, "the role " + role.id(), "the regions the role is used in", depth);
  }

  /**
   * An AWS account named as a federated subject (an attribute mapping to {@code assertion.account}): the
   * sessions of every role of the account valid at the time. An IAM user of the account signing with
   * its long-term key could have exchanged as well; no record would show that either.
   */
  private Res accountSubject(Principal account, Ctx c, int depth) {
    Instant t = c.time();
    Optional<String> acct = account.account().or(() -> Ids.account(account.id()));
    List<Issuance> valid = new ArrayList<>();
    for (String role : acct.map(a -> g.rolesByAccount.getOrDefault(a, Set.of())).orElse(Set.of())) {
      valid.addAll(sessionsValid(role, c));
    }
    valid.sort(ORDER);
    return subjectSessions(account, valid, c, "the account " + acct.orElse(account.id())
        + " (an IAM user of it signing with a long-term key would fit as well)", "the regions its roles are used in",
        depth);
  }

  /**
   * The sessions of {@code role} valid at the query's time: issued ones within their validity, and
   * console sessions (SwitchRole) within the console window.
   */
  private List<Issuance> sessionsValid(String role, Ctx c) {
    Instant t = c.time();
    List<Issuance> valid = new ArrayList<>();
    for (Issuance i : g.lookup(g.byRole, role, t.minus(MAX_AWS_CREDENTIAL_LIFETIME.plus(c.slack())), t)) {
      HopMechanism m = i.raw().mechanism();
      if (AWS_ISSUING.contains(m) ? within(i.raw(), t, c.slack())
          : m == HopMechanism.SWITCH_ROLE && t.isBefore(i.raw().validFrom().plus(CONSOLE_WINDOW).plus(c.slack()))) {
        valid.add(i);
      }
    }
    return valid;
  }

  /** The sessions valid at the time behind a subject coarser than a session: each a candidate, inferred. */
  private Res subjectSessions(Principal point, List<Issuance> valid, Ctx c, String named, String regions, int depth) {
    Instant t = c.time();
    String acct = point.account().or(() -> Ids.account(point.id())).orElse("?");
    if (valid.isEmpty()) {
      return new Res(point, kindOf(point, true), Optional.empty(), List.of(), List.of(), false, List.of())
          .withGaps(List.of(new Gap(Gap.Kind.ISSUING_RECORD_MISSING, "the federated subject names only " + named
              + ", and no session of it was " + validWhen(c), "collect the CloudTrail of account " + acct
              + " in us-east-1 and " + regions)));
    }
    String why = "the federated subject names only " + named + "; " + valid.size() + " session(s) were " + validWhen(c);
    List<Res> alts = new ArrayList<>();
    for (Issuance i : valid) {
      Hop issued = g.merged(i);
      Hop link = new Hop(HopMechanism.SAME_IDENTITY, issued.to(), point, Optional.empty(), t, Optional.empty(),
          Optional.empty(), Optional.empty(), List.of(), Strength.INFERRED, Optional.of(why));
      alts.add(follow(i, null, null, depth).then(link));
    }
    return combine(point, alts, why, List.of());
  }

  // ---------------------------------------------------------------- GCP -> AWS: rule 8

  private Res webIdentity(Principal p, Ctx c, int depth) {
    String sub = DefaultPrincipalGraph.webSubject(p);
    int colon = p.id().lastIndexOf(':');
    String provider = colon > 0 ? p.id().substring(0, colon) : "";
    if (!provider.equals("accounts.google.com") || sub.isEmpty() || !sub.chars().allMatch(Character::isDigit)) {
      return origin(p, c);
    }
    StringBuilder source = new StringBuilder();
    Optional<String> email = g.serviceAccountEmail(sub, source);
    Instant t = c.time();
    if (email.isEmpty()) {
      Gap unresolved = new Gap(Gap.Kind.SERVICE_ACCOUNT_UNRESOLVED,
          "service account unique id " + sub + " (the web-identity subject of " + p.id() + ") unresolved",
          "supply `gcloud iam service-accounts list --format=json` of the owning project as a directory,"
              + " or collect its iamcredentials Data Access logs");
      // A GenerateIdToken entry that named the account by this unique id alone shares the key all the same.
      Principal byId = Principal.of(Ids.SERVICE_ACCOUNT_BY_UNIQUE_ID + sub, PrincipalKind.SERVICE_ACCOUNT, Cloud.GCP)
          .withUniqueId(sub);
      List<Issuance> valid = idTokensFor(byId, t);
      if (valid.isEmpty()) {
        return origin(p, c).withGaps(List.of(unresolved));
      }
      Hop same = new Hop(HopMechanism.SAME_IDENTITY, byId, p, Optional.empty(), t, Optional.empty(), Optional.empty(),
          Optional.empty(), valid.get(0).raw().evidence().stream().limit(1).toList(), Strength.EXACT,
          Optional.of("the web-identity subject " + sub + " is the unique id the GenerateIdToken entries named the"
              + " account by (its email is in no record or directory read)"));
      return byMinters(p, byId, sub, same, valid, c, depth).withGaps(List.of(unresolved));
    }
    Principal sa = g.canon(Principal.of("serviceAccount:" + email.get(), PrincipalKind.SERVICE_ACCOUNT, Cloud.GCP)
        .withUniqueId(sub));
    // Evidence: the record that showed the unique id to be this account (an iamcredentials entry, say);
    // a mapping known only from a directory file has none, and the reason says so.
    List<Evidence> mappedBy = g.serviceAccountMappingEvidence(sub, email.get()).map(List::of).orElse(List.of());
    Hop same = new Hop(HopMechanism.SAME_IDENTITY, sa, p, Optional.empty(), t, Optional.empty(), Optional.empty(),
        Optional.empty(), mappedBy, Strength.EXACT,
        Optional.of("the web-identity subject " + sub + " is the unique id of " + sa.id() + " (from " + source + ")"));
    return byMinters(p, sa, sub, same, idTokensFor(sa, t), c, depth);
  }

  /** The GenerateIdToken records for {@code sa} whose one-hour token was still valid at {@code t}. */
  private List<Issuance> idTokensFor(Principal sa, Instant t) {
    return filter(g.issuedTo(sa.id(), t.minus(ID_TOKEN_LIFETIME), t),
        EnumSet.of(HopMechanism.GENERATE_ID_TOKEN)).stream()
        // a token minted exactly an hour before has expired: the lifetime's end is exclusive, as validToken's
        .filter(i -> !i.raw().validFrom().isAfter(t) && i.raw().validFrom().isAfter(t.minus(ID_TOKEN_LIFETIME)))
        .toList();
  }

  /**
   * Rule 8 behind the web identity {@code p}, which is service account {@code sa} ({@code same}): whoever
   * minted an ID token for it that fits, or the account as a workload.
   */
  private Res byMinters(Principal p, Principal sa, String sub, Hop same, List<Issuance> valid, Ctx c, int depth) {
    Instant t = c.time();
    List<Issuance> minted = valid.stream().filter(i -> audienceMatches(g.merged(i).audience(), c.audience(), sub))
        .toList();
    if (minted.isEmpty()) {
      // The account may simply run as itself, or its GenerateIdToken (a Data Access log, off by default)
      // was not collected: the origin stays the account as a workload, and the gap says which log decides.
      String otherAudiences = valid.isEmpty() ? "" : " for audience " + c.audience().orElse("?") + ", the one the"
          + " session presented (the " + valid.size() + " minted in that hour were for others)";
      Gap notLogged = new Gap(Gap.Kind.DATA_ACCESS_LOG_MISSING, "no GenerateIdToken for " + sa.id()
          + " in the hour before " + t + otherAudiences + ": the account may have run as itself, or whoever"
          + " minted its ID token is in a log that was not collected",
          valid.isEmpty()
              ? "GenerateIdToken is a Data Access log: enable Data Access audit logs for IAM Service Account"
                  + " Credentials (iamcredentials.googleapis.com) in the project of " + sa.id()
                  + " and collect the data_access log"
              // the log is on and collected: more of it will not show a minting that was never a call
              : "the collected data_access log holds " + valid.size() + " GenerateIdToken record(s) for it in that"
                  + " hour, so the log is on: check that it covers every project and hour the token could come"
                  + " from; a workload running as " + sa.id() + " that gets ID tokens as itself (from a metadata"
                  + " server) makes no GenerateIdToken record");
      return new Res(sa, OriginKind.WORKLOAD, Optional.empty(), List.of(same), List.of(notLogged), false, List.of());
    }
    List<Issuance> latest = latestPerFrom(minted);
    List<Res> alts = new ArrayList<>();
    for (Issuance i : latest) {
      Hop h = i.raw();
      String why = "an ID token for " + sa.id() + " was minted at " + h.validFrom()
          + h.audience().map(a -> " for audience " + a).orElse("")
          + ", within its one-hour lifetime before the AssumeRoleWithWebIdentity at " + t
          + "; the token itself is not logged" + (latest.size() > 1 ? " (" + latest.size() + " minters)" : "");
      alts.add(follow(i, Strength.INFERRED, why, depth).then(same));
    }
    Res minters = combine(sa, alts, latest.size() + " principals minted ID tokens for " + sa.id()
        + " in the hour before " + t, List.of(), "the ID token itself is logged nowhere: compare each minter's"
            + " callerIp with the AssumeRoleWithWebIdentity's sourceIPAddress, and the tokens' audiences with the one"
            + " presented");
    if (!minters.undecided()) {
      return minters;
    }
    // undecided, the answer stops at the account: its own chain (not its candidates', which have it) still
    // has to reach the web identity
    return new Res(minters.origin(), minters.kind(), minters.detail(), prepend(same, minters.hops()), minters.gaps(),
        true, minters.alternatives());
  }

  static boolean audienceMatches(Optional<String> minted, Optional<String> presented, String sub) {
    return minted.isEmpty() || presented.isEmpty() || minted.equals(presented) || presented.get().equals(sub);
  }

  // ---------------------------------------------------------------- AWS -> GCP: rule 9, GCP: rule 10

  private Res federated(Principal p, Ctx c, int depth) {
    Instant t = c.time();
    Map<String, Issuance> found = new LinkedHashMap<>();
    Issuance latestExpired = null;
    for (String k : Ids.subjectKeys(p.id())) {
      for (Issuance i : filter(g.lookup(g.byTo, k, t.minus(MAX_GCP_TOKEN_LIFETIME), t),
          EnumSet.of(HopMechanism.TOKEN_EXCHANGE))) {
        if (!Ids.samePool(p.id(), i.raw().to().id())) {
          continue;
        }
        if (validToken(i.raw(), t, FEDERATED_TOKEN_LIFETIME)) {
          found.putIfAbsent(i.key, i);
        } else if (latestExpired == null || ORDER.compare(i, latestExpired) > 0) {
          latestExpired = i;
        }
      }
    }
    if (!found.isEmpty()) {
      // One subject ARN can be several sessions (an issuance per caller, each exchanging tokens): exchanges
      // are one candidate only when what lies behind them is the same chain; then the latest stands for all.
      Map<Issuance, Res> distinct = distinctUpstream(new ArrayList<>(found.values()),
          i -> follow(i, null, null, depth), 1);
      if (distinct.size() == 1) {
        return distinct.values().iterator().next();
      }
      String why = distinct.size() + " ExchangeToken records produced " + p.id() + " tokens valid at " + t
          + " from different sessions or subjects";
      return inferred(p, distinct.keySet(), depth, why,
          List.of());
    }
    if (!p.id().startsWith("principal://") && !p.id().startsWith("principalSet://")) {
      // The external identity an ExchangeToken logged as its subject (an Azure object id, a GitHub OIDC
      // subject): nothing in the audit logs lies behind it, and no exchange produces it.
      return origin(p, c);
    }
    // An exchange that is logged but whose token had expired says the logs are on; the one used is still missing.
    String missing = latestExpired == null ? "no ExchangeToken record for " + p.id() + " before " + t
        : "no ExchangeToken record for " + p.id() + " whose token was valid at " + t + " (the latest before it, "
            + latestExpired.primary().eventId() + " at " + latestExpired.raw().validFrom() + ", expired at "
            + latestExpired.raw().validUntil().orElse(latestExpired.raw().validFrom().plus(FEDERATED_TOKEN_LIFETIME))
            + ")";
    Gap gap = new Gap(Gap.Kind.DATA_ACCESS_LOG_MISSING, missing, latestExpired == null
        ? "ExchangeToken is a Data Access log: enable Data Access audit logs for IAM and Security Token Service"
            + " (sts.googleapis.com) in the workload identity pool's project and collect the data_access log"
        // the log is on: what is missing is the stretch of it that holds the later exchange
        : "the collected data_access log holds an ExchangeToken record for it, so the log is on: the exchange"
            + " behind this call came later; collect the pool project's data_access log up to " + t);
    Optional<String> arn = Ids.arnSubject(p.id());
    if (arn.isEmpty()) {
      return origin(p, c).withGaps(List.of(gap));
    }
    Principal q = awsPrincipal(arn.get());
    Hop hop = new Hop(HopMechanism.TOKEN_EXCHANGE, q, p, Optional.empty(), t, Optional.empty(), Optional.empty(),
        Optional.empty(), List.of(), Strength.INFERRED,
        Optional.of("the federated subject names " + arn.get() + "; the ExchangeToken record is missing"));
    Ctx qc = new Ctx(t, Issuance.CallerContext.NONE, true, Optional.empty(), FEDERATED_TOKEN_LIFETIME);
    return resolve(q, qc, depth + 1).then(hop).withGaps(List.of(gap));
  }

  /** serviceAccountDelegationInfo on the record: item[0] → … → actor, upgraded to token hops where logged. */
  private Res delegation(Principal p, Ctx c, int depth) {
    List<Hop> dels = c.caller().delegation();
    return delegationBack(p, dels, dels.size() - 1, c.time(), Issuance.CallerContext.NONE, List.of(), depth);
  }

  /**
   * The chain behind delegation item {@code j}, followed by {@code after} (items j+1… as already
   * decided); below item 0, the origin of item 0's caller at {@code t}, whose context {@code caller} is
   * what item 0's token record says of it. Where several access tokens for item j were valid, each is
   * a candidate, unless what lies behind them is the same chain.
   */
  private Res delegationBack(Principal p, List<Hop> dels, int j, Instant t, Issuance.CallerContext caller,
      List<Hop> after, int depth) {
    if (j < 0) {
      Res r = resolve(dels.get(0).from(), new Ctx(t, caller, true, Optional.empty(), Duration.ZERO), depth + 1);
      for (Hop h : after) {
        r = r.then(h);
      }
      return r;
    }
    Hop d = dels.get(j);
    List<Issuance> tokens = underChain(tokenHops(d.from(), d.to(), t), dels.subList(0, j));
    if (tokens.isEmpty()) {
      Hop plain = new Hop(d.mechanism(), g.canon(d.from()), g.canon(d.to()), d.issued(), d.validFrom(),
          d.validUntil(), d.audience(), d.sourceIdentity(), d.evidence(), d.strength(), d.reason());
      return delegationBack(p, dels, j - 1, t, Issuance.CallerContext.NONE, prepend(plain, after), depth);
    }
    Map<Issuance, Res> distinct = distinctUpstream(tokens,
        token -> behindToken(p, dels, j, token, g.merged(token), after, depth), after.size() + 1);
    if (distinct.size() == 1) {
      return distinct.values().iterator().next();
    }
    String why = distinct.size() + " access tokens for " + g.canon(d.to()).id() + " minted by " + g.canon(d.from()).id()
        + " were valid at " + t + " with different chains behind them; the record does not say which one it used";
    List<Res> alts = new ArrayList<>();
    for (Issuance token : distinct.keySet()) {
      alts.add(behindToken(p, dels, j, token, weaken(g.merged(token), Strength.INFERRED, why), after, depth));
    }
    return combine(p, alts, why, List.of());
  }

  /** The chain behind delegation item {@code j} when {@code token} (shown as {@code hop}) minted its credential. */
  private Res behindToken(Principal p, List<Hop> dels, int j, Issuance token, Hop hop, List<Hop> after, int depth) {
    return delegationBack(p, dels, j - 1, hop.validFrom(), token.primary().caller(), prepend(hop, after), depth);
  }

  private static List<Hop> prepend(Hop h, List<Hop> rest) {
    List<Hop> all = new ArrayList<>(rest.size() + 1);
    all.add(h);
    all.addAll(rest);
    return all;
  }

  /**
   * The tokens whose own record does not contradict the call: a token record names in its
   * serviceAccountDelegationInfo the chain its minter acted through, which the call names before the
   * token's hop ({@code before}). A record naming another chain minted a token the call did not use; one
   * naming none is kept (its minter may have acted as itself, or the export may lack the field).
   */
  private static List<Issuance> underChain(List<Issuance> tokens, List<Hop> before) {
    List<Issuance> out = new ArrayList<>(tokens.size());
    for (Issuance token : tokens) {
      List<Hop> own = token.primary().caller().delegation();
      if (own.isEmpty() || sameChain(own, before)) {
        out.add(token);
      }
    }
    return out;
  }

  private static boolean sameChain(List<Hop> a, List<Hop> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (!Ids.same(a.get(i).from().id(), b.get(i).from().id()) || !Ids.same(a.get(i).to().id(), b.get(i).to().id())) {
        return false;
      }
    }
    return true;
  }

  /** Every access token {@code from} minted for {@code to} that was valid at {@code t}, oldest first. */
  private List<Issuance> tokenHops(Principal from, Principal to, Instant t) {
    return filter(g.issuedTo(to.id(), t.minus(MAX_GCP_TOKEN_LIFETIME), t),
        EnumSet.of(HopMechanism.GENERATE_ACCESS_TOKEN)).stream()
        .filter(i -> Ids.same(i.raw().from().id(), from.id()))
        .filter(i -> validToken(i.raw(), t, FEDERATED_TOKEN_LIFETIME))
        .toList();
  }

  /**
   * Of several issuances that could each explain one hop, the latest of each group whose resolutions
   * agree behind the hop (same origin, same issuing records before it), with its resolution, oldest
   * first. {@code tail} is how many hops at the end of a resolution are the issuance itself and what
   * follows it. Repeated tokens of one session are one candidate; tokens of two sessions with one ARN
   * are two.
   */
  private Map<Issuance, Res> distinctUpstream(List<Issuance> issuances, Function<Issuance, Res> resolving, int tail) {
    Map<String, Map.Entry<Issuance, Res>> latest = new LinkedHashMap<>();
    for (Issuance i : issuances) {
      Res r = resolving.apply(i);
      latest.merge(upstreamKey(r, tail), Map.entry(i, r),
          (a, b) -> ORDER.compare(a.getKey(), b.getKey()) >= 0 ? a : b);
    }
    Map<Issuance, Res> out = new java.util.TreeMap<>(ORDER);
    latest.values().forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }

  /** What identifies a resolution behind its last {@code tail} hops: origin and issuing records, not reasons. */
  private static String upstreamKey(Res r, int tail) {
    StringBuilder key = new StringBuilder(r.origin().id()).append(r.undecided() ? "?" : "");
    for (Hop h : r.hops().subList(0, Math.max(0, r.hops().size() - tail))) {
      key.append('|').append(h.mechanism()).append(' ').append(h.from().id()).append('>').append(h.to().id());
      h.evidence().forEach(e -> key.append(' ').append(e.eventId()));
    }
    for (Res alt : r.alternatives()) {
      key.append("|alt(").append(upstreamKey(alt, tail)).append(')');
    }
    return key.toString();
  }

  // ---------------------------------------------------------------- helpers

  /** One issuance: follow it; several: candidates. */
  private Res many(Principal p, List<Issuance> list, int depth, String why, List<Gap> gaps) {
    if (list.size() == 1) {
      return follow(list.get(0), null, null, depth).withGaps(gaps);
    }
    return inferred(p, list, depth, why, gaps);
  }

  /** Each issuance followed as an inferred candidate, for {@code why}, and the candidates combined. */
  private Res inferred(Principal p, java.util.Collection<Issuance> list, int depth, String why, List<Gap> gaps) {
    return combine(p, list.stream().map(i -> follow(i, Strength.INFERRED, why, depth)).toList(), why, gaps);
  }

  /**
   * Several candidate chains: if they agree on the origin, the first decides and the rest are listed;
   * otherwise the answer stops at {@code point}, undecided, with every chain as a candidate.
   */
  private Res combine(Principal point, List<Res> alts, String why, List<Gap> gaps) {
    return combine(point, alts, why, gaps, "collect the records that carry the access key or issue time of the acting"
        + " session (the calls' own trail, CloudTrail data events) to decide");
  }

  /** {@link #combine(Principal, List, String, List)}, with what would decide between the candidates. */
  private Res combine(Principal point, List<Res> alts, String why, List<Gap> gaps, String toDecide) {
    List<Res> flat = new ArrayList<>();
    for (Res a : alts) {
      if (a.alternatives().isEmpty()) {
        flat.add(a);
      } else {
        a.alternatives().forEach(flat::add);
      }
    }
    if (flat.size() == 1) {
      return flat.get(0).withGaps(gaps);
    }
    Set<String> origins = new TreeSet<>();
    flat.forEach(a -> origins.add(a.origin().id()));
    if (flat.size() > MAX_ALTERNATIVES) {
      gaps = new ArrayList<>(gaps);
      gaps.add(new Gap(Gap.Kind.CANDIDATES_CUT, flat.size() + " candidate chains lead to " + point.id()
          + "; only the first " + MAX_ALTERNATIVES + " are listed (origins among all of them: " + origins + ")",
          "collect the records that carry the access key or issue time of the acting sessions to narrow them"));
      flat = new ArrayList<>(flat.subList(0, MAX_ALTERNATIVES));
    }
    if (origins.size() == 1 && !flat.get(0).undecided()) {
      Res first = flat.get(0);
      return new Res(first.origin(), first.kind(), first.detail(), first.hops(), first.gaps(), false, flat)
          .withGaps(gaps);
    }
    List<Gap> all = new ArrayList<>(gaps);
    all.add(new Gap(Gap.Kind.AMBIGUOUS, flat.size() + " candidate chains lead to " + point.id() + ": " + why,
        toDecide));
    return new Res(point, OriginKind.UNKNOWN, Optional.empty(), List.of(), all, true, flat);
  }

  private static List<Issuance> filter(List<Issuance> list, Set<HopMechanism> mechanisms) {
    return list.stream().filter(i -> mechanisms.contains(i.raw().mechanism())).toList();
  }

  /** The latest issuance of each distinct caller, oldest first. */
  private List<Issuance> latestPerFrom(List<Issuance> list) {
    Map<String, Issuance> latest = new LinkedHashMap<>();
    for (Issuance i : list) {
      latest.merge(i.raw().from().id(), i, (a, b) -> ORDER.compare(a, b) >= 0 ? a : b);
    }
    List<Issuance> out = new ArrayList<>(latest.values());
    out.sort(ORDER);
    return out;
  }

  private static final Comparator<Issuance> ORDER =
      Comparator.comparing((Issuance i) -> i.raw().validFrom()).thenComparing(i -> i.key);

  /**
   * Of several records issuing one key (a key id is unique, so they are duplicated or damaged): those that
   * rule 2 also names (the session's {@code creationDate}), else those whose credentials were valid at the
   * call, when that leaves any; else all, and the answer says they could not be told apart.
   */
  private static List<Issuance> narrowed(List<Issuance> match, Ctx c) {
    Optional<Instant> issuedAt = c.caller().issuedAt();
    if (issuedAt.isPresent()) {
      List<Issuance> byDate = match.stream().filter(i -> !i.raw().validFrom().isBefore(issuedAt.get()
          .minus(CREATION_TOLERANCE)) && !i.raw().validFrom().isAfter(issuedAt.get().plus(CREATION_TOLERANCE))).toList();
      if (!byDate.isEmpty()) {
        return byDate;
      }
    }
    List<Issuance> valid = match.stream().filter(i -> within(i.raw(), c.time(), Duration.ZERO)).toList();
    return valid.isEmpty() ? match : valid;
  }

  private static boolean within(Hop h, Instant t, Duration slack) {
    Instant cap = h.validFrom().plus(MAX_AWS_CREDENTIAL_LIFETIME);
    Instant until = h.validUntil().filter(u -> u.isBefore(cap)).orElse(cap);
    return !t.isBefore(h.validFrom()) && t.isBefore(until.plus(slack));
  }

  private static boolean validToken(Hop h, Instant t, Duration defaultLifetime) {
    Instant until = h.validUntil().orElse(h.validFrom().plus(defaultLifetime));
    Instant cap = h.validFrom().plus(MAX_GCP_TOKEN_LIFETIME);
    return !t.isBefore(h.validFrom()) && t.isBefore(until.isAfter(cap) ? cap : until);
  }

  private Principal roleOf(Principal session) {
    Optional<String> role = Ids.roleOfSession(session.id());
    String acct = session.account().or(() -> Ids.account(session.id())).orElse(null);
    if (role.isPresent()) {
      return g.canon(Principal.of(role.get(), PrincipalKind.IAM_ROLE, Cloud.AWS).withAccount(acct));
    }
    return g.canon(Principal.of("arn:aws:iam::" + (acct == null ? "unknown" : acct) + ":root",
        PrincipalKind.AWS_ACCOUNT, Cloud.AWS).withAccount(acct));
  }

  private Principal awsPrincipal(String arn) {
    return g.canon(Principal.of(arn, Ids.kindOf(arn), Cloud.AWS).withAccount(Ids.account(arn).orElse(null)));
  }

  static Hop weaken(Hop h, Strength s, String reason) {
    Strength weaker = h.strength().weakest(s);
    String why = h.reason().map(r -> reason + "; " + r).orElse(reason);
    return new Hop(h.mechanism(), h.from(), h.to(), h.issued(), h.validFrom(), h.validUntil(), h.audience(),
        h.sourceIdentity(), h.evidence(), weaker, Optional.of(why));
  }

  /** The hop as made by {@code from}: a shared or role-level hop shown from the principal that held it. */
  static Hop withFrom(Hop h, Principal from) {
    return new Hop(h.mechanism(), from, h.to(), h.issued(), h.validFrom(), h.validUntil(), h.audience(),
        h.sourceIdentity(), h.evidence(), h.strength(), h.reason());
  }
}
