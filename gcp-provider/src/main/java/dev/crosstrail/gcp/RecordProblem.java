package dev.crosstrail.gcp;

/**
 * Why one entry cannot be normalized, in words that name the field, what was expected and what was
 * found. Thrown inside the provider and turned into a {@link dev.crosstrail.io.Rejection} with the
 * entry's location; never leaves the package.
 */
final class RecordProblem extends Exception {
  private static final long serialVersionUID = 1L;

  RecordProblem(String reason) {
    super(reason, null, false, false);
  }
}
