package dev.crosstrail.io;

import static java.util.Objects.requireNonNull;

import dev.crosstrail.model.RecordLocation;

/**
 * Thrown in {@link ReadOptions.Mode#STRICT strict} mode at the first record that cannot be
 * normalized. Carries the same facts a lenient read reports as a {@link Rejection}.
 */
public final class MalformedRecordException extends CrossTrailException {

  private final transient Rejection rejection;

  public MalformedRecordException(Rejection rejection) {
    super(requireNonNull(rejection, "rejection").toString()
        + " (read leniently, the default, to skip bad records and report them instead)");
    this.rejection = rejection;
  }

  public MalformedRecordException(Rejection rejection, Throwable cause) {
    super(requireNonNull(rejection, "rejection").toString(), cause);
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
