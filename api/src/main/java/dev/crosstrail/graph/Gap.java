package dev.crosstrail.graph;

import static java.util.Objects.requireNonNull;

/**
 * Evidence an attribution is missing, and which log or setting would close the gap, for example
 * {@code "no issuing record for access key ASIAEXAMPLE of arn:aws:sts::111111111111:assumed-role/Deploy/ci"}
 * with the remedy {@code "collect the CloudTrail of account 111111111111 in the caller's region and in
 * us-east-1 (the global STS endpoint)"}.
 *
 * @param kind what kind of evidence is missing
 * @param missing what is missing, with the identifiers involved
 * @param remedy which log, setting or directory would close the gap
 */
public record Gap(Kind kind, String missing, String remedy) {

  public Gap {
    requireNonNull(kind, "kind");
    requireNonNull(missing, "missing");
    requireNonNull(remedy, "remedy");
  }

  /** The kinds of gap crosstrail reports. */
  public enum Kind {
    /** No AssumeRole / SwitchRole / other issuing record for a session the action used. */
    ISSUING_RECORD_MISSING,
    /** The action's access key was issued to a different session than the one that acted. */
    ACCESS_KEY_MISMATCH,
    /** Only the role owner's copy of a cross-account AssumeRole is present: the caller is known as an account. */
    CALLER_TRAIL_MISSING,
    /** An AWS unique id ({@code AIDA…}, {@code AROA…}) could not be turned into a user or role ARN. */
    AWS_UNIQUE_ID_UNRESOLVED,
    /** A service-account unique id (a web-identity {@code sub}) could not be turned into an email. */
    SERVICE_ACCOUNT_UNRESOLVED,
    /**
     * No ExchangeToken or GenerateIdToken record where one would explain the call: Data Access audit logs
     * are off or not collected (or, for an ID token, the account may have obtained it as itself).
     */
    DATA_ACCESS_LOG_MISSING,
    /** A user-managed service-account key was used; who holds the key is not in the logs. */
    KEY_HOLDER_UNKNOWN,
    /**
     * The record does not name its caller: an anonymous or unauthenticated call, or a caller the cloud
     * hides (the user name of a failed console sign-in for a user that does not exist).
     */
    CALLER_UNNAMED,
    /**
     * Two different records in the input share one record id (exports mixed up, or a producer reusing
     * ids): the graph keeps one of them, chosen by content, so the answer may be about the other.
     */
    RECORD_ID_REUSED,
    /**
     * Records disagree about one credential: a call's session {@code creationDate} is not the time the
     * record that issued its access key was made, the key was used before it was issued, or several
     * records issued one key. The answer follows the key (its id is unique) as far as the records allow;
     * a clock, an export or a record is wrong.
     */
    RECORDS_DISAGREE,
    /** Several identities fit and the logs cannot decide between them; see {@link Attribution#candidates()}. */
    AMBIGUOUS,
    /**
     * So many candidate chains fit that only the first {@value Resolver#MAX_ALTERNATIVES} (by time and
     * id) are listed in {@link Attribution#candidates()}; the origin is decided over all of them.
     */
    CANDIDATES_CUT,
    /**
     * The walk back stopped before an origin: the chain came back to a principal it was already
     * resolving at the same time (sessions issuing each other's keys), or grew longer than
     * {@value Resolver#MAX_DEPTH} hops. The origin shown is where it stopped, not where it began.
     */
    CHAIN_CUT
  }
}
