package dev.crosstrail.graph;

import dev.crosstrail.model.Cloud;
import dev.crosstrail.model.Credential;
import dev.crosstrail.model.CredentialKind;
import dev.crosstrail.model.Evidence;
import dev.crosstrail.model.Hop;
import dev.crosstrail.model.HopMechanism;
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
import java.util.NavigableSet;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Predicate;

/**
 * Walks forward from a principal to every identity it became: DOMAIN.md §4 read the other way, and in
 * time. A credential is followed only while it is valid, and a hop out of a session counts as made with
 * the credential the walk holds only when the record shows that credential (its access key, or the
 * session's {@code creationDate}); a hop the record ties to the identity alone, within the credential's
 * validity, is inferred, and a hop made with another credential of the same identity is not followed.
 * One instance per query; called under the graph's read lock.
 */
final class ForwardWalk {

  /**
   * A forward edge out of an identity, and what its record says about the caller's credential. A
   * delegation edge stands for every entry that named it, seen in the hours {@code hoursSeen} (epoch
   * hours); other edges leave it empty.
   */
  record Edge(Hop hop, Issuance.CallerContext caller, NavigableSet<Long> hoursSeen) {

    Edge(Hop hop, Issuance.CallerContext caller) {
      this(hop, caller, Collections.emptyNavigableSet());
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
  private record Holding(String id, Cloud cloud, Hop issuing, Instant from, Instant until, Optional<String> key,
      Holding before, Hop via, int depth, Strength strength, long order) {

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

    String stateKey() {
      return cloud + "|" + id + '|' + from + '|' + until + '|' + key.orElse("") + '|'
          + (issuing == null ? "" : issuing.mechanism() + issuing.audience().orElse("") + (issuing == via));
    }
  }

  /** Stronger paths first, then shorter, then in the order found: the first holding of a state is its best. */
  private static final Comparator<Holding> BEST_FIRST = Comparator.comparing(Holding::strength)
      .thenComparingInt(Holding::depth).thenComparingLong(Holding::order);

  /** Hops that start an AWS session, whose calls carry its {@code creationDate}. */
  private static final Set<HopMechanism> AWS_SESSIONS = union(Resolver.AWS_ISSUING, HopMechanism.SWITCH_ROLE);

  /**
   * An identity's edges: those made at one time, by time, so that a holding finds the ones in its window
   * by binary search (a session ARN used for weeks has thousands); and the rest (timeless, or delegation
   * edges that span every entry that named them), which every holding checks.
   */
  private record Out(List<Edge> timed, List<Edge> spanning) {

    static Out of(List<Edge> edges) {
      List<Edge> timed = new ArrayList<>();
      List<Edge> spanning = new ArrayList<>();
      for (Edge e : edges) {
        (e.timeless() || e.hop().mechanism() == HopMechanism.SERVICE_ACCOUNT_DELEGATION ? spanning : timed).add(e);
      }
      timed.sort(Comparator.comparing((Edge e) -> e.hop().validFrom()));
      return new Out(timed, spanning);
    }

    /** The edges a holding valid in {@code [from, until)} may follow: spanning ones, then timed ones in the window. */
    List<Edge> within(Instant from, Instant until) {
      int lo = DefaultPrincipalGraph.firstNotBefore(timed, e -> e.hop().validFrom(), from);
      int end = lo;
      while (end < timed.size() && timed.get(end).hop().validFrom().isBefore(until)) {
        end++;
      }
      List<Edge> out = new ArrayList<>(spanning.size() + end - lo);
      out.addAll(spanning);
      out.addAll(timed.subList(lo, end));
      return out;
    }
  }

  private final BiFunction<Cloud, String, List<Edge>> edgesOf;
  private final Predicate<String> issuedByARecord;
  private final Map<String, Out> edges = new HashMap<>();
  private long found;

  /**
   * {@code edgesOf} gives an identity's forward edges (of the identity in that cloud: a session ARN is
   * an AWS session, the same ARN as a GCP caller is its federated identity), in a stable order;
   * {@code issuedByARecord} tells whether a record issued an access key.
   */
  ForwardWalk(BiFunction<Cloud, String, List<Edge>> edgesOf, Predicate<String> issuedByARecord) {
    this.edgesOf = edgesOf;
    this.issuedByARecord = issuedByARecord;
  }

  /**
   * Every identity reachable from {@code start} (held in {@code cloud}), each with its strongest path
   * (then its shortest, then the first found), in the order first reached, by cloud and id;
   * {@code start} itself comes first, with no hops.
   */
  LinkedHashMap<String, Reached> reachable(String start, Cloud cloud) {
    Holding origin = new Holding(start, cloud, null, Instant.MIN, Instant.MAX, Optional.empty(), null, null, 0,
        Strength.EXACT, found++);
    LinkedHashMap<String, Holding> best = new LinkedHashMap<>();
    best.put(cloud + "|" + start, origin);
    Set<String> seen = new HashSet<>();
    // Best first: a state is expanded once, by its strongest path, so a weaker path that reaches it
    // earlier cannot hide a stronger one.
    PriorityQueue<Holding> queue = new PriorityQueue<>(BEST_FIRST);
    queue.add(origin);
    while (!queue.isEmpty()) {
      Holding h = queue.poll();
      if (!seen.add(h.stateKey())) {
        continue;
      }
      best.putIfAbsent(h.cloud + "|" + h.id, h);
      if (h.depth >= Resolver.MAX_DEPTH) {
        continue;
      }
      Out out = edges.computeIfAbsent(h.cloud + "|" + h.id, k -> Out.of(edgesOf.apply(h.cloud, h.id)));
      for (Edge e : out.within(h.from, h.until)) {
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
      return Optional.of(next(h, hop, h.issuing, h.from, h.until, h.key));
    }
    Instant t = hop.validFrom();
    Instant until = until(hop);
    if (hop.mechanism() == HopMechanism.SERVICE_ACCOUNT_DELEGATION) {
      // one edge for every entry that named the delegation: made in an hour it was seen in, within the window
      Optional<Instant> seenIn = seenWithin(e.hoursSeen(), h.from, h.until);
      if (seenIn.isEmpty()) {
        return Optional.empty();
      }
      t = seenIn.get();
      until = capped(t.plus(Resolver.FEDERATED_TOKEN_LIFETIME), h.until);
    } else if (t.isBefore(h.from) || !t.isBefore(h.until)) {
      return Optional.empty();
    }
    if (h.throughCredential()) {
      Optional<Hop> made = madeWith(h, e, t);
      if (made.isEmpty()) {
        return Optional.empty();
      }
      hop = made.get();
    }
    return Optional.of(next(h, hop, hop, t, until, hop.issued().flatMap(Credential::id)));
  }

  private Holding next(Holding h, Hop via, Hop issuing, Instant from, Instant until, Optional<String> key) {
    return new Holding(via.to().id(), via.to().cloud(), issuing, from, until, key, h, via, h.depth + 1,
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

  /** The first moment in {@code [from, until)} of an hour a delegation was seen in, if any. */
  private static Optional<Instant> seenWithin(NavigableSet<Long> hours, Instant from, Instant until) {
    long firstHour = from.equals(Instant.MIN) ? Long.MIN_VALUE : Math.floorDiv(from.getEpochSecond(), 3600);
    Long hour = hours.ceiling(firstHour);
    if (hour == null) {
      return Optional.empty();
    }
    Instant start = Instant.ofEpochSecond(hour * 3600);
    Instant t = start.isBefore(from) ? from : start;
    return t.isBefore(until) ? Optional.of(t) : Optional.empty();
  }

  /**
   * {@code e}'s hop as made with {@code h}'s credential: as recorded when the record shows that
   * credential, inferred when it shows none, empty when it shows another.
   */
  private Optional<Hop> madeWith(Holding h, Edge e, Instant t) {
    Hop hop = e.hop();
    if (h.issuing.mechanism() == HopMechanism.GENERATE_ID_TOKEN
        && hop.mechanism() == HopMechanism.ASSUME_ROLE_WITH_WEB_IDENTITY
        && !Resolver.audienceMatches(h.issuing.audience(), hop.audience(), DefaultPrincipalGraph.webSubject(hop.from()))) {
      return Optional.empty(); // rule 8: an ID token minted for another audience
    }
    Optional<Credential> shown = e.caller().credential();
    if (shown.isPresent() && otherKind(shown.get().kind(), h.issuing.issued().map(Credential::kind))) {
      return Optional.empty(); // a user-managed or long-term key, not the credential held
    }
    Optional<String> used = shown.flatMap(Credential::id);
    if (used.isPresent() && h.key.isPresent()) {
      return used.equals(h.key) ? Optional.of(hop) : Optional.empty();
    }
    if (used.isPresent() && issuedByARecord.test(used.get())) {
      return Optional.empty(); // the key of a recorded issuance, which is not the one held
    }
    Optional<Instant> created = e.caller().issuedAt();
    if (created.isPresent() && AWS_SESSIONS.contains(h.issuing.mechanism())) {
      Duration off = Duration.between(h.from, created.get());
      if (off.abs().compareTo(Resolver.CREATION_TOLERANCE) <= 0) {
        return Optional.of(hop); // rule 2: the session ARN with its creationDate names one issuance
      }
      boolean switched = h.issuing.mechanism() == HopMechanism.SWITCH_ROLE;
      if (!switched || off.isNegative()) {
        return Optional.empty(); // credentials of another issuance, or older than the switch
      }
      if (e.caller().fromConsole()) {
        return Optional.of(hop); // the console renews a switched session's credentials (as Resolver reads rule 3)
      }
      // created after the switch and used outside the console: inferred, as below
    }
    String credential = h.issuing.evidence().stream().findFirst().map(Evidence::eventId)
        .map(id -> "the credential " + id + " issued").orElse("the credential the walk holds");
    String when = hop.mechanism() == HopMechanism.SERVICE_ACCOUNT_DELEGATION
        ? " (named by an entry of the hour from " + t + ")" : " at " + t;
    return Optional.of(Resolver.weaken(hop, Strength.INFERRED, "made as " + h.id + when
        + ", while " + credential + " was valid (" + h.from + " to " + h.until + "); the record does not show"
        + " which credential was used, so another holder of " + h.id + " could have made it"));
  }

  /** Whether a record showing a credential of kind {@code shown} was made with a credential of another kind than {@code held}. */
  private static boolean otherKind(CredentialKind shown, Optional<CredentialKind> held) {
    boolean key = shown == CredentialKind.GCP_SERVICE_ACCOUNT_KEY || shown == CredentialKind.AWS_ACCESS_KEY;
    return key && !held.filter(shown::equals).isPresent();
  }

  /** The end of the validity of the credential {@code hop} issued (exclusive), as the backward rules bound it. */
  private static Instant until(Hop hop) {
    Instant from = hop.validFrom();
    return switch (hop.mechanism()) {
      case SWITCH_ROLE -> hop.validUntil().orElse(from.plus(Resolver.CONSOLE_WINDOW));
      case GENERATE_ID_TOKEN -> from.plus(Resolver.ID_TOKEN_LIFETIME);
      case TOKEN_EXCHANGE, GENERATE_ACCESS_TOKEN, SIGN_JWT, SIGN_BLOB ->
          capped(hop.validUntil().orElse(from.plus(Resolver.FEDERATED_TOKEN_LIFETIME)),
              from.plus(Resolver.MAX_GCP_TOKEN_LIFETIME));
      // the token behind a delegation lives an hour (step() counts it from the hour the delegation was seen in)
      case SERVICE_ACCOUNT_DELEGATION -> from.plus(Resolver.FEDERATED_TOKEN_LIFETIME);
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
