package dev.crosstrail.graph;

import dev.crosstrail.model.Credential;
import dev.crosstrail.model.Evidence;
import dev.crosstrail.model.Hop;
import dev.crosstrail.model.Principal;
import dev.crosstrail.model.PrincipalKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * One identity hop as the logs record it, possibly in several copies (the two copies of a
 * cross-account AssumeRole share a {@code sharedEventID}). Copies are kept sorted so that the merged
 * view does not depend on which copy arrived first. Guarded by the graph's lock.
 */
final class Issuance {

  /** Caller-side copies first (the role owner's copy names only the account), then by event id. */
  private static final Comparator<Copy> ORDER = Comparator
      .comparing((Copy c) -> namesOnlyTheAccount(c.hop().from()) ? 1 : 0)
      .thenComparing(Copy::eventId);

  /**
   * Two records with one event id: the one stating the issued key first (one record read in two shapes,
   * one without its credentials, keeps the key rule 1 needs), then by the hop they state.
   */
  private static final Comparator<Copy> SAME_ID_CONTENT = Comparator
      .comparing((Copy c) -> c.hop().issued().flatMap(Credential::id).isPresent() ? 0 : 1)
      .thenComparing(c -> c.hop().validFrom())
      .thenComparing(c -> c.hop().mechanism())
      .thenComparing(c -> c.hop().from().id())
      .thenComparing(c -> c.hop().to().id())
      .thenComparing(c -> c.hop().issued().flatMap(Credential::id).orElse(""))
      .thenComparing(c -> c.hop().sourceIdentity().orElse(""))
      .thenComparing(c -> c.hop().audience().orElse(""))
      .thenComparing(c -> c.hop().validUntil().map(Instant::toString).orElse(""))
      .thenComparing(c -> c.caller().credential().flatMap(Credential::id).orElse(""))
      .thenComparing(c -> c.caller().sourceIdentity().orElse(""));

  /**
   * Whether a caller, as one record shows it, is only the caller's account: the role owner's copy of a
   * cross-account call, whose {@code userIdentity.type} is {@code AWSAccount}. The root user
   * ({@code Root}) and an account named as a federated subject have the same id and kind but are not
   * such copies; the source type is the record's own (the graph never merges it).
   */
  static boolean namesOnlyTheAccount(Principal recorded) {
    return recorded.kind() == PrincipalKind.AWS_ACCOUNT && recorded.sourceType().filter(AWS_ACCOUNT_TYPE::equals)
        .isPresent();
  }

  /** The {@code userIdentity.type} of a role owner's copy, as the AWS normalizer keeps it in the source type. */
  static final String AWS_ACCOUNT_TYPE = "AWSAccount";

  /**
   * One record's statement of the hop and the context of the record's caller, which the next step
   * back needs (the caller's own access key, issue time, sourceIdentity, delegation).
   */
  record Copy(String eventId, Hop hop, CallerContext caller) {}

  /** What the issuing record says about its caller, when the caller is the hop's {@code from}. */
  record CallerContext(
      Optional<Credential> credential,
      Optional<Instant> issuedAt,
      Optional<String> sourceIdentity,
      Optional<Principal> issuer,
      List<Hop> delegation,
      Optional<Evidence> evidence,
      boolean fromConsole,
      boolean fromInstanceMetadata) {
    static final CallerContext NONE = new CallerContext(
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), List.of(), Optional.empty(), false,
        false);
  }

  final String key;
  private final List<Copy> copies = new ArrayList<>(2);
  /** Copies of other records that had a kept copy's id (bad input only), in content order. */
  private List<Copy> displaced = List.of();

  Issuance(String key) {
    this.key = key;
  }

  /**
   * Adds a copy (of two with one record id, one is kept); returns whether the primary copy, and so
   * possibly {@code raw().validFrom()}, changed.
   */
  boolean add(Copy copy) {
    Copy before = copies.isEmpty() ? null : copies.get(0);
    for (int i = 0; i < copies.size(); i++) {
      Copy c = copies.get(i);
      if (c.eventId().equals(copy.eventId())) {
        // the same record again, or another record with its id (a mixed-up export): keep one by content,
        // so that which is kept does not depend on which came first
        boolean keepOld = SAME_ID_CONTENT.compare(copy, c) >= 0;
        if (anotherRecord(copy, c)) {
          displace(keepOld ? copy : c);
        }
        if (keepOld) {
          return false;
        }
        copies.set(i, copy);
        copies.sort(ORDER);
        return before != copies.get(0);
      }
    }
    copies.add(copy);
    copies.sort(ORDER);
    return before != null && before != copies.get(0);
  }

  /**
   * Whether two copies with one record id state different hops, so are two records (a mixed-up export),
   * not one record read twice: one shape may lack a field, but none states another caller, session,
   * time, mechanism or key.
   */
  private static boolean anotherRecord(Copy a, Copy b) {
    Hop x = a.hop();
    Hop y = b.hop();
    Optional<String> xKey = x.issued().flatMap(Credential::id);
    Optional<String> yKey = y.issued().flatMap(Credential::id);
    return x.mechanism() != y.mechanism() || !x.from().id().equals(y.from().id()) || !x.to().id().equals(y.to().id())
        || !x.validFrom().equals(y.validFrom()) || xKey.isPresent() && yKey.isPresent() && !xKey.equals(yKey);
  }

  private void displace(Copy copy) {
    List<Copy> more = new ArrayList<>(displaced);
    if (more.stream().noneMatch(d -> SAME_ID_CONTENT.compare(d, copy) == 0)) {
      more.add(copy);
      more.sort(SAME_ID_CONTENT);
    }
    displaced = List.copyOf(more);
  }

  /** Whether one of the kept copies states that it issued this access key. */
  boolean issuedKey(String accessKeyId) {
    for (Copy c : copies) {
      if (c.hop().issued().flatMap(Credential::id).filter(accessKeyId::equals).isPresent()) {
        return true;
      }
    }
    return false;
  }

  /** The copies of other records that shared a kept copy's id and were not kept: empty but for bad input. */
  List<Copy> displaced() {
    return displaced;
  }

  Copy primary() {
    return copies.get(0);
  }

  /** Whether every copy is the role owner's (the caller is known only as an account). */
  boolean ownerCopiesOnly() {
    return namesOnlyTheAccount(primary().hop().from());
  }

  /** The primary hop (as recorded, before canonicalisation). */
  Hop raw() {
    return primary().hop();
  }

  /** The hop merged over all copies, with principals canonicalised by {@code canon}. */
  Hop merged(UnaryOperator<Principal> canon) {
    Hop p = primary().hop();
    // In the copies' order: the caller's copy first, then the role owner's, whatever order they arrived in.
    LinkedHashSet<Evidence> evidence = new LinkedHashSet<>();
    Optional<Credential> issued = p.issued();
    Optional<Instant> until = p.validUntil();
    Optional<String> audience = p.audience();
    Optional<String> sourceIdentity = p.sourceIdentity();
    for (Copy c : copies) {
      Hop h = c.hop();
      evidence.addAll(h.evidence());
      issued = issued.or(h::issued);
      until = until.or(h::validUntil);
      audience = audience.or(h::audience);
      sourceIdentity = sourceIdentity.or(h::sourceIdentity);
    }
    return new Hop(p.mechanism(), canon.apply(p.from()), canon.apply(p.to()), issued, p.validFrom(), until, audience,
        sourceIdentity, List.copyOf(evidence), p.strength(), p.reason());
  }
}
