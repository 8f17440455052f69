package dev.crosstrail.graph;

import dev.crosstrail.model.Cloud;
import dev.crosstrail.model.Credential;
import dev.crosstrail.model.CredentialKind;
import dev.crosstrail.model.Evidence;
import dev.crosstrail.model.Hop;
import dev.crosstrail.model.HopMechanism;
import dev.crosstrail.model.Principal;
import dev.crosstrail.model.Strength;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Walks forward from a principal to every identity it became: docs/DOMAIN.md §4 read the other way, and in
 * time, agreeing with {@link Resolver} (the backward walk) wherever a record allows one reading. The
 * walk holds a credential: an identity (in a cloud: a session ARN is an AWS session, the same ARN as a
 * GCP caller its federated identity), the window in which the credential is valid, and its access key
 * when the record shows one. A hop is followed only within the window; a hop out of a session counts as
 * made with the credential held only when its record shows that credential (the access key, or the
 * creationDate of that one issuance), is inferred when the record shows none, and is not followed when
 * it shows another. An ID token only logs in to AWS as the account's web identity. One instance per
 * query; called under the graph's read lock.
 */
final class ForwardWalk {

  /** What the walk needs of the graph. */
  interface Graph {
    /** An identity's own forward edges (see {@link DefaultPrincipalGraph}), in a stable order. */
    List<Edge> edges(Cloud cloud, String id);

    /** Keys of edge lists several identities share (the role and account of a session), each listed once per walk. */
    List<String> sharedKeys(Cloud cloud, String id);

    /** The edges under a shared key. */
    List<Edge> shared(String key);

    /** The audience an AssumeRoleWithWebIdentity's token was minted for, where the logs show it (rule 8). */
    Optional<String> presentedAudience(Hop webIdentityLogin);

    /** Whether a record issued this access key. */
    boolean issuedByARecord(String accessKeyId);

    /** The AWS issuances of session {@code arn} whose time is {@code created}, give or take a second (rule 2). */
    List<Hop> issuedAt(String arn, Instant created);

    /** The principals that switched into {@code arn} in {@code [from, to]} (rule 3). */
    Set<String> switchersInto(String arn, Instant from, Instant to);
  }

  /**
   * A forward edge out of an identity, and what its record says about the caller's credential.
   * {@code sightings}: for a delegation edge, when entries named it and after whom; else null.
   * {@code slack}: how long after the holder's window the edge may still be the holder's (a federated
   * token outlives its session); usually zero.
   */
  record Edge(Hop hop, Issuance.CallerContext caller, Sightings sightings, Duration slack) {

    Edge(Hop hop, Issuance.CallerContext caller) {
      this(hop, caller, null, Duration.ZERO);
    }

    /** An edge that is a fact about identities, not an act at a time (a service account's web identity). */
    boolean timeless() {
      return hop.mechanism() == HopMechanism.SAME_IDENTITY;
    }
  }

  /** An identity reached, and the strongest path to it (then the shortest, then the first found). */
  record Reached(String id, Cloud cloud, List<Hop> path) {}

  /**
   * One way the walk holds an identity: reached through {@code via} from {@code before}, with the
   * credential that {@code issuing} issued ({@code key}, when the record shows it), valid in
   * {@code [from, until)}. {@code issuing} is {@code via}, except across a timeless edge, which keeps the
   * credential. The start holds its principal at every time, through no credential in particular.
   */
  private record Holding(String id, Cloud cloud, Principal principal, Hop issuing, Instant from, Instant until,
      Optional<String> key, Holding before, Hop via, int depth, Strength strength, long order) {

    boolean throughCredential() {
      return issuing != null;
    }

    List<Hop> path() {
      List<Hop> hops = new ArrayList<>(depth);
      for (Holding h = this; h.via != null; h = h.before) {
        hops.add(h.via);
      }
      Collections.reverse(hops);
      return List.copyOf(hops);
    }

    /** Everything the steps out of a holding depend on (and its predecessor, which delegation edges check). */
    String stateKey() {
      return cloud + "|" + id + '|' + from + '|' + until + '|' + key.orElse("") + '|'
          + (issuing == null ? "" : issuing.mechanism() + issuing.audience().orElse("") + (issuing == via)
              + issuing.evidence()) + '|' + (before == null ? "" : before.id);
    }
  }

  /** Stronger paths first, then shorter, then in the order found: the first holding of a state is its best. */
  private static final Comparator<Holding> BEST_FIRST = Comparator.comparing(Holding::strength)
      .thenComparingInt(Holding::depth).thenComparingLong(Holding::order);

  /** Hops that start an AWS session, whose calls carry its {@code creationDate}. */
  private static final Set<HopMechanism> AWS_SESSIONS = union(Resolver.AWS_ISSUING, HopMechanism.SWITCH_ROLE);

