package dev.crosstrail.graph;

import static java.util.Objects.requireNonNull;

import dev.crosstrail.model.Evidence;
import dev.crosstrail.model.Principal;
import java.util.Optional;

/**
 * A failed identity-establishing call, for example an {@code AssumeRole} of
 * {@code arn:aws:iam::111111111111:role/TestEC2FullRoleForOtherAccount2} by
 * {@code arn:aws:iam::222222222222:user/test-admin} denied with {@code AccessDenied}.
 *
 * @param caller who tried
 * @param operation the operation ({@code AssumeRole}, {@code GenerateAccessToken}, …)
 * @param target the identity or resource it tried to obtain, when the record names one
 * @param errorCode the error code
 * @param evidence the record
 */
public record DeniedAttempt(
    Principal caller, String operation, Optional<String> target, Optional<String> errorCode, Evidence evidence) {

  public DeniedAttempt {
    requireNonNull(caller, "caller");
    requireNonNull(operation, "operation");
    requireNonNull(target, "target");
    requireNonNull(errorCode, "errorCode");
    requireNonNull(evidence, "evidence");
  }
}
