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
 * @param record what the action is: which call, and whether it failed
 * @param path the hops from the asked principal to the actor (empty when it acted itself)
 * @param candidateOnly whether the action is reached only through one of several candidate attributions
 * @param attribution the action's attribution through the asked principal (the candidate that runs
 *     through it, when several do): who is behind the action, how strongly, and what is missing. For a
 *     role asked about, which of the people who assumed it acted.
 */
public record ReachedAction(RecordSummary record, IdentityPath path, boolean candidateOnly, Attribution attribution) {

  public ReachedAction {
    requireNonNull(record, "record");
    requireNonNull(path, "path");
    requireNonNull(attribution, "attribution");
  }

  /** The action record. */
  public Evidence action() {
    return record.record();
  }

  /** The service called. */
  public String service() {
    return record.service();
  }

  /** The operation called. */
  public String operation() {
    return record.operation();
  }

  /** Who acted. */
  public Principal actor() {
    return attribution.actor();
  }

  /** The error code when the call failed, empty when it succeeded. */
  public Optional<String> failure() {
    return record.failure();
  }
}
