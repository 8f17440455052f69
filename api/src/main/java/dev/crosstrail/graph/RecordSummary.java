package dev.crosstrail.graph;

import static java.util.Objects.requireNonNull;

import dev.crosstrail.model.Evidence;
import dev.crosstrail.model.Principal;
import java.util.Optional;

/**
 * What a retained record is, for showing it beside its attribution: which call, by whom, and whether it
 * failed.
 *
 * @param record the record's id and time
 * @param service the service called
 * @param operation the operation called
 * @param actor who acted, as the record names it
 * @param failure the error code when the call failed, empty when it succeeded
 */
public record RecordSummary(Evidence record, String service, String operation, Principal actor,
    Optional<String> failure) {

  public RecordSummary {
    requireNonNull(record, "record");
    requireNonNull(service, "service");
    requireNonNull(operation, "operation");
    requireNonNull(actor, "actor");
    requireNonNull(failure, "failure");
  }
}