  /**
   * Edges by time, so that a holding finds those in its window by binary search (a session ARN used for
   * weeks has thousands); and the rest (timeless ones, delegations that stand for every entry naming
   * them, and edges with slack), which every holding checks.
   */
  private record Out(List<Edge> timed, List<Edge> spanning) {

    static Out of(List<Edge> edges) {
      List<Edge> timed = new ArrayList<>();
      List<Edge> spanning = new ArrayList<>();
      for (Edge e : edges) {
        (e.timeless() || e.sightings() != null || !e.slack().isZero() ? spanning : timed).add(e);
      }
      timed.sort(Comparator.comparing((Edge e) -> e.hop().validFrom()));
      return new Out(timed, spanning);
    }

    /** The edges a holding valid in {@code [from, until)} may follow: spanning ones, then timed ones in the window. */
    void within(Instant from, Instant until, List<Edge> into) {
      into.addAll(spanning);
      int i = DefaultPrincipalGraph.firstNotBefore(timed, e -> e.hop().validFrom(), from);
      for (; i < timed.size() && timed.get(i).hop().validFrom().isBefore(until); i++) {
        into.add(timed.get(i));
      }
    }
  }

  private final Graph graph;
  private final Map<String, Out> own = new HashMap<>();
  private final Map<String, Out> shared = new HashMap<>();
  private long found;

  ForwardWalk(Graph graph) {
    this.graph = graph;
  }

  /**
   * Every identity reachable from {@code start} (held in its cloud), each with its strongest path
   * (then its shortest, then the first found), in the order first reached, by cloud and id;
   * {@code start} itself comes first, with no hops.
   */
  LinkedHashMap<String, Reached> reachable(Principal start) {
    Holding origin = new Holding(start.id(), start.cloud(), start, null, Instant.MIN, Instant.MAX, Optional.empty(),
        null, null, 0, Strength.EXACT, found++);
    LinkedHashMap<String, Holding> best = new LinkedHashMap<>();
    Set<String> seen = new HashSet<>();
    // Best first: a state is expanded once, by its strongest path, so a weaker path that reaches it
    // earlier cannot hide a stronger one.
    PriorityQueue<Holding> queue = new PriorityQueue<>(BEST_FIRST);
    queue.add(origin);
    List<Edge> out = new ArrayList<>();
    while (!queue.isEmpty()) {
      Holding h = queue.poll();
      if (!seen.add(h.stateKey())) {
        continue;
      }
      best.putIfAbsent(h.cloud + "|" + h.id, h);
      if (h.depth >= Resolver.MAX_DEPTH) {
        continue;
      }
      out.clear();
      own.computeIfAbsent(h.cloud + "|" + h.id, k -> Out.of(graph.edges(h.cloud, h.id))).within(h.from, h.until, out);
      for (String key : graph.sharedKeys(h.cloud, h.id)) {
        shared.computeIfAbsent(key, k -> Out.of(graph.shared(k))).within(h.from, h.until, out);
      }
      for (Edge e : out) {
        step(h, e).ifPresent(queue::add);
      }
    }
    LinkedHashMap<String, Reached> reached = new LinkedHashMap<>();
    best.values().stream().sorted(Comparator.comparingLong(Holding::order))
        .forEach(h -> reached.put(h.cloud + "|" + h.id, new Reached(h.id, h.cloud, h.path())));
    return reached;
  }

  /** Holding {@code h}, following {@code e}: the next holding, or empty if {@code h}'s credential cannot have made it. */
  private Optional<Holding> step(Holding h, Edge e) {
    Hop hop = e.hop();
    if (h.throughCredential() && !canUse(h, hop)) {
      return Optional.empty();
    }
    if (e.timeless()) {
      // the same holder under another name: same window, same credential
      return Optional.of(next(h, hop, false, h.from, h.until, h.key));
    }
    Instant t = hop.validFrom();
    Instant until;
    if (e.sightings() != null) {
      // A delegation edge stands for every entry that named it: follow it only if one did within the
      // window, and (holding a credential) after the principal the walk came from.
      Optional<Instant[]> seen = e.sightings().within(
          p -> !h.throughCredential() || Ids.same(p, h.before.id), h.from, h.until);
      if (seen.isEmpty()) {
        return Optional.empty();
      }
      t = seen.get()[0];
      until = capped(seen.get()[1].plus(Resolver.FEDERATED_TOKEN_LIFETIME), h.until);
    } else if (t.isBefore(h.from) || !t.isBefore(h.until.equals(Instant.MAX) ? h.until : h.until.plus(e.slack()))) {
      return Optional.empty();
    } else {
      until = until(hop);
    }
    Holding holder = h;
    if (h.throughCredential()) {
      Optional<String> made = madeWith(h, e);
      if (made.isEmpty()) {
        return Optional.empty();
      }
      if (!made.get().isEmpty()) {
        // as the backward walk does, the link that rests on time alone is the credential's to this hop
        holder = weakenIssuing(h, hop, t, made.get());
      }
    }
    return Optional.of(next(holder, hop, true, t, until, hop.issued().flatMap(Credential::id)));
  }

