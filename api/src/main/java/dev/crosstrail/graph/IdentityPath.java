package dev.crosstrail.graph;

import static java.util.Objects.requireNonNull;

import dev.crosstrail.model.Hop;
import dev.crosstrail.model.Principal;
import dev.crosstrail.model.Strength;
import java.util.List;

/**
 * An ordered chain of hops from {@code start} to {@code end}, like jgrapht's {@code GraphPath}: for
 * example {@code arn:aws:iam::222222222222:user/miyamoto} -SWITCH_ROLE-&gt;
 * {@code arn:aws:sts::111111111111:assumed-role/SwitchRole/miyamoto}. An empty path has
 * {@code start} equal to {@code end}: the principal acted in its own name.
 *
 * @param start the first principal (the origin, for an attribution)
 * @param end the last principal (the actor, for an attribution)
 * @param hops the hops in order; hop {@code i}'s {@code to} is hop {@code i+1}'s {@code from}
 */
public record IdentityPath(Principal start, Principal end, List<Hop> hops) {

  public IdentityPath {
    requireNonNull(start, "start");
    requireNonNull(end, "end");
    hops = List.copyOf(hops);
  }

  /** The path of a principal that acted in its own name. */
  public static IdentityPath empty(Principal principal) {
    return new IdentityPath(principal, principal, List.of());
  }

  /** The weakest strength of the hops; {@link Strength#EXACT} for an empty path. */
  public Strength strength() {
    Strength s = Strength.EXACT;
    for (Hop hop : hops) {
      s = s.weakest(hop.strength());
    }
    return s;
  }

  /** The number of hops. */
  public int length() {
    return hops.size();
  }
}
