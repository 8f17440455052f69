package dev.crosstrail.model;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * Whether the call succeeded. A failure carries the cloud's error code and message: CloudTrail's
 * {@code errorCode}/{@code errorMessage} (for example {@code AccessDenied}), or a Cloud Audit Log
 * {@code status.code} other than 0 (written as its number, for example {@code 7}) and {@code status.message}.
 *
 * @param success whether the call succeeded
 * @param errorCode the error code of a failure
 * @param errorMessage the error message of a failure, when the log has one
 */
public record Outcome(boolean success, Optional<String> errorCode, Optional<String> errorMessage) {

  /** A successful call. */
  public static final Outcome SUCCESS = new Outcome(true, Optional.empty(), Optional.empty());

  public Outcome {
    requireNonNull(errorCode, "errorCode");
    requireNonNull(errorMessage, "errorMessage");
    if (success && errorCode.isPresent()) {
      throw new IllegalArgumentException("a successful outcome has no error code, got " + errorCode.get());
    }
  }

  /** A failed call with its error code and optional message. */
  public static Outcome failure(String errorCode, String errorMessage) {
    return new Outcome(false, Optional.of(requireNonNull(errorCode, "errorCode")), Optional.ofNullable(errorMessage));
  }

  /** {@code success} or {@code failure}, as written in crosstrail's JSON output. */
  public String wireName() {
    return success ? "success" : "failure";
  }
}
