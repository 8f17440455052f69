package dev.crosstrail.io;

/**
 * How readers treat bad input and how much they accept from one record.
 *
 * @param mode lenient (reject and go on, the default) or strict (throw {@link MalformedRecordException})
 * @param maxStringLength the longest JSON string accepted in a member the normalizer reads, in characters
 *     (the limit guards memory: strings in members nobody reads, such as a large {@code responseElements}
 *     body, are stepped over without being held, whatever their length)
 * @param maxNestingDepth the deepest JSON nesting accepted in a record
 */
public record ReadOptions(Mode mode, int maxStringLength, int maxNestingDepth) {

  /** Lenient, 16 MiB strings, nesting 200 deep. */
  public static final ReadOptions DEFAULTS = new ReadOptions(Mode.LENIENT, 16 * 1024 * 1024, 200);

  public ReadOptions {
    java.util.Objects.requireNonNull(mode, "mode");
    if (maxStringLength < 1) {
      throw new IllegalArgumentException("maxStringLength must be positive, got " + maxStringLength);
    }
    if (maxNestingDepth < 8) {
      throw new IllegalArgumentException("maxNestingDepth must be at least 8 to read audit records, got "
          + maxNestingDepth);
    }
  }

  /** The defaults in strict mode. */
  public static ReadOptions strict() {
    return DEFAULTS.withMode(Mode.STRICT);
  }

  /** These options with another mode. */
  public ReadOptions withMode(Mode mode) {
    return new ReadOptions(mode, maxStringLength, maxNestingDepth);
  }

  /** What a reader does with a record it cannot normalize. */
  public enum Mode {
    /** Report it as a {@link Rejection} and go on with the next record. */
    LENIENT,
    /** Throw {@link MalformedRecordException}. */
    STRICT
  }
}
