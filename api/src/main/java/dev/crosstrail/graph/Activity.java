package dev.crosstrail.graph;

import static java.util.Objects.requireNonNull;

import dev.crosstrail.model.Principal;
import java.util.List;

/**
 * What one principal did across both clouds, directly and through every identity derived from it
 * (sessions, federated identities, impersonated service accounts), for example everything that
 * followed from {@code arn:aws:iam::111111111111:user/dev}.
 *
 * @param principal the principal asked about
 * @param derived the identities derived from it, each with the path that reaches it
 * @param actions the retained actions it is behind, oldest first (always empty when the graph retains
 *     no actions: see {@code actionsRetained})
 * @param deniedOn the failed attempts to obtain it (a denied AssumeRole of a role, GenerateAccessToken
 *     for a service account), oldest first: who tried to become it
 * @param actionsRetained false when the graph keeps no actions (stream mode,
 *     {@code retainActions(false)}): then no actions says nothing of what the principal did, and what it
 *     is behind comes from attributing each action as it streams by
 */
public record Activity(Principal principal, List<IdentityPath> derived, List<ReachedAction> actions,
    List<DeniedAttempt> deniedOn, boolean actionsRetained) {

  public Activity {
    requireNonNull(principal, "principal");
    derived = List.copyOf(derived);
    actions = List.copyOf(actions);
    deniedOn = List.copyOf(deniedOn);
  }

  /** The activity found in a graph that retains actions. */
  public Activity(Principal principal, List<IdentityPath> derived, List<ReachedAction> actions,
      List<DeniedAttempt> deniedOn) {
    this(principal, derived, actions, deniedOn, true);
  }

  /** Whether the inputs say nothing at all about the principal. */
  public boolean isEmpty() {
    return derived.isEmpty() && actions.isEmpty() && deniedOn.isEmpty();
  }
}
