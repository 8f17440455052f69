package dev.crosstrail.graph;

import static java.util.Objects.requireNonNull;

import dev.crosstrail.model.AuditEvent;
import dev.crosstrail.model.Cloud;
import dev.crosstrail.model.Credential;
import dev.crosstrail.model.Evidence;
import dev.crosstrail.model.Hop;
import dev.crosstrail.model.HopMechanism;
import dev.crosstrail.model.Principal;
import dev.crosstrail.model.PrincipalKind;
import dev.crosstrail.model.ResourceRef;
import dev.crosstrail.model.SessionContext;
import dev.crosstrail.model.Strength;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BinaryOperator;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The principal graph.
 *
 * <p><b>Resolve at query time.</b> {@link #add} only records facts in indexes that grow
 * monotonically (hops by issued key, by target, by source, by role; principals; learnt unique ids);
 * it never decides a link. Every query walks back from the actor through those indexes when it is
 * asked, and breaks every tie by time and id, never by arrival. So an AssumeRole that arrives after
 * the calls it explains still explains them, and any order or batching of the same records gives the
 * same answers. The cost is a few hash lookups per hop at query time, which keeps {@link #add} cheap
 * and the state independent of the number of action records.
 *
 * <p><b>Memory.</b> Identity state holds one entry per principal and per hop (session issuance,
 * token exchange, impersonation); delegation hops seen on action records are aggregated per
 * (from, to) pair. Action records are kept only with {@code retainActions}, as compact views.
 *
 * <p><b>Threads.</b> One read-write lock: {@link #add} takes the write lock, queries the read lock.
 */
final class DefaultPrincipalGraph implements PrincipalGraph {

  /** The order of every list of issuances a lookup returns: by start of validity, then by key. */
  private static final Comparator<Issuance> ISSUANCE_ORDER =
      Comparator.comparing((Issuance i) -> i.raw().validFrom()).thenComparing(i -> i.key);

  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private final PrincipalDirectory directory;
  /** The directory's service-account map backwards (email -> unique ids), built once: queries ask it per delegated call. */
  private final Map<String, Set<String>> directoryUniqueIdsByEmail = new HashMap<>();
  private final boolean retainActions;

  // identity state: grows with principals and hops
  final Map<String, Issuance> issuances = new HashMap<>();
  final Map<String, Set<String>> byKey = new HashMap<>();
  final Map<String, Set<String>> byTo = new HashMap<>();
  final Map<String, Set<String>> byFrom = new HashMap<>();
  final Map<String, Set<String>> byRole = new HashMap<>();
  /** Issuances by the sourceIdentity their record states (rule 5), to find the one that set it. */
  final Map<String, Set<String>> bySourceIdentity = new HashMap<>();
  /** Account id → the role ARNs {@link #byRole} holds sessions of (an account as a federated subject). */
  final Map<String, Set<String>> rolesByAccount = new HashMap<>();
  /** Per issuance index, each key's issuances sorted by validFrom; dropped for a key when an add touches it. */
  private final Map<Map<String, Set<String>>, Map<String, List<Issuance>>> sortedViews = new IdentityHashMap<>();
  final Map<String, DelegationEdge> delegationEdges = new HashMap<>();
  final Map<String, Set<String>> delegationByFrom = new HashMap<>();
  /**
   * By (cloud, id): keyed by a record, not a concatenated string, because every record and every query
   * looks principals up (a fresh key string would be hashed in full each time; an id's hash is cached).
   */
  final Map<PrincipalKey, Principal> principals = new HashMap<>();
  /**
   * Each distinct description already learnt, with its service-account mapping key ({@link #NO_MAPPING}
   * if it teaches none): most records repeat their actor exactly, and then only the mapping's earliest
   * evidence can change.
   */
  private final Map<Principal, String> learntDescriptions = new HashMap<>();
  private static final String NO_MAPPING = "";
  final Map<String, Set<String>> learntServiceAccounts = new HashMap<>();
  /** The same, backwards: email -> unique ids (an account deleted and recreated under its email has two). */
  private final Map<String, Set<String>> learntServiceAccountIds = new HashMap<>();
  /** For each "uniqueId|email" learnt from the logs, the earliest record that showed it (order-independent). */
  private final Map<String, Evidence> serviceAccountMappingEvidence = new HashMap<>();
  final Map<String, Set<String>> learntAwsIds = new HashMap<>();
  final Map<String, Set<String>> usersByName = new HashMap<>();
  final Map<String, Set<String>> webIdentitiesBySub = new HashMap<>();
  /** Role ARNs without their path (as session ARNs give them) to the ARN with it, once a record shows it. */
  private final Map<String, Set<String>> rolesWithPath = new HashMap<>();
  /** Denied identity-establishing calls, one entry per event (cross-account copies share a sharedEventID). */
  private final Map<String, TreeMap<String, DeniedAttempt>> denied = new HashMap<>();
  /** Denied entries by the subject keys of the caller each copy names. */
  private final Map<String, Set<String>> deniedByCaller = new HashMap<>();
  /** Denied entries by the identity they tried to obtain ({@link #targetKey}). */
  private final Map<String, Set<String>> deniedByTarget = new HashMap<>();
  /** Denied entries by the principal id ({@code AIDA…}, {@code AROA…}) a role owner's copy names the caller by. */
  private final Map<String, Set<String>> deniedByPrincipalId = new HashMap<>();
  /**
   * Role owner's copies of issuances that name their caller by a role session's principal id
   * ({@code AROA…:NAME}), by the caller's account and session name (rule 6): a session finds the copies
   * that may name it without scanning those of every other session of its role.
   */
  private final Map<String, Set<String>> ownerCopiesBySession = new HashMap<>();

  /**
   * Answers shared across queries until the next add: see {@link Resolver.SessionMemo}. Cleared by every
   * add, so a remembered answer is always one the current graph gives.
   */
  final Map<Resolver.SessionKey, Resolver.SessionMemo> sessionMemo = new ConcurrentHashMap<>();

  /** Resolver steps taken by queries so far: a package-private gauge for tests of bounded work. */
  final LongAdder resolverSteps = new LongAdder();

  /** Forward edges listed by walks so far (the same kind of gauge, for {@link ForwardWalk}). */
  final LongAdder forwardEdges = new LongAdder();

  // optional action index
  private final Map<String, ActionView> actions = new HashMap<>();
  /**
   * Each copy of a call logged in two accounts (one {@code sharedEventID}), by its own id: {@link #actions}
   * holds one view per call, so that activity lists it once, but trace and record answer for the copy asked.
   */
  private final Map<String, ActionView> copiesById = new HashMap<>();
  /** Retained records that had another kept record's id, by that id (bad input only), in content order. */
  private final Map<String, List<ActionView>> displacedActions = new HashMap<>();
  private final Map<Principal, Principal> principalPool = new HashMap<>();
  private final Map<String, String> stringPool = new HashMap<>();
  private final Map<Credential, Optional<Credential>> credentialPool = new HashMap<>();
  /**
   * By a web-identity session's access key, the audience its token was minted for, as the session's calls
   * show it ({@code accounts.google.com:oaud}): AssumeRoleWithWebIdentity itself logs a Google token's azp,
   * the service account's unique id, as its audience, so rule 8's audience check needs this.
   */
  private final Map<String, String> presentedAudiences = new HashMap<>();
  /** By sharedEventID, the caller's copy of a cross-account identity call (one per identity record). */
  private final Map<String, ActionView> callerCopies = new HashMap<>();
  private final Map<String, Set<String>> actionsByActor = new HashMap<>();
  /** Retained actions by the sourceIdentity their session carried (rule 5), for activity. */
  private final Map<String, Set<String>> actionsBySourceIdentity = new HashMap<>();

  DefaultPrincipalGraph(PrincipalDirectory directory, boolean retainActions) {
    for (Map<String, Set<String>> index : List.of(byKey, byTo, byFrom, byRole, bySourceIdentity)) {
      sortedViews.put(index, new ConcurrentHashMap<>());
    }
    this.directory = directory;
    directory.serviceAccountEmails().forEach((uniqueId, email) -> index(directoryUniqueIdsByEmail, email, uniqueId));
    this.retainActions = retainActions;
  }

  /**
   * Hops seen only in {@code serviceAccountDelegationInfo}, aggregated per (from, to): the first and
   * last entries are kept as evidence, not a count (a count would change when a record is re-added),
   * and when entries named it after whom ({@link Sightings}), for the walk forward in time.
   */
  static final class DelegationEdge {
    final Principal from;
    final Principal to;
    Evidence first;
    Evidence last;
    final Sightings sightings = new Sightings();

    DelegationEdge(Principal from, Principal to, Evidence evidence) {
      this.from = from;
      this.to = to;
      this.first = evidence;
      this.last = evidence;
    }

    void see(Evidence e, String predecessor) {
      if (EVIDENCE_ORDER.compare(e, first) < 0) {
        first = e;
      }
      if (EVIDENCE_ORDER.compare(e, last) > 0) {
        last = e;
      }
      sightings.see(predecessor, e.time());
    }

    Hop hop(DefaultPrincipalGraph g) {
      List<Evidence> ev = first.equals(last) ? List.of(first) : List.of(first, last);
      return new Hop(HopMechanism.SERVICE_ACCOUNT_DELEGATION, g.canon(from), g.canon(to), Optional.empty(),
          first.time(), Optional.empty(), Optional.empty(), Optional.empty(), ev, dev.crosstrail.model.Strength.ASSERTED,
          Optional.of("serviceAccountDelegationInfo names this delegation (first and last entries as evidence)"));
    }
  }

  /**
   * Time, then cloud, then event id. Written out rather than composed with {@code Comparator.comparing}:
   * pass 1 compares every record's evidence with its actor's earliest, and the composed form calls its key
   * extractors through lambdas shared with every other such comparator in the JVM, which the JIT cannot
   * inline once it has seen several.
   */
  static final Comparator<Evidence> EVIDENCE_ORDER = (a, b) -> {
    int byTime = a.time().compareTo(b.time());
    if (byTime != 0) {
      return byTime;
    }
    int byCloud = a.cloud().compareTo(b.cloud());
    return byCloud != 0 ? byCloud : a.eventId().compareTo(b.eventId());
  };
  private static final BinaryOperator<Evidence> EARLIEST = (a, b) -> EVIDENCE_ORDER.compare(a, b) <= 0 ? a : b;

  /** What attribution needs of an action record; the compact form the graph retains. */
  record ActionView(
      Evidence evidence,
      String service,
      String operation,
      Principal actor,
      Optional<Credential> credential,
      Optional<Instant> issuedAt,
      Optional<String> sourceIdentity,
      Optional<Principal> issuer,
      List<Hop> delegation,
      Optional<String> sharedEventId,
      boolean identityEstablishing,
      boolean fromConsole,
      boolean fromInstanceMetadata,
      Optional<String> failure) {

    static ActionView of(AuditEvent e) {
      Optional<SessionContext> s = e.session();
      // a failed console sign-in has no code, only its message ("Failed authentication")
      Optional<String> failure = e.outcome().success() ? Optional.empty()
          : Optional.of(e.outcome().errorCode().or(() -> e.outcome().errorMessage()).orElse("failed"));
      Optional<String> sourceIdentity = s.flatMap(SessionContext::sourceIdentity);
      if (sourceIdentity.isEmpty() && Issuance.namesOnlyTheAccount(e.actor())) {
        // A role owner's copy shows no session of its caller, but the session it issued carries the caller's
        // sourceIdentity: propagated from the caller's session, or set by the caller on this call.
        sourceIdentity = e.hops().stream().flatMap(h -> h.sourceIdentity().stream()).findFirst();
      }
      return new ActionView(e.evidence(), e.service(), e.operation(), e.actor(), e.credential(),
          s.flatMap(SessionContext::issuedAt), sourceIdentity,
          s.flatMap(SessionContext::issuer), delegationHops(e), e.sharedEventId(), e.identityEstablishing(),
          DefaultPrincipalGraph.fromConsole(e), s.flatMap(SessionContext::ec2RoleDelivery).isPresent(), failure);
    }

    Issuance.CallerContext context() {
      return new Issuance.CallerContext(credential, issuedAt, sourceIdentity, issuer, delegation, Optional.of(evidence),
          fromConsole, fromInstanceMetadata);
    }
  }

  /**
   * Whether a call may have been made with console credentials (rule 3's sessions): the record says so
   * ({@code sessionCredentialFromConsole}), or its user agent is the console's
   * ({@code console.ec2.amazonaws.com}, {@code [S3Console/0.4, …]}, {@code signin.amazonaws.com},
   * {@code AWS Internal}), which is all older records show (seed 000's console calls carry no flag). Only a
   * call shown to be made outside the console may be told apart from a SwitchRole's session.
   */
  static boolean fromConsole(AuditEvent e) {
    if (e.session().map(SessionContext::fromConsole).orElse(false)) {
      return true;
    }
    String agent = e.userAgent().orElse("");
    return mentionsConsole(agent) || agent.equals("signin.amazonaws.com") || agent.equals("AWS Internal");
  }

  /**
   * Whether {@code agent} says "console" in any case. Every record of pass 2 asks this of its user agent,
   * so it makes no lower-cased copy and compares only where a 'c' or 'C' starts: calling
   * {@code regionMatches} at every position was a quarter of pass 2's time.
   */
  static boolean mentionsConsole(String agent) {
    for (int i = 0, last = agent.length() - 7; i <= last; i++) {
      if ((agent.charAt(i) | 0x20) == 'c' && agent.regionMatches(true, i, "console", 0, 7)) {
        return true;
      }
    }
    return false;
  }

  static List<Hop> delegationHops(AuditEvent e) {
    List<Hop> out = new ArrayList<>();
    for (Hop h : e.hops()) {
      if (h.mechanism() == HopMechanism.SERVICE_ACCOUNT_DELEGATION) {
        out.add(h);
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- add

  @Override
  public void add(AuditEvent event) {
    addAll(List.of(event));
  }

  /** One lock for the whole batch: threads that each add every record of a trail would queue on it per record. */
  @Override
  public void addAll(Iterable<AuditEvent> events) {
    lock.writeLock().lock();
    try {
      if (!sessionMemo.isEmpty()) {
        sessionMemo.clear();
      }
      Map<Principal, Evidence> named = new HashMap<>();
      try {
        for (AuditEvent event : events) {
          addLocked(event, named);
        }
      } finally {
        named.forEach(this::learn); // also when a record failed: the ones before it are in the indexes
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  /**
   * Adds one record; the principals it names are collected in {@code named} with their earliest evidence
   * and learnt once per batch. Nothing else in an add reads what was learnt, and a batch's records
   * mostly repeat a few actors, so the graph's own maps see each of them once per batch, not per record.
   */
  private void addLocked(AuditEvent event, Map<Principal, Evidence> named) {
    Evidence ev = event.evidence();
    named.merge(event.actor(), ev, EARLIEST);
    for (Principal p : event.namedPrincipals()) {
      named.merge(p, ev, EARLIEST);
    }
    // sessionIssuer: the role (AROA…) or, for a federated user, the IAM user (AIDA…) behind the session
    event.session().flatMap(SessionContext::issuer).ifPresent(i -> named.merge(i, ev, EARLIEST));
    for (Hop h : event.hops()) {
      named.merge(h.from(), ev, EARLIEST);
      named.merge(h.to(), ev, EARLIEST);
    }
    if (event.identityEstablishing() && !event.outcome().success()) {
      addDenied(event);
    }
    learnPresentedAudience(event);
    List<Hop> hops = event.hops();
    // The caller's copy of a cross-account identity call: the role owner's copy, which names only the
    // account, is attributed through it (rule 6), also in stream mode where actions are not kept.
    boolean callerCopy = event.identityEstablishing() && event.sharedEventId().isPresent()
        && !Issuance.namesOnlyTheAccount(event.actor());
    // built once, and only when something keeps it: a stream-mode action with no hop needs none
    ActionView view = hops.isEmpty() && !callerCopy && !retainActions ? null : ActionView.of(event);
    String predecessor = ""; // the chain's head has none
    for (int i = 0; i < hops.size(); i++) {
      Hop h = hops.get(i);
      if (h.mechanism() == HopMechanism.SERVICE_ACCOUNT_DELEGATION) {
        addDelegation(h, event.evidence(), predecessor);
        predecessor = h.from().id();
      } else {
        addIssuance(event, i, h, view);
      }
    }
    if (callerCopy) {
      callerCopies.merge(event.sharedEventId().get(), compact(view), (a, b) -> ACTION_ORDER.compare(a, b) <= 0 ? a : b);
    }
    if (retainActions) {
      addAction(view);
    }
  }

  /** The key of an issuance a record without a sharedEventID states: its hop at {@code index}. */
  private static String recordIssuanceKey(Cloud cloud, String eventId, int index) {
    return cloud + "|" + eventId + "|" + index;
  }

  private void learnPresentedAudience(AuditEvent event) {
    Optional<SessionContext> session = event.session();
    if (session.isEmpty() || session.get().webIdentityAttributes().isEmpty()) {
      return;
    }
    Optional<String> key = event.credential().flatMap(Credential::id);
    if (key.isEmpty()) {
      return;
    }
    session.get().webIdentityAttributes().forEach((name, value) -> {
      if (name.endsWith(":oaud")) {
        // one session presents one token; calls that disagree are bad data: keep one by a fixed rule, not by arrival
        presentedAudiences.merge(pooled(key.get()), pooled(value), (a, b) -> a.compareTo(b) <= 0 ? a : b);
      }
    });
  }

  /**
   * The audience of the token an AssumeRoleWithWebIdentity presented: what its session's calls show as
   * {@code :oaud} when one was read, else what the record logged (for a Google token its azp, which says
   * nothing of the audience it was minted for).
   */
  Optional<String> presentedAudience(Hop webIdentityLogin) {
    return webIdentityLogin.issued().flatMap(Credential::id).map(presentedAudiences::get)
        .or(webIdentityLogin::audience);
  }

  private void addIssuance(AuditEvent event, int index, Hop recorded, ActionView view) {
    Hop hop = compact(recorded);
    // One issuance per record id (copies of one record in two shapes, one lacking a field, stay one); two
    // different records that share an id keep one by content, and keysIssuedBy drops the other's key.
    String key = pooled(event.sharedEventId()
        .map(s -> "S|" + s + "|" + hop.mechanism() + "|" + hop.to().id())
        .orElse(recordIssuanceKey(event.cloud(), event.id(), index)));
    Issuance.CallerContext caller = Issuance.CallerContext.NONE;
    Principal actor = event.actor();
    if (actor.id().equals(hop.from().id()) && actor.cloud() == hop.from().cloud()) {
      Optional<SessionContext> s = event.session();
      caller = new Issuance.CallerContext(event.credential(), s.flatMap(SessionContext::issuedAt),
          s.flatMap(SessionContext::sourceIdentity).map(this::pooled),
          s.flatMap(SessionContext::issuer).map(this::pooled), view.delegation(), Optional.of(event.evidence()),
          view.fromConsole(), view.fromInstanceMetadata());
    }
    if (issuances.computeIfAbsent(key, Issuance::new).add(new Issuance.Copy(event.id(), hop, caller))) {
      // A caller's copy that arrives after the owner's becomes primary and may move the issuance in time:
      // drop every sorted view rather than track which other keys list it (rare, and rebuilt on demand).
      sortedViews.values().forEach(Map::clear);
    }
    hop.issued().flatMap(Credential::id).ifPresent(k -> index(byKey, k, key));
    hop.sourceIdentity().ifPresent(si -> index(bySourceIdentity, si, key));
    for (String k : Ids.subjectKeys(hop.to().id())) {
      index(byTo, k, key);
    }
    for (String k : Ids.subjectKeys(hop.from().id())) {
      index(byFrom, k, key);
    }
    if (Issuance.namesOnlyTheAccount(hop.from())) {
      ownerCopySessionKey(hop.from()).ifPresent(k -> index(ownerCopiesBySession, k, key));
    }
    Optional<String> role = Ids.roleOfSession(hop.to().id());
    role.ifPresent(r -> {
      index(byRole, r, key);
      Ids.account(r).ifPresent(a -> rolesByAccount.computeIfAbsent(a, x -> new TreeSet<>()).add(r));
    });
    if (hop.mechanism() == HopMechanism.SERVICE_ASSUMED_ROLE) {
      role.ifPresent(r -> index(byFrom, r, key));
    }
  }

  /** The caller's own copy of a cross-account call, from the identity index or the retained actions. */
  private ActionView callerCopy(String sharedEventId) {
    ActionView identity = callerCopies.get(sharedEventId);
    if (identity != null) {
      return identity;
    }
    ActionView retained = actions.get("S|" + sharedEventId);
    return retained != null && !Issuance.namesOnlyTheAccount(retained.actor()) ? retained : null;
  }

  /**
   * The graph keeps one instance of each principal and each repeated string (ids, accounts, audiences):
   * every record parses its own copies, and an identity record's hop would otherwise keep ~10 strings
   * alive that a thousand other hops repeat. This halves the graph's heap on large trails.
   */
  private Hop compact(Hop h) {
    return new Hop(h.mechanism(), pooled(h.from()), pooled(h.to()), h.issued(), h.validFrom(), h.validUntil(),
        h.audience().map(this::pooled), h.sourceIdentity().map(this::pooled), h.evidence(), h.strength(),
        h.reason().map(this::pooled));
  }

  /**
   * A retained action shares its actor, credential and names with every other action of the same
   * session: at ten million records this is most of a retaining graph's heap.
   */
  private ActionView compact(ActionView v) {
    return new ActionView(v.evidence(), pooled(v.service()), pooled(v.operation()), pooled(v.actor()),
        v.credential().flatMap(this::pooled), v.issuedAt(), v.sourceIdentity().map(this::pooled),
        v.issuer().map(this::pooled),
        v.delegation().isEmpty() ? List.of() : v.delegation().stream().map(this::compact).toList(),
        v.sharedEventId(), v.identityEstablishing(), v.fromConsole(), v.fromInstanceMetadata(),
        v.failure().map(this::pooled));
  }

  private Optional<Credential> pooled(Credential c) {
    return credentialPool.computeIfAbsent(c, k -> Optional.of(new Credential(k.kind(), k.id().map(this::pooled))));
  }

  private Principal pooled(Principal p) {
    Principal known = principalPool.get(p);
    if (known != null) {
      return known;
    }
    Principal compact = new Principal(pooled(p.id()), p.kind(), p.cloud(), p.account().map(this::pooled),
        p.uniqueId().map(this::pooled), p.sourceType().map(this::pooled));
    principalPool.put(compact, compact);
    return compact;
  }

  private String pooled(String s) {
    String known = stringPool.putIfAbsent(s, s);
    return known != null ? known : s;
  }

  private void addDenied(AuditEvent event) {
    String key = event.sharedEventId().map(x -> "S|" + x).orElse(event.cloud() + "|" + event.id());
    // A record may name its target twice (a service account by unique id and by email): shown by the
    // first, found by either.
    Optional<String> target = event.resources().stream().map(ResourceRef::id).findFirst();
    // copies ordered as actions are: the caller's own copy first, then by event id
    String order = (Issuance.namesOnlyTheAccount(event.actor()) ? "1|" : "0|") + event.id();
    denied.computeIfAbsent(key, k -> new TreeMap<>()).merge(order,
        new DeniedAttempt(event.actor(), event.operation(), target, event.outcome().errorCode(), event.evidence()),
        (a, b) -> DENIED_CONTENT.compare(a, b) <= 0 ? a : b);
    for (ResourceRef r : event.resources()) {
      index(deniedByTarget, targetKey(r.id()), key);
    }
    if (Issuance.namesOnlyTheAccount(event.actor())) {
      event.actor().uniqueId().flatMap(DefaultPrincipalGraph::principalIdOf).ifPresent(u -> index(deniedByPrincipalId, u, key));
    } else {
      for (String k : Ids.subjectKeys(event.actor().id())) {
        index(deniedByCaller, k, key);
      }
    }
  }

  /** Two different denied records with one id: the one kept does not depend on which came first. */
  private static final Comparator<DeniedAttempt> DENIED_CONTENT = Comparator
      .comparing(DeniedAttempt::evidence, EVIDENCE_ORDER)
      .thenComparing(DeniedAttempt::operation)
      .thenComparing(d -> d.caller().id())
      .thenComparing(d -> d.target().orElse(""));

  /** The SwitchRole records into session {@code arn} made in {@code [from, to]}, oldest first (rule 3). */
  List<Issuance> switchesInto(String arn, Instant from, Instant to) {
    List<Issuance> out = new ArrayList<>(0);
    for (Issuance i : lookup(byTo, arn, from, to)) {
      if (i.raw().mechanism() == HopMechanism.SWITCH_ROLE && Ids.same(i.raw().to().id(), arn)) {
        out.add(i);
      }
    }
    return out;
  }

  /** The principal id of a role owner's copy's caller ({@code AROA…:session} → {@code AROA…}), if it is one. */
  static Optional<String> principalIdOf(String uniqueId) {
    String u = uniqueId.contains(":") ? uniqueId.substring(0, uniqueId.indexOf(':')) : uniqueId;
    return u.startsWith("AIDA") || u.startsWith("AROA") ? Optional.of(u) : Optional.empty();
  }

  private void addDelegation(Hop hop, Evidence evidence, String predecessor) {
    String key = hop.from().id() + "\u0000" + hop.to().id();
    delegationEdges.computeIfAbsent(key, k -> {
      for (String f : Ids.subjectKeys(hop.from().id())) {
        index(delegationByFrom, f, k);
      }
      return new DelegationEdge(hop.from(), hop.to(), evidence);
    }).see(evidence, pooled(predecessor));
  }

  private void addAction(ActionView recorded) {
    ActionView view = compact(recorded);
    String id = view.evidence().eventId();
    String key = view.sharedEventId().map(s -> "S|" + s).orElse(id);
    if (!key.equals(id)) {
      copiesById.merge(id, view, (a, b) -> ACTION_ORDER.compare(a, b) <= 0 ? a : b);
    }
    ActionView old = actions.get(key);
    if (old != null && key.equals(id) && anotherRecord(old, view)) {
      displacedActions.merge(id, List.of(ACTION_ORDER.compare(view, old) < 0 ? old : view), (a, b) -> {
        List<ActionView> both = new ArrayList<>(a);
        b.stream().filter(x -> a.stream().noneMatch(y -> ACTION_ORDER.compare(x, y) == 0)).forEach(both::add);
        both.sort(ACTION_ORDER);
        return List.copyOf(both);
      });
    }
    if (old == null || ACTION_ORDER.compare(view, old) < 0) {
      actions.put(key, view);
    }
    for (String k : Ids.subjectKeys(view.actor().id())) {
      index(actionsByActor, k, key);
    }
    view.sourceIdentity().ifPresent(si -> index(actionsBySourceIdentity, si, key));
  }

  /**
   * Whether two records with one id are two records (a mixed-up export), not one read twice: one shape may
   * lack a field, but none states another time, operation or caller.
   */
  private static boolean anotherRecord(ActionView a, ActionView b) {
    return !a.evidence().time().equals(b.evidence().time()) || !a.operation().equals(b.operation())
        || !a.actor().id().equals(b.actor().id());
  }

  /**
   * Among copies of one action, prefer the one naming the caller, then the smallest event id; two
   * different records with one id (a mixed-up export) by their content, so that the one kept does not
   * depend on which came first.
   */
  private static final Comparator<ActionView> ACTION_ORDER = Comparator
      .comparing((ActionView v) -> Issuance.namesOnlyTheAccount(v.actor()) ? 1 : 0)
      .thenComparing(v -> v.evidence().eventId())
      .thenComparing(ActionView::evidence, EVIDENCE_ORDER)
      .thenComparing(ActionView::service)
      .thenComparing(ActionView::operation)
      .thenComparing(v -> v.actor().id())
      .thenComparing(v -> v.credential().flatMap(Credential::id).orElse(""))
      .thenComparing(v -> v.issuedAt().map(Instant::toString).orElse(""))
      .thenComparing(v -> v.sourceIdentity().orElse(""))
      .thenComparing(v -> v.issuer().map(Principal::id).orElse(""))
      .thenComparing(ActionView::fromConsole)
      .thenComparing(ActionView::fromInstanceMetadata)
      .thenComparing(v -> v.failure().orElse(""))
      .thenComparing(v -> v.delegation().stream().map(h -> h.from().id()).toList().toString());

  private void index(Map<String, Set<String>> map, String k, String v) {
    if (!map.computeIfAbsent(k, x -> new TreeSet<>()).add(v)) {
      return; // already listed (most records repeat an actor the graph knows): its sorted view still holds
    }
    Map<String, List<Issuance>> sorted = sortedViews.get(map);
    if (sorted != null) {
      sorted.remove(k);
    }
  }

  record PrincipalKey(Cloud cloud, String id) {
    static PrincipalKey of(Principal p) {
      return new PrincipalKey(p.cloud(), p.id());
    }

    /** The enum by ordinal, as in {@link Principal#hashCode()}. */
    @Override
    public int hashCode() {
      return 31 * id.hashCode() + cloud.ordinal();
    }
  }

  private void learn(Principal p, Evidence ev) {
    String mappingKey = learntDescriptions.get(p);
    if (mappingKey == null) {
      mappingKey = learnFirst(p);
      learntDescriptions.put(pooled(p), mappingKey);
    }
    if (!mappingKey.equals(NO_MAPPING)) {
      serviceAccountMappingEvidence.merge(mappingKey, ev, EARLIEST);
    }
  }

  /** What a description teaches the first time it is seen; returns its service-account mapping key or NO_MAPPING. */
  private String learnFirst(Principal p) {
    principals.merge(PrincipalKey.of(p), shared(p), DefaultPrincipalGraph::merge);
    switch (p.kind()) {
      case SERVICE_ACCOUNT -> {
        if (p.uniqueId().isPresent()) {
          String u = p.uniqueId().get();
          index(learntServiceAccounts, u, Ids.email(p.id()));
          index(learntServiceAccountIds, Ids.email(p.id()), u);
          return pooled(u + "|" + Ids.email(p.id()));
        }
      }
      case IAM_USER -> {
        usersByName.computeIfAbsent(Ids.lastSegment(p.id()), k -> new TreeSet<>()).add(p.id());
        p.uniqueId().filter(u -> u.startsWith("AIDA")).ifPresent(u -> index(learntAwsIds, u, p.id()));
      }
      case IAM_ROLE -> {
        p.uniqueId().filter(u -> u.startsWith("AROA")).ifPresent(u -> index(learntAwsIds, u, p.id()));
        String pathless = Ids.roleWithoutPath(p.id());
        if (!pathless.equals(p.id())) {
          index(rolesWithPath, pathless, p.id());
        }
      }
      case WEB_IDENTITY_USER -> index(webIdentitiesBySub, webSubject(p), p.id());
      default -> { }
    }
    return NO_MAPPING;
  }

  /**
   * What of {@code p} is a fact about the principal itself, shared by every record that names it. An
   * account ({@code arn:aws:iam::A:root}) is named both by the root user's own records ({@code Root},
   * unique id = the account id) and by the role owner's copy of every cross-account call from that
   * account ({@code AWSAccount}, unique id = the <em>calling</em> user's or role's principal id): its
   * unique id and source type describe the record, not the account, and are never merged.
   */
  private static Principal shared(Principal p) {
    if (p.kind() != PrincipalKind.AWS_ACCOUNT || (p.uniqueId().isEmpty() && p.sourceType().isEmpty())) {
      return p;
    }
    return new Principal(p.id(), p.kind(), p.cloud(), p.account(), Optional.empty(), Optional.empty());
  }

  /** A deterministic merge of two descriptions of one principal: known facts win, ties by value. */
  private static Principal merge(Principal a, Principal b) {
    PrincipalKind kind = a.kind() == b.kind() ? a.kind()
        : a.kind() == PrincipalKind.UNKNOWN ? b.kind()
        : b.kind() == PrincipalKind.UNKNOWN ? a.kind()
        : a.kind().ordinal() <= b.kind().ordinal() ? a.kind() : b.kind();
    return new Principal(a.id(), kind, a.cloud(), min(a.account(), b.account()), min(a.uniqueId(), b.uniqueId()),
        min(a.sourceType(), b.sourceType()));
  }

  private static Optional<String> min(Optional<String> a, Optional<String> b) {
    if (a.isPresent() && b.isPresent()) {
      return a.get().compareTo(b.get()) <= 0 ? a : b;
    }
    return a.or(() -> b);
  }

  static String webSubject(Principal p) {
    return p.uniqueId().orElseGet(() -> {
      int colon = p.id().lastIndexOf(':');
      return colon >= 0 ? p.id().substring(colon + 1) : p.id();
    });
  }

  /**
   * The best-known description of a principal (merged over everything added, and {@code p} itself);
   * per-record facts (see {@link #shared}) are {@code p}'s own.
   */
  Principal canon(Principal p) {
    if (p.kind() == PrincipalKind.IAM_ROLE && !rolesWithPath.isEmpty()) {
      // a role named from a session ARN has lost its path; policies need the ARN with it
      // role names are unique in an account, whatever their path; a name seen under two paths (a role
      // recreated elsewhere) keeps neither, so that the answer does not depend on which was read last
      Set<String> paths = rolesWithPath.get(p.id());
      String real = paths != null && paths.size() == 1 ? paths.iterator().next() : null;
      if (real != null) {
        Principal named = Principal.of(real, p.kind(), p.cloud()).withAccount(p.account().orElse(null))
            .withUniqueId(p.uniqueId().orElse(null)).withSourceType(p.sourceType().orElse(null));
        return canon(named);
      }
    }
    if (p.kind() == PrincipalKind.SERVICE_ACCOUNT && p.id().startsWith(Ids.SERVICE_ACCOUNT_BY_UNIQUE_ID)) {
      Optional<Principal> named = serviceAccountNamed(p);
      if (named.isPresent()) {
        return named.get();
      }
    }
    Principal known = principals.get(PrincipalKey.of(p));
    if (known == null) {
      return p;
    }
    return known.equals(p) ? known : merge(known, p);
  }

  /**
   * {@code serviceAccount:EMAIL} for a service account an entry named only as
   * {@code projects/-/serviceAccounts/UNIQUE_ID}, once a directory or another record maps that unique
   * id to an email: the same account, under the id its calls and delegations name it by.
   */
  private Optional<Principal> serviceAccountNamed(Principal byUniqueId) {
    Optional<String> uniqueId = Ids.serviceAccountUniqueIdForm(byUniqueId.id());
    Optional<String> email = uniqueId.flatMap(this::serviceAccountEmail);
    if (email.isEmpty()) {
      return Optional.empty();
    }
    Principal named = Principal.of("serviceAccount:" + email.get(), PrincipalKind.SERVICE_ACCOUNT, Cloud.GCP)
        .withUniqueId(uniqueId.get());
    return Optional.of(canon(byUniqueId.account().map(named::withAccount).orElse(named)));
  }

  /**
   * The issuances to {@code id} whose {@code validFrom} lies in {@code [from, to]}, in the order of
   * {@link #lookup(Map, String)}. For a service account these include the issuances whose entry named
   * it only by a unique id, for every unique id that {@link #canon} names with this account's email.
   */
  List<Issuance> issuedTo(String id, Instant from, Instant to) {
    List<Issuance> byId = lookup(byTo, id, from, to);
    if (!id.startsWith("serviceAccount:")) {
      return byId;
    }
    List<Issuance> all = new ArrayList<>(byId);
    for (String uniqueId : serviceAccountUniqueIds(id)) {
      all.addAll(lookup(byTo, Ids.SERVICE_ACCOUNT_BY_UNIQUE_ID + uniqueId, from, to));
    }
    if (all.size() == byId.size()) {
      return byId;
    }
    all.sort(ISSUANCE_ORDER);
    return all;
  }

  /**
   * An issuance's hop with its principals as the graph now knows them ({@link #canon}). A target its
   * entry named only by unique id is named by email when the id is known; the hop then says so, and
   * what mapped the id, and carries the record that showed the mapping as evidence too.
   */
  Hop merged(Issuance issuance) {
    Hop h = issuance.merged(this::canon);
    String recorded = issuance.raw().to().id();
    Optional<String> uniqueId = Ids.serviceAccountUniqueIdForm(recorded);
    if (uniqueId.isEmpty() || h.to().id().equals(recorded)) {
      return h;
    }
    StringBuilder source = new StringBuilder();
    serviceAccountEmail(uniqueId.get(), source);
    String renamed = "the entry names the account only by its resource name " + recorded + "; " + uniqueId.get()
        + " is the unique id of " + h.to().id() + " (from " + source + ")";
    List<Evidence> evidence = new ArrayList<>(h.evidence());
    serviceAccountMappingEvidence(uniqueId.get(), Ids.email(h.to().id()))
        .filter(e -> !evidence.contains(e)).ifPresent(evidence::add);
    return new Hop(h.mechanism(), h.from(), h.to(), h.issued(), h.validFrom(), h.validUntil(), h.audience(),
        h.sourceIdentity(), List.copyOf(evidence), h.strength(),
        Optional.of(h.reason().map(r -> r + "; " + renamed).orElse(renamed)));
  }

  Optional<Principal> known(String id) {
    Principal p = principals.get(new PrincipalKey(Cloud.AWS, id));
    return Optional.ofNullable(p != null ? p : principals.get(new PrincipalKey(Cloud.GCP, id)));
  }

  Optional<String> serviceAccountEmail(String uniqueId) {
    return serviceAccountEmail(uniqueId, new StringBuilder());
  }

  Optional<String> serviceAccountEmail(String uniqueId, StringBuilder source) {
    Optional<String> d = directory.serviceAccountEmail(uniqueId);
    Set<String> learnt = learntServiceAccounts.get(uniqueId);
    if (d.isPresent()) {
      // a hop citing a log entry as evidence of the mapping must not say it came from the directory alone
      source.append(learnt != null && learnt.contains(d.get()) ? "the directory and the audit logs" : "the directory");
      return d;
    }
    if (learnt != null && !learnt.isEmpty()) {
      source.append("the audit logs");
      return Optional.of(((TreeSet<String>) learnt).first());
    }
    return Optional.empty();
  }

  /** The earliest record that showed {@code uniqueId} to be the service account {@code email}, if any did. */
  Optional<Evidence> serviceAccountMappingEvidence(String uniqueId, String email) {
    return Optional.ofNullable(serviceAccountMappingEvidence.get(uniqueId + "|" + email));
  }

  /**
   * Every unique id of the service account {@code serviceAccountId} (an account deleted and recreated
   * under its email has several): its own, the directory's and the logs', each only if it maps back to
   * this email, so that the graph never gives one id to two accounts (see {@link #canon}).
   */
  private Set<String> serviceAccountUniqueIds(String serviceAccountId) {
    String email = Ids.email(serviceAccountId);
    Set<String> ids = new TreeSet<>(directoryUniqueIdsByEmail.getOrDefault(email, Set.of()));
    ids.addAll(learntServiceAccountIds.getOrDefault(email, Set.of()));
    known(serviceAccountId).flatMap(Principal::uniqueId).ifPresent(ids::add);
    ids.removeIf(u -> !serviceAccountEmail(u).filter(email::equals).isPresent());
    return ids;
  }

  Optional<String> awsArn(String uniqueId) {
    Optional<String> d = directory.awsArn(uniqueId);
    if (d.isPresent()) {
      return d;
    }
    Set<String> learnt = learntAwsIds.get(uniqueId);
    return learnt == null || learnt.isEmpty() ? Optional.empty() : Optional.of(((TreeSet<String>) learnt).first());
  }

  /**
   * The issuances that issued this access key (rule 1). Not every issuance indexed under it: when two
   * different records share an id, the issuance keeps one of them, and the other's key must not lead to it.
   */
  List<Issuance> keysIssuedBy(String accessKeyId) {
    List<Issuance> all = lookup(byKey, accessKeyId);
    List<Issuance> out = new ArrayList<>(all.size());
    for (Issuance i : all) {
      if (i.issuedKey(accessKeyId)) {
        out.add(i);
      }
    }
    return out.size() == all.size() ? all : out;
  }

  /**
   * The issuances indexed under this access key that did not issue it: a record issued it, but another,
   * different record with the same id was kept in its place (see {@link Issuance#displaced()}).
   */
  List<Issuance> keyIssuedByDisplacedRecord(String accessKeyId) {
    List<Issuance> out = new ArrayList<>(0);
    for (Issuance i : lookup(byKey, accessKeyId)) {
      if (!i.issuedKey(accessKeyId)) {
        out.add(i);
      }
    }
    return out;
  }

  /** The issuances indexed under {@code key}, in a stable order (issue time, then key). */
  List<Issuance> lookup(Map<String, Set<String>> map, String key) {
    Map<String, List<Issuance>> sorted = sortedViews.get(map);
    if (sorted == null) {
      return sortedIssuances(map, key);
    }
    // Sorted once per key and kept until an add touches the key: queries far outnumber adds once
    // the identity records are in, and a service account or role can have thousands of issuances.
    return sorted.computeIfAbsent(key, k -> sortedIssuances(map, k));
  }

  /**
   * The issuances under {@code key} whose {@code validFrom} lies in {@code [from, to]}, in the order of
   * {@link #lookup(Map, String)}, found by binary search instead of a scan over the key's whole history.
   */
  List<Issuance> lookup(Map<String, Set<String>> map, String key, Instant from, Instant to) {
    List<Issuance> all = lookup(map, key);
    int lo = firstNotBefore(all, i -> i.raw().validFrom(), from);
    int hi = lo;
    while (hi < all.size() && !all.get(hi).raw().validFrom().isAfter(to)) {
      hi++;
    }
    return all.subList(lo, hi);
  }

  /** The index of the first element of {@code sorted} (by {@code time}) not before {@code from}. */
  static <T> int firstNotBefore(List<T> sorted, java.util.function.Function<T, Instant> time, Instant from) {
    int lo = 0;
    int hi = sorted.size();
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (time.apply(sorted.get(mid)).isBefore(from)) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private List<Issuance> sortedIssuances(Map<String, Set<String>> map, String key) {
    Set<String> keys = map.get(key);
    if (keys == null) {
      return List.of();
    }
    List<Issuance> out = new ArrayList<>(keys.size());
    for (String k : keys) {
      out.add(issuances.get(k));
    }
    out.sort(ISSUANCE_ORDER);
    return List.copyOf(out);
  }

  // ---------------------------------------------------------------- queries

  /** A query under the read lock: queries run concurrently with each other, never with an add. */
  private <T> T reading(Supplier<T> query) {
    lock.readLock().lock();
    try {
      return query.get();
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public Attribution attribute(AuditEvent action) {
    requireNonNull(action, "action");
    ActionView view = ActionView.of(action);
    return reading(() -> attribute(view));
  }

  @Override
  public List<Attribution> attributeAll(List<AuditEvent> actions) {
    List<ActionView> views = new ArrayList<>(actions.size());
    for (AuditEvent action : actions) {
      views.add(ActionView.of(action));
    }
    return reading(() -> {
      List<Attribution> out = new ArrayList<>(views.size());
      for (ActionView view : views) {
        out.add(attribute(view));
      }
      return out;
    });
  }

  private Attribution attribute(ActionView view) {
    return attribute(view, new Resolver(this));
  }

  /** One attribution; a resolver shared by the attributions of one query reuses what it resolved. */
  private Attribution attribute(ActionView view, Resolver r) {
    if (Issuance.namesOnlyTheAccount(view.actor())) {
      // The role owner's copy of a cross-account call names its caller only as an account (rule 6).
      ActionView caller = view.sharedEventId().map(this::callerCopy).orElse(null);
      if (caller != null) {
        Resolver.Res res = r.resolveActor(caller.actor(),
            Resolver.Ctx.of(view.evidence().time(), caller.context(), false));
        return r.toAttribution(view.evidence(), canon(caller.actor()), res);
      }
      if (view.identityEstablishing()) {
        // Caller copies of identity records are always kept, so its absence means the caller's trail is missing.
        return r.toAttribution(view.evidence(), view.actor(), r.ownerCopyActor(view.actor(), view.evidence(), view.sourceIdentity()));
      }
      // Other cross-account calls keep no caller copy in stream mode: the logs may hold it, so no gap is claimed.
    }
    Resolver.Res res = r.resolveActor(view.actor(), new Resolver.Ctx(view.evidence().time(), view.context(), false,
        presentedByOwnLogin(view), Duration.ZERO));
    return r.toAttribution(view.evidence(), canon(view.actor()), res);
  }

  /**
   * For an AssumeRoleWithWebIdentity record itself, the audience its token was minted for (rule 8), so
   * that a token minted for another audience is not taken as the one it presented; else empty.
   */
  private Optional<String> presentedByOwnLogin(ActionView view) {
    if (!view.identityEstablishing() || view.actor().kind() != PrincipalKind.WEB_IDENTITY_USER) {
      return Optional.empty();
    }
    // a web-identity login is unauthenticated and logged once, so never under a sharedEventID
    Issuance own = issuances.get(recordIssuanceKey(view.evidence().cloud(), view.evidence().eventId(), 0));
    return own != null && own.raw().mechanism() == HopMechanism.ASSUME_ROLE_WITH_WEB_IDENTITY
        ? presentedAudience(own.raw()) : Optional.empty();
  }

  @Override
  public Optional<Attribution> trace(String eventId) {
    requireNonNull(eventId, "eventId");
    return reading(() -> retained(eventId).map(v -> withDisplaced(attribute(v), v)));
  }

  /** The answer for a kept record, naming the other records read with its id, if any. */
  private Attribution withDisplaced(Attribution a, ActionView kept) {
    List<ActionView> others = displacedActions.getOrDefault(kept.evidence().eventId(), List.of());
    if (others.isEmpty()) {
      return a;
    }
    String id = kept.evidence().eventId();
    List<Gap> gaps = new ArrayList<>(a.gaps());
    gaps.add(new Gap(Gap.Kind.RECORD_ID_REUSED, "record " + id + " was read as " + describe(kept) + " and as "
        + others.stream().map(DefaultPrincipalGraph::describe).collect(Collectors.joining(" and as "))
        + ": two different records share this id, and this answer is for the first",
        "find which record with id " + id + " is genuine and read the logs without the other"));
    return new Attribution(a.action(), a.actor(), a.origin(), a.originKind(), a.originDetail(), a.chain(),
        a.strength(), gaps, a.candidates());
  }

  private static String describe(ActionView v) {
    return v.operation() + " by " + v.actor().id() + " at " + v.evidence().time();
  }

  @Override
  public Optional<RecordSummary> record(String eventId) {
    requireNonNull(eventId, "eventId");
    return reading(() -> retained(eventId).map(this::summary));
  }

  /** The retained record with this id: a copy of a call logged in two accounts answers as itself. */
  private Optional<ActionView> retained(String eventId) {
    ActionView copy = copiesById.get(eventId);
    return Optional.ofNullable(copy != null ? copy : actions.get(eventId));
  }

  private RecordSummary summary(ActionView v) {
    return new RecordSummary(v.evidence(), v.service(), v.operation(), canon(v.actor()), v.failure());
  }

  @Override
  public List<SessionInstance> sessions(String roleArn) {
    requireNonNull(roleArn, "roleArn");
    if (!roleArn.startsWith("arn:") || !roleArn.contains(":role/")) {
      throw new IllegalArgumentException("sessions takes a role's ARN (arn:aws:iam::ACCOUNT:role/NAME), got " + roleArn
          + Ids.roleOfSession(roleArn).map(r -> ": for the sessions of this session's role, ask for " + r
              + "; for this session's own story, trace one of its calls or ask activity").orElse(""));
    }
    return reading(() -> {
      List<SessionInstance> out = new ArrayList<>();
      Principal role = canon(Principal.of(roleArn, PrincipalKind.IAM_ROLE, Cloud.AWS)
          .withAccount(Ids.account(roleArn).orElse(null)));
      Resolver r = new Resolver(this);
      for (Issuance i : lookup(byRole, Ids.roleWithoutPath(roleArn))) {
        Hop h = merged(i);
        Resolver.Res res = r.follow(i, null, null, 0);
        // the issuing record: its hop's evidence, or the record the hop came from (never the internal key)
        Evidence issuing = h.evidence().isEmpty()
            ? new Evidence(h.to().cloud(), i.primary().eventId(), h.validFrom()) : h.evidence().get(0);
        Attribution a = r.toAttribution(issuing, h.to(), res);
        out.add(new SessionInstance(h.to(), role, h.issued().flatMap(Credential::id), h.validFrom(), h.validUntil(),
            h.mechanism(), h.evidence(), a));
      }
      return List.copyOf(out);
    });
  }

  @Override
  public List<DeniedAttempt> deniedAttempts(String principalId) {
    requireNonNull(principalId, "principalId");
    return reading(() -> {
      Set<String> keys = new TreeSet<>();
      for (String k : Ids.subjectKeys(principalId)) {
        keys.addAll(deniedByCaller.getOrDefault(k, Set.of()));
      }
      // a role owner's copy names the caller by principal id: match it as rule 6 does
      for (Map.Entry<String, Set<String>> e : deniedByPrincipalId.entrySet()) {
        if (awsArn(e.getKey()).filter(arn -> Ids.same(arn, principalId)).isPresent()) {
          keys.addAll(e.getValue());
        }
      }
      List<DeniedAttempt> out = new ArrayList<>();
      for (String k : keys) {
        out.add(denied.get(k).firstEntry().getValue());
      }
      out.sort(Comparator.comparing(DeniedAttempt::evidence, EVIDENCE_ORDER));
      return List.copyOf(out);
    });
  }

  @Override
  public List<DeniedAttempt> deniedAttemptsOn(String targetId) {
    requireNonNull(targetId, "targetId");
    return reading(() -> deniedOn(targetId));
  }

  /** {@link #deniedAttemptsOn}, under the caller's lock. */
  private List<DeniedAttempt> deniedOn(String targetId) {
    Set<String> keys = new TreeSet<>(deniedByTarget.getOrDefault(targetKey(targetId), Set.of()));
    if (targetId.startsWith("serviceAccount:")) {
      // a record may name the account only by its unique id (projects/-/serviceAccounts/UNIQUE_ID)
      for (String u : serviceAccountUniqueIds(targetId)) {
        keys.addAll(deniedByTarget.getOrDefault("serviceAccount:" + u, Set.of())); // targetKey of its resource name
      }
    }
    List<DeniedAttempt> out = new ArrayList<>();
    for (String k : keys) {
      out.add(denied.get(k).firstEntry().getValue());
    }
    out.sort(Comparator.comparing(DeniedAttempt::evidence, EVIDENCE_ORDER));
    return List.copyOf(out);
  }

  /**
   * One key per identity a denied call tried to obtain, however the record names it: a role with or
   * without its path, a service account by {@code serviceAccount:EMAIL} or by its resource name.
   */
  private static String targetKey(String target) {
    String t = target.startsWith(Ids.SERVICE_ACCOUNT_BY_UNIQUE_ID)
        ? "serviceAccount:" + target.substring(Ids.SERVICE_ACCOUNT_BY_UNIQUE_ID.length()) : target;
    return Ids.roleWithoutPath(t);
  }

  @Override
  public int principalCount() {
    return reading(() -> principals.size());
  }

  @Override
  public int hopCount() {
    return reading(() -> issuances.size() + delegationEdges.size());
  }

  /**
   * Forward edges out of an identity held in {@code cloud}: issued sessions, exchanges, impersonations,
   * delegations, each with what its record says about the caller's credential, in a stable order. An
   * AWS session's ARN also names its federated identity on GCP (the subject of a principal:// id, or
   * the bare ARN some entries log as the caller): held as that, only its GCP hops are its own. Held as
   * the session, its GCP hops are reached through its ExchangeToken where one logged gives a token valid
   * at the time; where none does, the exchange was not logged (a Data Access log, rule 9), and the hop is
   * the session's, inferred, up to a token's lifetime after the session.
   */
  private List<ForwardWalk.Edge> forward(Cloud cloud, String id) {
    List<ForwardWalk.Edge> out = new ArrayList<>();
    Set<String> seen = new TreeSet<>();
    // the federated identities this session became through a logged ExchangeToken, with the tokens' windows
    Map<String, List<Hop>> exchanged = new HashMap<>();
    if (cloud == Cloud.AWS) {
      for (Issuance i : lookup(byFrom, id)) {
        Hop raw = i.raw();
        if (raw.mechanism() == HopMechanism.TOKEN_EXCHANGE && raw.from().cloud() == Cloud.AWS) {
          exchanged.computeIfAbsent(raw.to().cloud() + "|" + raw.to().id(), k -> new ArrayList<>()).add(raw);
        }
      }
    }
    for (String k : Ids.subjectKeys(id)) {
      for (String key : byFrom.getOrDefault(k, Set.of())) {
        Issuance i = issuances.get(key);
        Principal from = i.raw().from();
        if ((cloud == Cloud.GCP && from.cloud() != Cloud.GCP) || !Ids.samePool(from.id(), id) || !seen.add(key)) {
          continue;
        }
        Hop h = merged(i);
        if (h.mechanism() == HopMechanism.SERVICE_ASSUMED_ROLE && !Ids.same(h.from().id(), id)) {
          Principal role = canon(Principal.of(id, PrincipalKind.IAM_ROLE, Cloud.AWS));
          h = Resolver.withFrom(h, role);
        }
        if (cloud == Cloud.AWS && from.cloud() == Cloud.GCP) {
          federatedHop(id, h, exchanged.get(from.cloud() + "|" + from.id())).ifPresent(out::add);
        } else {
          out.add(new ForwardWalk.Edge(h, i.primary().caller()));
        }
      }
      for (String key : delegationByFrom.getOrDefault(k, Set.of())) {
        DelegationEdge d = delegationEdges.get(key);
        boolean viaExchange = cloud == Cloud.AWS && exchanged.containsKey(d.from.cloud() + "|" + d.from.id());
        if (!viaExchange && seen.add("D|" + key)) {
          out.add(new ForwardWalk.Edge(d.hop(this), Issuance.CallerContext.NONE, d.sightings, Duration.ZERO));
        }
      }
    }
    if (cloud == Cloud.AWS) {
      roleSessions(id, seen, out);
      ownerCopiesNaming(id, seen, out);
    }
    Optional<String> byUniqueId = Ids.serviceAccountUniqueIdForm(id);
    if (id.startsWith("serviceAccount:") || byUniqueId.isPresent()) {
      Principal sa = canon(known(id).orElse(Principal.of(id, PrincipalKind.SERVICE_ACCOUNT, Cloud.GCP)));
      for (String uid : byUniqueId.map(Set::of).orElseGet(() -> serviceAccountUniqueIds(id))) {
        StringBuilder source = new StringBuilder();
        if (byUniqueId.isPresent()) {
          source.append("the GenerateIdToken entries that named the account by it");
        } else {
          serviceAccountEmail(uid, source);
        }
        List<Evidence> mappedBy = byUniqueId.isPresent() ? List.of()
            : serviceAccountMappingEvidence(uid, Ids.email(id)).map(List::of).orElse(List.of());
        for (String web : webIdentitiesBySub.getOrDefault(uid, Set.of())) {
          Principal w = canon(Principal.of(web, PrincipalKind.WEB_IDENTITY_USER, Cloud.AWS));
          Instant first = lookup(byFrom, web).stream().map(i -> i.raw().validFrom()).min(Comparator.naturalOrder())
              .orElse(Instant.EPOCH);
          out.add(new ForwardWalk.Edge(new Hop(HopMechanism.SAME_IDENTITY, sa, w, Optional.empty(), first,
              Optional.empty(), Optional.empty(), Optional.empty(), mappedBy, dev.crosstrail.model.Strength.EXACT,
              Optional.of("the web-identity subject " + uid + " is the unique id of " + id + " (from " + source
                  + ")")), Issuance.CallerContext.NONE));
        }
      }
    }
    out.sort(Comparator.comparing((ForwardWalk.Edge e) -> e.hop().validFrom()).thenComparing(e -> e.hop().to().id())
        .thenComparing(e -> e.hop().mechanism()));
    return out;
  }

  /**
   * A GCP hop of session {@code arn}'s federated identity, seen from the session: none when a logged
   * ExchangeToken gave a token valid at the time (the walk goes through that exchange); else the hop,
   * inferred, with a token's lifetime of slack after the session (the exchange was not logged).
   */
  private Optional<ForwardWalk.Edge> federatedHop(String arn, Hop h, List<Hop> exchanges) {
    Instant t = h.validFrom();
    for (Hop x : exchanges == null ? List.<Hop>of() : exchanges) {
      Instant until = x.validUntil().orElse(x.validFrom().plus(Resolver.FEDERATED_TOKEN_LIFETIME));
      if (!t.isBefore(x.validFrom()) && t.isBefore(until)) {
        return Optional.empty();
      }
    }
    Hop weak = Resolver.weaken(h, dev.crosstrail.model.Strength.INFERRED, "no logged ExchangeToken of " + arn
        + " gave a token valid at " + t + ": the exchange was not logged (a Data Access log), and the federated"
        + " identity is the session's by its subject alone");
    return Optional.of(new ForwardWalk.Edge(weak, Issuance.CallerContext.NONE, null,
        Resolver.FEDERATED_TOKEN_LIFETIME));
  }

  /**
   * A role becomes each of its sessions, whoever assumed it: the issuing hop, shown from the role. An
   * analyst asking what a role did means what was done through its sessions.
   */
  private void roleSessions(String id, Set<String> seen, List<ForwardWalk.Edge> out) {
    if (!id.contains(":role/")) {
      return;
    }
    Principal role = canon(Principal.of(id, PrincipalKind.IAM_ROLE, Cloud.AWS).withAccount(Ids.account(id).orElse(null)));
    for (Issuance i : lookup(byRole, Ids.roleWithoutPath(id))) {
      if (seen.add(i.key)) {
        out.add(new ForwardWalk.Edge(asSessionOf(role, merged(i)), Issuance.CallerContext.NONE));
      }
    }
  }

  /**
   * Rule 6 forward, as {@link Resolver} reads it backward: the issuances known only from a role owner's
   * copy that names its caller by principal id {@code ROLEID:SESSIONNAME}, where that is the session
   * {@code id} (the role id resolved by a directory or the logs). The walk keeps those made while one of
   * the session's issuances was valid: by ARN and time, so inferred.
   */
  private void ownerCopiesNaming(String id, Set<String> seen, List<ForwardWalk.Edge> out) {
    if (Ids.roleOfSession(id).isEmpty() || ownerCopiesBySession.isEmpty()) {
      return;
    }
    String byName = sessionNameKey(Ids.account(id).orElse(id), Ids.lastSegment(id));
    for (String key : ownerCopiesBySession.getOrDefault(byName, Set.of())) {
      Issuance i = issuances.get(key);
      Principal recorded = i.raw().from();
      Optional<String> roleArn = recorded.uniqueId().flatMap(DefaultPrincipalGraph::principalIdOf).flatMap(this::awsArn);
      boolean names = roleArn.flatMap(arn -> Resolver.callerSessionArn(arn, recorded, Resolver.accountOf(recorded)))
          .filter(s -> Ids.same(s, id)).isPresent();
      if (i.ownerCopiesOnly() && names && seen.add(key)) {
        Principal session = canon(Principal.of(id, PrincipalKind.ROLE_SESSION, Cloud.AWS));
        Hop h = Resolver.weaken(Resolver.withFrom(merged(i), session), Strength.ASSERTED,
            Resolver.callerSessionReason(recorded, session));
        out.add(new ForwardWalk.Edge(h, i.primary().caller()));
      }
    }
  }

  /** The {@link #ownerCopiesBySession} key of an owner's copy naming its caller {@code AROA…:NAME}. */
  private static Optional<String> ownerCopySessionKey(Principal recorded) {
    return recorded.uniqueId().flatMap(Ids::roleSessionNameOf)
        .map(name -> sessionNameKey(Resolver.accountOf(recorded), name));
  }

  /** The {@link #ownerCopiesBySession} key of session NAME in an account: what both sides look it up by. */
  private static String sessionNameKey(String account, String sessionName) {
    return account + "|" + sessionName;
  }

  /** An issuing hop shown from the session's role: the role became the session (the caller is named in the reason). */
  private static Hop asSessionOf(Principal role, Hop h) {
    if (Ids.same(h.from().id(), role.id())) {
      return h;
    }
    String why = "a session of " + role.id() + ", issued to " + h.from().id();
    return new Hop(h.mechanism(), role, h.to(), h.issued(), h.validFrom(), h.validUntil(), h.audience(),
        h.sourceIdentity(), h.evidence(), h.strength(), Optional.of(h.reason().map(r -> why + "; " + r).orElse(why)));
  }

  /**
   * Rule 9 at a coarser grain (docs/DOMAIN.md §3: a mapping to the role or the account): the ExchangeTokens
   * whose subject names only {@code subject}, a role or an account. Each is a session's only by time, so
   * inferred; the walk keeps those made while a session of it was valid. Shared by every session of the
   * role (or account), so listed once per walk however many sessions there are.
   */
  private List<ForwardWalk.Edge> coarseSubjectExchanges(String subject) {
    List<ForwardWalk.Edge> out = new ArrayList<>();
    Set<String> seen = new TreeSet<>();
    for (String k : Ids.subjectKeys(subject)) {
      for (Issuance i : lookup(byFrom, k)) {
        Hop raw = i.raw();
        if (raw.mechanism() != HopMechanism.TOKEN_EXCHANGE || !Resolver.namedAsSubject(raw.from())
            || !seen.add(i.key)) {
          continue;
        }
        String named = raw.from().kind() == PrincipalKind.AWS_ACCOUNT ? "the account" : "the role";
        out.add(new ForwardWalk.Edge(Resolver.weaken(merged(i), dev.crosstrail.model.Strength.INFERRED,
            "the exchange names only " + named + " " + raw.from().id() + ", so any of its sessions valid then could"
                + " have made it"), Issuance.CallerContext.NONE));
      }
    }
    return out;
  }

  /** The shared edge lists of a session: the coarse exchanges of its role (with its path, if known) and account. */
  private List<String> sessionSubjects(Cloud cloud, String id) {
    Optional<String> role = cloud == Cloud.AWS ? Ids.roleOfSession(id) : Optional.empty();
    if (role.isEmpty()) {
      return List.of();
    }
    return List.of(canon(Principal.of(role.get(), PrincipalKind.IAM_ROLE, Cloud.AWS)).id(),
        "arn:aws:iam::" + Ids.account(id).orElse("") + ":root");
  }

  private ForwardWalk walk() {
    return new ForwardWalk(new ForwardWalk.Graph() {
      @Override
      public List<ForwardWalk.Edge> edges(Cloud cloud, String id) {
        List<ForwardWalk.Edge> edges = forward(cloud, id);
        forwardEdges.add(edges.size());
        return edges;
      }

      @Override
      public List<String> sharedKeys(Cloud cloud, String id) {
        return sessionSubjects(cloud, id);
      }

      @Override
      public List<ForwardWalk.Edge> shared(String key) {
        List<ForwardWalk.Edge> edges = coarseSubjectExchanges(key);
        forwardEdges.add(edges.size());
        return edges;
      }

      @Override
      public Optional<String> presentedAudience(Hop webIdentityLogin) {
        return DefaultPrincipalGraph.this.presentedAudience(webIdentityLogin);
      }

      @Override
      public boolean issuedByARecord(String accessKeyId) {
        return !keysIssuedBy(accessKeyId).isEmpty();
      }

      @Override
      public List<Hop> issuedAt(String arn, Instant created) {
        return lookup(byTo, arn, created.minus(Resolver.CREATION_TOLERANCE), created.plus(Resolver.CREATION_TOLERANCE))
            .stream().filter(i -> Resolver.AWS_ISSUING.contains(i.raw().mechanism()))
            .filter(i -> Ids.same(i.raw().to().id(), arn)).map(DefaultPrincipalGraph.this::merged).toList();
      }

      @Override
      public Set<String> switchersInto(String arn, Instant from, Instant to) {
        Set<String> who = new TreeSet<>();
        switchesInto(arn, from, to).forEach(i -> who.add(i.raw().from().id()));
        return who;
      }
    });
  }

  /**
   * The principal asked about: as the graph knows it, else of the kind its id's syntax names (a role
   * known only from a denied attempt on it is still a role).
   */
  private Principal principalFor(String id) {
    return known(id).map(this::canon).orElseGet(() -> Principal.of(id, Ids.kindOf(id),
        id.startsWith("arn:") ? Cloud.AWS : Cloud.GCP));
  }


  @Override
  public Optional<IdentityPath> path(String fromPrincipalId, String toPrincipalId) {
    requireNonNull(fromPrincipalId, "fromPrincipalId");
    requireNonNull(toPrincipalId, "toPrincipalId");
    return reading(() -> {
      Principal from = principalFor(fromPrincipalId);
      if (Ids.same(fromPrincipalId, toPrincipalId)) {
        return Optional.of(IdentityPath.empty(from));
      }
      // the target in its cloud: an ARN asked for is the AWS identity, not the federated one it names
      Cloud toCloud = principalFor(toPrincipalId).cloud();
      for (ForwardWalk.Reached r : walk().reachable(from).values()) {
        if (!r.path().isEmpty() && r.cloud() == toCloud && Ids.same(r.id(), toPrincipalId)) {
          return Optional.of(new IdentityPath(from, r.path().get(r.path().size() - 1).to(), r.path()));
        }
      }
      return Optional.empty();
    });
  }

  @Override
  public Activity activity(String principalId) {
    requireNonNull(principalId, "principalId");
    return reading(() -> {
      Principal principal = principalFor(principalId);
      List<IdentityPath> derived = new ArrayList<>();
      TreeMap<String, ActionView> candidates = new TreeMap<>();
      for (ForwardWalk.Reached r : walk().reachable(principal).values()) {
        List<Hop> hops = r.path();
        if (!hops.isEmpty()) {
          derived.add(new IdentityPath(principal, hops.get(hops.size() - 1).to(), hops));
        }
        for (String k : Ids.subjectKeys(r.id())) {
          for (String a : actionsByActor.getOrDefault(k, Set.of())) {
            candidates.put(a, actions.get(a));
          }
        }
      }
      // Rule 5: calls whose session carried a sourceIdentity this principal set (or that is its user name) may
      // be credited to it past missing records; the attribution below decides which are.
      for (String si : sourceIdentities(principal, derived)) {
        actionsBySourceIdentity.getOrDefault(si, Set.of()).forEach(a -> candidates.put(a, actions.get(a)));
      }
      if (principalId.contains(":role/")) {
        // sessions of the role whose issuing record is missing are its sessions too (attribution stops at the role)
        List<String> sessions = new ArrayList<>();
        for (Map.Entry<String, Set<String>> byActor : actionsByActor.entrySet()) {
          if (Ids.roleOfSession(byActor.getKey()).filter(r -> Ids.same(r, principalId)).isPresent()) {
            byActor.getValue().forEach(a -> candidates.put(a, actions.get(a)));
            if (byFrom.containsKey(byActor.getKey())) {
              sessions.add(byActor.getKey()); // only a session that obtained something became anything
            }
          }
        }
        // and what those sessions became: the walk from the role follows issuances only, so it misses what a
        // session did with credentials no record issued (a chain from instance-profile credentials, even
        // when an earlier refresh of them was logged)
        ForwardWalk fromSessions = walk();
        for (String session : sessions) {
          for (ForwardWalk.Reached r : fromSessions.reachable(principalFor(session)).values()) {
            for (String k : Ids.subjectKeys(r.id())) {
              actionsByActor.getOrDefault(k, Set.of()).forEach(a -> candidates.put(a, actions.get(a)));
            }
          }
        }
      }
      List<ReachedAction> reached = new ArrayList<>();
      Resolver resolver = new Resolver(this);
      for (ActionView v : candidates.values()) {
        Attribution a = attribute(v, resolver);
        Attribution through = a;
        Optional<IdentityPath> p = reach(a, principal);
        if (p.isEmpty()) {
          for (Attribution c : a.candidates()) {
            p = reach(c, principal);
            if (p.isPresent()) {
              through = c;
              break;
            }
          }
        }
        if (p.isPresent()) {
          reached.add(new ReachedAction(summary(v), p.get(), through != a, through));
        }
      }
      reached.sort(Comparator.comparing(ReachedAction::action, EVIDENCE_ORDER));
      return new Activity(principal, derived, reached, deniedOn(principalId), retainActions);
    });
  }

  /** The sourceIdentity strings that may name {@code principal}: set on a hop it led to, or its user name. */
  private static Set<String> sourceIdentities(Principal principal, List<IdentityPath> derived) {
    Set<String> names = new TreeSet<>();
    if (principal.kind() == PrincipalKind.IAM_USER) {
      names.add(Ids.lastSegment(principal.id()));
    }
    for (IdentityPath p : derived) {
      p.hops().forEach(h -> h.sourceIdentity().ifPresent(names::add));
    }
    return names;
  }

  /**
   * The part of an attribution's chain that starts at {@code p}, if {@code p} is on it; for a role, the
   * part from where the chain enters one of its sessions.
   */
  private static Optional<IdentityPath> reach(Attribution a, Principal p) {
    if (Ids.same(a.origin().id(), p.id()) && !a.ambiguous()) {
      return Optional.of(new IdentityPath(p, a.actor(), a.hops()));
    }
    List<Hop> hops = a.hops();
    for (int i = 0; i < hops.size(); i++) {
      if (Ids.same(hops.get(i).from().id(), p.id())) {
        return Optional.of(new IdentityPath(p, a.actor(), hops.subList(i, hops.size())));
      }
    }
    if (p.id().contains(":role/")) {
      for (int i = 0; i < hops.size(); i++) {
        Optional<String> role = Ids.roleOfSession(hops.get(i).to().id());
        if (role.isPresent() && Ids.same(role.get(), p.id())) {
          List<Hop> fromRole = new ArrayList<>(hops.subList(i, hops.size()));
          fromRole.set(0, asSessionOf(p, fromRole.get(0)));
          return Optional.of(new IdentityPath(p, a.actor(), fromRole));
        }
      }
    }
    if (Ids.same(a.actor().id(), p.id())) {
      return Optional.of(IdentityPath.empty(a.actor()));
    }
    return Optional.empty();
  }

  PrincipalDirectory directory() {
    return directory;
  }
}
