package dev.crosstrail.graph;

import dev.crosstrail.model.Credential;
import dev.crosstrail.model.Evidence;
import dev.crosstrail.model.Hop;
import dev.crosstrail.model.HopMechanism;
import dev.crosstrail.model.Strength;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Walks forward from a principal to every identity it became: DOMAIN.md §4 read the other way, and in
 * time. A credential is followed only while it is valid, and a hop out of a session counts as made with
 * the credential the walk holds only when the record shows that credential (its access key, or the
 * session's {@code creationDate}); a hop the record ties to the identity alone, within the credential's
 * validity, is inferred, and a hop made with another credential of the same identity is not followed.
 * One instance per query; called under the graph's read lock.
 */
final class ForwardWalk {

  /** A forward edge out of an identity, and what its record says about the caller's credential. */
  record Edge(Hop hop, Issuance.CallerContext caller) {
    /** An edge that is a fact about identities, not an act at a time (a service account's web identity). */
    boolean timeless() {
      return hop.mechanism() == HopMechanism.SAME_IDENTITY;
    }
  }

  /**
   * One way the walk holds an identity: reached through {@code via} from {@code before}, with the
   * credential that {@code issuing} issued ({@code key}, when the record shows it), valid in
   * {@code [from, until)}. {@code issuing} is {@code via}, except across a timeless edge, which keeps the
   * credential. The start holds its principal at every time, through no credential in particular.
   */
  private record Holding(String id, Hop issuing, Instant from, Instant until, Optional<String> key,
      Holding before, Hop via, int depth) {

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

    Strength strength() {
      Strength s = Strength.EXACT;
      for (Holding h = this; h.via != null; h = h.before) {
        s = s.weakest(h.via.strength());
      }
      return s;
    }

    String stateKey() {
      return id + '|' + from + '|' + until + '|' + key.orElse("") + '|'
          + (issuing == null ? "" : issuing.mechanism() + issuing.audience().orElse(""));
    }
  }

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

  private final Function<String, List<Edge>> edgesOf;
  private final Map<String, Out> edges = new HashMap<>();

  /** {@code edgesOf} gives an identity's forward edges, in a stable order. */
  ForwardWalk(Function<String, List<Edge>> edgesOf) {
    this.edgesOf = edgesOf;
  }

  /**
   * Every identity reachable from {@code start}, each with its strongest path (then its shortest, then
   * the first found), in the order first reached; {@code start} itself comes first, with no hops.
   */
  LinkedHashMap<String, List<Hop>> reachable(String start) {
    Holding origin = new Holding(start, null, Instant.MIN, Instant.MAX, Optional.empty(), null, null, 0);
    LinkedHashMap<String, Holding> best = new LinkedHashMap<>();
    best.put(start, origin);
    Set<String> seen = new HashSet<>();
    seen.add(origin.stateKey());
    Deque<Holding> queue = new ArrayDeque<>();
    queue.add(origin);
    while (!queue.isEmpty()) {
      Holding h = queue.poll();
      if (h.depth >= Resolver.MAX_DEPTH) {
        continue;
      }
      for (Edge e : edges.computeIfAbsent(h.id, id -> Out.of(edgesOf.apply(id))).within(h.from, h.until)) {
        Optional<Holding> next = step(h, e);
        if (next.isEmpty() || !seen.add(next.get().stateKey())) {
          continue;
        }
        Holding n = next.get();
        Holding known = best.get(n.id);
        if (known == null || better(n, known)) {
          best.put(n.id, n);
        }
        queue.add(n);
      }
    }
    LinkedHashMap<String, List<Hop>> out = new LinkedHashMap<>();
    best.forEach((id, h) -> out.put(id, h.path()));
    return out;
  }

  private static boolean better(Holding a, Holding b) {
    int byStrength = a.strength().compareTo(b.strength());
    return byStrength != 0 ? byStrength < 0 : a.depth < b.depth;
  }

  /** Holding {@code h}, following {@code e}: the next holding, or empty if {@code h}'s credential cannot have made it. */
  private static Optional<Holding> step(Holding h, Edge e) {
    Hop hop = e.hop();
    if (e.timeless()) {
      // the same holder under another name: same window, same credential
      return Optional.of(new Holding(hop.to().id(), h.issuing, h.from, h.until, h.key, h, hop, h.depth + 1));
    }
    Instant t = hop.validFrom();
    Instant until = until(hop);
    if (hop.mechanism() == HopMechanism.SERVICE_ACCOUNT_DELEGATION) {
      // one edge for every entry that named the delegation: it may have been made at any time it was seen
      if (!t.isBefore(h.until) || !until.isAfter(h.from)) {
        return Optional.empty();
      }
      t = t.isBefore(h.from) ? h.from : t;
      until = until.isAfter(h.until) ? h.until : until;
    } else if (t.isBefore(h.from) || !t.isBefore(h.until)) {
      return Optional.empty();
    }
    if (h.throughCredential()) {
      Optional<Hop> made = madeWith(h, e);
      if (made.isEmpty()) {
        return Optional.empty();
      }
      hop = made.get();
    }
    Optional<String> issuedKey = hop.issued().flatMap(Credential::id);
    return Optional.of(new Holding(hop.to().id(), hop, t, until, issuedKey, h, hop, h.depth + 1));
  }

  /**
   * {@code e}'s hop as made with {@code h}'s credential: as recorded when the record shows that
   * credential, inferred when it shows none, empty when it shows another.
   */
  private static Optional<Hop> madeWith(Holding h, Edge e) {
    Hop hop = e.hop();
    if (h.issuing.mechanism() == HopMechanism.GENERATE_ID_TOKEN
        && hop.mechanism() == HopMechanism.ASSUME_ROLE_WITH_WEB_IDENTITY
        && !Resolver.audienceMatches(h.issuing.audience(), hop.audience(), DefaultPrincipalGraph.webSubject(hop.from()))) {
      return Optional.empty(); // rule 8: an ID token minted for another audience
    }
    Optional<String> used = e.caller().credential().flatMap(Credential::id);
    if (used.isPresent() && h.key.isPresent()) {
      return used.equals(h.key) ? Optional.of(hop) : Optional.empty();
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
    return Optional.of(Resolver.weaken(hop, Strength.INFERRED, "made as " + h.id + " at " + hop.validFrom()
        + ", while " + credential + " was valid (" + h.from + " to " + h.until + "); the record does not show"
        + " which credential was used, so another holder of " + h.id + " could have made it"));
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
      // seen in delegation chains from the first entry to the last, both included
      case SERVICE_ACCOUNT_DELEGATION -> hop.evidence().stream().map(Evidence::time).max(Instant::compareTo)
          .orElse(from).plusNanos(1);
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
