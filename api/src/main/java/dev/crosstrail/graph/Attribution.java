package dev.crosstrail.graph;

import static java.util.Objects.requireNonNull;

import dev.crosstrail.model.Evidence;
import dev.crosstrail.model.Hop;
import dev.crosstrail.model.Principal;
import dev.crosstrail.model.Strength;
import java.util.List;
import java.util.Optional;

/**
 * Who is really behind one action: the origin, the chain of hops from the origin to the principal
 * that acted, how strong that chain is, what evidence is missing, and the alternatives when the logs
 * cannot decide. For example the CloudTrail {@code HeadBucket} by
 * {@code arn:aws:sts::111111111111:assumed-role/SwitchRole/miyamoto} has origin
 * {@code arn:aws:iam::222222222222:user/miyamoto} ({@link OriginKind#HUMAN}) through one asserted
 * {@code SWITCH_ROLE} hop.
 *
 * @param action the record attributed (for a {@link SessionInstance}, the issuing record)
 * @param actor the principal that acted
 * @param origin the first principal of the chain; when the logs cannot decide, the point where the
 *     candidates diverge
 * @param originKind what kind of origin it is; {@link OriginKind#UNKNOWN} when undecided
 * @param originDetail more about the origin, such as the instance id or function name of a role
 *     assumed by an AWS service
 * @param chain hops from {@code origin} to {@code actor}
 * @param strength the weakest hop of the chain, or {@link Strength#UNKNOWN} when the origin is undecided
 *     (several candidates, or a walk cut short: see {@link Gap.Kind#CHAIN_CUT})
 * @param gaps evidence that is missing and how to obtain it
 * @param candidates the alternative attributions when several chains fit (each with no candidates of
 *     its own); empty when the logs decide
 */
public record Attribution(
    Evidence action,
    Principal actor,
    Principal origin,
    OriginKind originKind,
    Optional<String> originDetail,
    IdentityPath chain,
    Strength strength,
    List<Gap> gaps,
    List<Attribution> candidates) {

  public Attribution {
    requireNonNull(action, "action");
    requireNonNull(actor, "actor");
    requireNonNull(origin, "origin");
    requireNonNull(originKind, "originKind");
    requireNonNull(originDetail, "originDetail");
    requireNonNull(chain, "chain");
    requireNonNull(strength, "strength");
    gaps = List.copyOf(gaps);
    candidates = List.copyOf(candidates);
  }

  /** The chain's hops, origin first. */
  public List<Hop> hops() {
    return chain.hops();
  }

  /**
   * Whether the logs could not decide between several origins (the answer has a
   * {@link Gap.Kind#AMBIGUOUS} gap). Candidates that all lead to one origin are listed too, but they
   * decide it: such an answer is not ambiguous.
   */
  public boolean ambiguous() {
    return !candidates.isEmpty() && gaps.stream().anyMatch(g -> g.kind() == Gap.Kind.AMBIGUOUS);
  }

  /**
   * Whether no gap is named, in the answer or in any of its candidates: none says the chain may go on
   * past the origin shown, and none says the records it rests on disagree or share an id.
   * {@link #strength()} grades only the chain found: a role owner's copy alone is
   * {@link Strength#EXACT} up to the caller's account, with a {@link Gap.Kind#CALLER_TRAIL_MISSING} gap
   * saying who in that account is not known. Filter on this, not on strength alone, to keep only the
   * answers that name who is really behind the action.
   */
  public boolean complete() {
    return gaps.isEmpty() && candidates.stream().allMatch(c -> c.gaps().isEmpty());
  }
}