  /** The holding {@code via} leads to; {@code issues}: whether its credential is the one {@code via} issued. */
  private Holding next(Holding h, Hop via, boolean issues, Instant from, Instant until, Optional<String> key) {
    if (!Ids.same(via.from().id(), h.id)) {
      // an edge shared by several identities (an exchange naming only the role): the held one made it,
      // so that each hop of a path starts where the one before it ended
      via = Resolver.withFrom(via, h.principal);
    }
    Hop issuing = issues ? via : h.issuing;
    return new Holding(via.to().id(), via.to().cloud(), via.to(), issuing, from, until, key, h, via, h.depth + 1,
        h.strength.weakest(via.strength()), found++);
  }

  /**
   * Whether the credential {@code h} holds can make a hop of this kind at all. Rule 8: an ID token is
   * presented to AssumeRoleWithWebIdentity as the account's web identity, and does nothing else; only an
   * ID token is presented there.
   */
  private static boolean canUse(Holding h, Hop hop) {
    boolean idToken = h.issuing.mechanism() == HopMechanism.GENERATE_ID_TOKEN;
    if (hop.mechanism() == HopMechanism.SAME_IDENTITY) {
      return idToken;
    }
    if (idToken) {
      // the account itself (held through the token) only becomes its web identity; that one only logs in
      return h.via != h.issuing && hop.mechanism() == HopMechanism.ASSUME_ROLE_WITH_WEB_IDENTITY;
    }
    return true;
  }

  /**
   * Whether {@code e}'s hop was made with {@code h}'s credential: {@code ""} when the record shows that
   * credential; why it is only inferred when the record shows none (or when it fits several); empty
   * when it shows another.
   */
  private Optional<String> madeWith(Holding h, Edge e) {
    Hop hop = e.hop();
    if (h.issuing.mechanism() == HopMechanism.GENERATE_ID_TOKEN
        && hop.mechanism() == HopMechanism.ASSUME_ROLE_WITH_WEB_IDENTITY
        && !Resolver.audienceMatches(h.issuing.audience(), graph.presentedAudience(hop),
            DefaultPrincipalGraph.webSubject(hop.from()))) {
      return Optional.empty(); // rule 8: an ID token minted for another audience
    }
    Optional<Credential> shown = e.caller().credential();
    if (shown.isPresent() && otherKind(shown.get().kind(), h.issuing.issued().map(Credential::kind))) {
      return Optional.empty(); // a user-managed or long-term key, not the credential held
    }
    Optional<String> used = shown.flatMap(Credential::id);
    if (used.isPresent() && h.key.isPresent()) {
      return used.equals(h.key) ? Optional.of("") : Optional.empty();
    }
    if (used.isPresent() && graph.issuedByARecord(used.get())) {
      return Optional.empty(); // the key of a recorded issuance, which is not the one held
    }
    Optional<String> byDelegation = byDelegation(h, e);
    if (byDelegation != null) {
      return byDelegation;
    }
    Optional<Instant> created = e.caller().issuedAt();
    if (created.isPresent() && AWS_SESSIONS.contains(h.issuing.mechanism())) {
      Optional<String> byCreation = byCreationDate(h, e, created.get());
      if (byCreation != null) {
        return byCreation;
      }
    }
    return Optional.of("the record does not show which credential was used, so another holder of " + h.id
        + " could have made it");
  }

  /**
   * Rule 10 for a hop whose entry carries serviceAccountDelegationInfo: its last item says who obtained
   * the token the caller used. The hop as recorded when that is the holding's predecessor (any token it
   * obtained for the account is the one held: same holder); empty when it names another; null when
   * the entry has no delegation for this holding.
   */
  private Optional<String> byDelegation(Holding h, Edge e) {
    List<Hop> delegation = e.caller().delegation();
    if (delegation.isEmpty() || h.before == null || h.cloud != Cloud.GCP) {
      return null;
    }
    Hop last = delegation.get(delegation.size() - 1);
    if (!Ids.same(last.to().id(), h.id)) {
      return null;
    }
    return Ids.same(last.from().id(), h.before.id) ? Optional.of("") : Optional.empty();
  }

