package dev.crosstrail.io;

import static java.util.Objects.requireNonNull;

import dev.crosstrail.model.RecordLocation;

/**
 * Thrown in {@link ReadOptions.Mode#STRICT strict} mode at the first record that cannot be
 * normalized, and by the single-record normalizers for a bad record. Carries the same facts a lenient
 * read reports as a {@link Rejection}.
 */
public final class MalformedRecordException extends CrossTrailException {

  /** What a strict read of files adds: the same files read leniently would go on past the record. */
  private static final String LENIENT_HINT = " (read leniently, the default, to skip bad records and report them"
      + " instead)";

  private final transient Rejection rejection;

  public MalformedRecordException(Rejection rejection) {
    this(rejection, null);
  }

  public MalformedRecordException(Rejection rejection, Throwable cause) {
    super(requireNonNull(rejection, "rejection").toString(), cause);
    this.rejection = rejection;
  }

  /** A strict read of files stopping at {@code rejection}: the message says how to read on past it. */
  static MalformedRecordException strictRead(Rejection rejection, Throwable cause) {
    return new MalformedRecordException(rejection, cause, LENIENT_HINT);
  }

  private MalformedRecordException(Rejection rejection, Throwable cause, String hint) {
    super(requireNonNull(rejection, "rejection").toString() + hint, cause);
    this.rejection = rejection;
  }

  /** What was wrong, and where. */
  public Rejection rejection() {
    return rejection;
  }

  /** Where the bad record is. */
  public RecordLocation location() {
    return rejection.location();
  }
}
