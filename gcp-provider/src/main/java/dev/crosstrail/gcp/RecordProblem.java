package dev.crosstrail.gcp;

/**
 * Why one entry cannot be normalized, in words that name the field, what was expected and what was
 * found. Thrown inside the provider and turned into a {@link dev.crosstrail.io.Rejection} with the
 * entry's location; never leaves the package.
 */
final class RecordProblem extends Exception {
  private static final long serialVersionUID = 1L;

  /** The longest part of an unexpected exception's message kept in a rejection reason. */
  private static final int MAX_UNEXPECTED_MESSAGE = 200;

  RecordProblem(String reason) {
    super(reason, null, false, false);
  }

  private RecordProblem(String reason, Throwable cause) {
    super(reason, cause, false, false);
  }

  /**
   * An entry that broke the normalizer with an unchecked exception (a value no check foresaw): the
   * entry is rejected with the exception's message, never the whole read stopped.
   */
  static RecordProblem unexpected(RuntimeException e) {
    String message = e.getMessage() == null ? "" : e.getMessage();
    if (message.length() > MAX_UNEXPECTED_MESSAGE) {
      message = message.substring(0, MAX_UNEXPECTED_MESSAGE) + "…";
    }
    return new RecordProblem("unexpected value in the entry (" + e.getClass().getSimpleName() + "): " + message
        + "; the entry is skipped, please report it", e);
  }
}