  /**
   * Rules 2 and 3 for a hop whose record shows the session's creationDate: the hop as recorded when
   * the date names the held issuance alone; inferred when it names several, or a console session
   * several principals switched into; empty when it names another issuance; null when it says nothing
   * (a later creationDate outside the console: the caller goes on to infer).
   */
  private Optional<String> byCreationDate(Holding h, Edge e, Instant created) {
    List<Hop> issued = graph.issuedAt(h.id, created);
    boolean held = issued.stream().anyMatch(i -> i.evidence().equals(h.issuing.evidence()));
    if (!issued.isEmpty() && !held) {
      return Optional.empty(); // rule 2 names another issuance
    }
    if (held) {
      return Optional.of(issued.size() == 1 ? "" : issued.size() + " issuances of " + h.id
          + " were made at its creationDate " + created);
    }
    boolean switched = h.issuing.mechanism() == HopMechanism.SWITCH_ROLE;
    if (!switched || created.isBefore(h.from.minus(Resolver.CREATION_TOLERANCE))) {
      return Optional.empty(); // credentials of another issuance, or older than the switch
    }
    if (!e.caller().fromConsole()) {
      return null;
    }
    // the console renews a switched session's credentials (as Resolver reads rule 3), unless several switched in
    Set<String> switchers = graph.switchersInto(h.id, created.minus(Resolver.CONSOLE_WINDOW),
        created.plus(Resolver.CREATION_TOLERANCE));
    return Optional.of(switchers.size() <= 1 ? "" : switchers.size() + " principals switched into " + h.id
        + " in the 12 h before its creationDate " + created + "; the console session's records do not say which"
        + " one acted");
  }

  /**
   * {@code h} with the hop that issued its credential weakened to inferred, for the one path that goes
   * on through {@code hop}: the credential is only taken to be the one that made it. The holdings
   * after the issuing one (a web identity the same token stands for) are copied onto the weakened hop.
   */
  private static Holding weakenIssuing(Holding h, Hop hop, Instant t, String why) {
    java.util.ArrayDeque<Holding> after = new java.util.ArrayDeque<>();
    Holding at = h;
    while (at.via != at.issuing) {
      after.push(at);
      at = at.before;
    }
    String made = hop.mechanism() + hop.evidence().stream().findFirst().map(ev -> " " + ev.eventId()).orElse("")
        + (hop.mechanism() == HopMechanism.SERVICE_ACCOUNT_DELEGATION ? " (named by an entry at " + t + ")"
            : " at " + t);
    Hop weak = Resolver.weaken(at.via, Strength.INFERRED, "the credential this issued (valid " + at.from + " to "
        + at.until + ") is taken to have made " + made + " as " + h.id + "; " + why);
    Holding copy = new Holding(at.id, at.cloud, at.principal, weak, at.from, at.until, at.key, at.before, weak,
        at.depth, at.strength.weakest(Strength.INFERRED), at.order);
    while (!after.isEmpty()) {
      Holding s = after.pop();
      copy = new Holding(s.id, s.cloud, s.principal, weak, s.from, s.until, s.key, copy, s.via, s.depth,
          s.strength.weakest(Strength.INFERRED), s.order);
    }
    return copy;
  }

  /** Whether a record showing a credential of kind {@code shown} was made with a credential of another kind than {@code held}. */
  private static boolean otherKind(CredentialKind shown, Optional<CredentialKind> held) {
    boolean key = shown == CredentialKind.GCP_SERVICE_ACCOUNT_KEY || shown == CredentialKind.AWS_ACCESS_KEY;
    return key && !held.filter(shown::equals).isPresent();
  }

  /**
   * The end of the validity of the credential {@code hop} issued (exclusive), as the backward rules bound
   * it; a delegation is bounded by the entries that named it instead (see {@link #step}).
   */
  private static Instant until(Hop hop) {
    Instant from = hop.validFrom();
    return switch (hop.mechanism()) {
      case SWITCH_ROLE -> hop.validUntil().orElse(from.plus(Resolver.CONSOLE_WINDOW));
      case GENERATE_ID_TOKEN -> from.plus(Resolver.ID_TOKEN_LIFETIME);
      case TOKEN_EXCHANGE, GENERATE_ACCESS_TOKEN, SIGN_JWT, SIGN_BLOB ->
          capped(hop.validUntil().orElse(from.plus(Resolver.FEDERATED_TOKEN_LIFETIME)),
              from.plus(Resolver.MAX_GCP_TOKEN_LIFETIME));
      // a key lives until deleted, which the audit logs used here do not show
      case SERVICE_ACCOUNT_KEY -> Instant.MAX;
      default -> capped(hop.validUntil().orElse(Instant.MAX), from.plus(Resolver.MAX_AWS_CREDENTIAL_LIFETIME));
    };
  }

  private static Set<HopMechanism> union(Set<HopMechanism> set, HopMechanism one) {
    Set<HopMechanism> all = EnumSet.copyOf(set);
    all.add(one);
    return Collections.unmodifiableSet(all);
  }

  private static Instant capped(Instant until, Instant cap) {
    return until.isAfter(cap) ? cap : until;
  }
}
