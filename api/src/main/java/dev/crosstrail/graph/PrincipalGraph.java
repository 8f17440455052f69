package dev.crosstrail.graph;

import static java.util.Objects.requireNonNull;

import dev.crosstrail.model.AuditEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The principal graph of both clouds: who obtained which identity, from the identity-establishing
 * records of CloudTrail and Cloud Audit Logs, and the attribution of actions along it (docs/DOMAIN.md §4,
 * linking rules 1–10).
 *
 * <pre>{@code
 * PrincipalGraph graph = PrincipalGraph.builder().directory(directory).build();
 * events.forEach(graph::add);                       // any order, any number of batches
 * Attribution a = graph.trace("c3297949-e0cf-4374-a350-83fe3b96c60d").orElseThrow();
 * a.origin();   // arn:aws:iam::222222222222:user/miyamoto
 * }</pre>
 *
 * <p>Results do not depend on the order in which records are added: links are resolved when a query
 * asks, from indexes that only ever grow, so an AssumeRole that arrives after the calls it explains
 * still explains them. Answers are sorted by time and id, never by arrival.
 *
 * <p>Stream mode: build with {@code retainActions(false)}, add every record in a first pass (actions
 * are not kept, but they teach the graph principals, unique ids and delegation chains), then call
 * {@link #attribute(AuditEvent)} on every action. The graph's memory then grows with principals and
 * sessions, not with records. {@link dev.crosstrail.pipeline.StreamAttribution} does this over log
 * files, parsing each once.
 *
 * <p>Implementations are thread-safe: {@link #add} may run concurrently with queries. Every answer is an
 * immutable snapshot: its lists cannot be modified, and records added later do not change it.
 */
public interface PrincipalGraph {

  /** A graph with no directory that retains actions. */
  static PrincipalGraph create() {
    return builder().build();
  }

  /** Starts configuring a graph. */
  static Builder builder() {
    return new Builder();
  }

  /**
   * Adds one record. Identity-establishing records become hops and sessions; other records are kept
   * in a compact action index when the graph retains actions (and are otherwise only used to learn
   * principals and service-account unique ids). Adding a record twice has no further effect.
   */
  void add(AuditEvent event);

  /** Adds every record. */
  default void addAll(Iterable<AuditEvent> events) {
    for (AuditEvent event : events) {
      add(event);
    }
  }

  /** Attributes one action, whether or not it was added. */
  Attribution attribute(AuditEvent action);

  /**
   * Attributes several actions, in order: the same answers as {@link #attribute} one by one, with the
   * graph's lock taken once for all of them (threads attributing in parallel otherwise contend for it
   * on every action).
   */
  default List<Attribution> attributeAll(List<AuditEvent> actions) {
    List<Attribution> out = new ArrayList<>(actions.size());
    for (AuditEvent action : actions) {
      out.add(attribute(action));
    }
    return out;
  }

  /** Attributes a retained record by its {@code eventID} / {@code insertId}. */
  Optional<Attribution> trace(String eventId);

  /** What a retained record is (service, operation, actor, failure), by its {@code eventID} / {@code insertId}. */
  Optional<RecordSummary> record(String eventId);

  /**
   * Everything a principal is behind, across both clouds, for example
   * {@code activity("arn:aws:iam::111111111111:user/dev")} or
   * {@code activity("user:alice@example.com")}: the identities derived from it, each with its strongest
   * path as {@link #path} finds it, and the actions whose attribution runs through it.
   */
  Activity activity(String principalId);

  /**
   * The issuances of a role's sessions with their origins, oldest first, for example
   * {@code sessions("arn:aws:iam::111111111111:role/kawanago-crosscloud-test")}.
   *
   * @throws IllegalArgumentException when {@code roleArn} is not a role's ARN (a session's ARN, say: the
   *     message names the role to ask for)
   */
  List<SessionInstance> sessions(String roleArn);

  /**
   * The strongest (then shortest) chain of recorded hops by which {@code from} could obtain {@code to},
   * if any, for example from {@code user:alice@example.com} to a role session through a service account
   * she minted an ID token for. The chain runs forward in time: each hop is made while the credential
   * the hop before issued is valid. A hop whose record shows that credential (the access key, or the
   * session's {@code creationDate}) keeps its own strength; one that shows none is inferred, as another
   * holder of the same identity could have made it; one that shows another credential is not followed.
   * Whether one particular action came through this chain is what {@link #trace} and
   * {@link #attribute} decide.
   */
  Optional<IdentityPath> path(String fromPrincipalId, String toPrincipalId);

  /** The failed identity-establishing calls made by a principal (denied AssumeRole …), oldest first. */
  List<DeniedAttempt> deniedAttempts(String principalId);

  /**
   * The failed attempts to obtain an identity, for example the denied AssumeRoles of
   * {@code arn:aws:iam::111111111111:role/Admin} or GenerateAccessTokens for
   * {@code serviceAccount:deploy@my-project.iam.gserviceaccount.com}, oldest first.
   */
  List<DeniedAttempt> deniedAttemptsOn(String targetId);

  /** How many distinct principals the graph knows. */
  int principalCount();

  /** How many identity hops (session issuances, exchanges, impersonations) the graph holds. */
  int hopCount();

  /** Configures a {@link PrincipalGraph}. */
  final class Builder {
    private PrincipalDirectory directory = PrincipalDirectory.empty();
    private boolean retainActions = true;

    private Builder() {}

    /** Identifier maps that resolve ids the logs alone do not. */
    public Builder directory(PrincipalDirectory directory) {
      this.directory = requireNonNull(directory, "directory");
      return this;
    }

    /**
     * Whether to keep a compact index of actions for {@link #trace}, {@link #activity} (default
     * true). Without it, the graph holds identity state only (stream mode).
     */
    public Builder retainActions(boolean retainActions) {
      this.retainActions = retainActions;
      return this;
    }

    /** The graph. */
    public PrincipalGraph build() {
      return new DefaultPrincipalGraph(directory, retainActions);
    }
  }
}
