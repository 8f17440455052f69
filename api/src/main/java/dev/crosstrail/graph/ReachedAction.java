package dev.crosstrail.graph;

import static java.util.Objects.requireNonNull;

import dev.crosstrail.model.Evidence;
import dev.crosstrail.model.Principal;
import java.util.Optional;

/**
 * One action reached from a principal in an {@link Activity}, for example the Cloud Storage call of
 * {@code serviceAccount:kawanago-cc-test-target@my-gcp-project.iam.gserviceaccount.com} reached from an
 * AWS IAM user through AssumeRole, ExchangeToken and GenerateAccessToken.
 *
 * @param action the action record
 * @param service the service called
 * @param operation the operation called
 * @param actor who acted
 * @param path the hops from the asked principal to the actor (empty when it acted itself)
 * @param candidateOnly whether the action is reached only through one of several candidate attributions
 * @param failure the error code when the call failed (denied attempts matter most), empty when it succeeded
 * @param attribution the action's attribution through the asked principal (the candidate that runs
 *     through it, when several do): who is behind the action, how strongly, and what is missing. For a
 *     role asked about, which of the people who assumed it acted.
 */
public record ReachedAction(Evidence action, String service, String operation, Principal actor, IdentityPath path,
    boolean candidateOnly, Optional<String> failure, Attribution attribution) {

  public ReachedAction {
    requireNonNull(action, "action");
    requireNonNull(service, "service");
    requireNonNull(operation, "operation");
    requireNonNull(actor, "actor");
    requireNonNull(path, "path");
    requireNonNull(failure, "failure");
    requireNonNull(attribution, "attribution");
  }
}
