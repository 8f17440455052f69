package dev.crosstrail.io;

/**
 * How readers treat bad input and how much they accept from one record.
 *
 * @param mode lenient (reject and go on, the default) or strict (throw {@link MalformedRecordException})
 * @param maxStringLength the longest JSON string accepted, in characters. The limit guards memory: when
 *     reading files and streams ({@link AuditLogs}) it applies to the members the normalizers read, and
 *     strings in members nobody reads (a large {@code responseElements} body) are stepped over without
 *     being held, whatever their length — except that a line of a line-per-record file may not exceed
 *     six times this limit plus 1 MiB in bytes. The single-record functions ({@code CloudTrail.normalize},
 *     {@code CloudAuditLogs.normalize}) bind the whole record and apply it to every string.
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

  /**
   * The reason to give for a record a JSON parser refused because it broke one of these limits, from
   * the parser's message ({@code StreamConstraintsException}, which names its own getter): which
   * option to raise, in the library and on the command line.
   *
   * @param what the word for one record of the format ({@code record}, {@code entry})
   */
  public static String limitBroken(String parserMessage, String what) {
    String plain = parserMessage.replaceAll(",? from `StreamReadConstraints\\.[A-Za-z]+\\(\\)`", "");
    if (parserMessage.contains("getMaxStringLength")) {
      // Jackson's "String value length (N)" is how far it had read when it gave up, not the string's length:
      // quoting it sent users to raise the limit to N, which failed again
      java.util.regex.Matcher limit = java.util.regex.Pattern.compile("maximum allowed \\((\\d+)")
          .matcher(parserMessage);
      String of = limit.find() ? " of " + limit.group(1) + " characters" : "";
      return "a string is longer than the limit" + of + " (ReadOptions.maxStringLength, the CLI's"
          + " --max-string-length; its full length is not known, as reading stops at the limit); raise the limit"
          + " well above it to read the " + what;
    }
    if (parserMessage.contains("getMaxNestingDepth")) {
      return "JSON nesting is deeper than the limit ReadOptions.maxNestingDepth (" + plain + "); raise it to read the "
          + what + " (the CLI's --max-nesting-depth)";
    }
    return "an input limit was exceeded (" + plain + ")";
  }

  /** What a reader does with a record it cannot normalize. */
  public enum Mode {
    /** Report it as a {@link Rejection} and go on with the next record. */
    LENIENT,
    /** Throw {@link MalformedRecordException}. */
    STRICT
  }
}
