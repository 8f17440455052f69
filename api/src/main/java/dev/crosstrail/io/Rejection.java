package dev.crosstrail.io;

import static java.util.Objects.requireNonNull;

import dev.crosstrail.model.RecordLocation;
import java.util.Optional;

/**
 * A record that could not be normalized, with where it is and why, for example
 * {@code trail.json record 3 line 41 byte 10233 (id 3f6c…): missing required field eventTime}.
 *
 * @param location where the record is
 * @param reason what is wrong, in words that say what was expected and what was found
 * @param excerpt the start of the offending content, cut short (audit payloads are sensitive)
 * @param recordId the record's own id ({@code eventID}, {@code insertId}) when it has one, so that a
 *     query by id can say the record was rejected rather than that it does not exist
 */
public record Rejection(RecordLocation location, String reason, Optional<String> excerpt, Optional<String> recordId) {

  /** The longest excerpt kept. */
  public static final int MAX_EXCERPT = 80;

  public Rejection {
    requireNonNull(location, "location");
    requireNonNull(reason, "reason");
    excerpt = requireNonNull(excerpt, "excerpt").map(Rejection::cut);
    requireNonNull(recordId, "recordId");
  }

  /** A rejection of content with no record id (not JSON, not an object, an id-less record). */
  public Rejection(RecordLocation location, String reason, Optional<String> excerpt) {
    this(location, reason, excerpt, Optional.empty());
  }

  private static String cut(String s) {
    return s.length() <= MAX_EXCERPT ? s : s.substring(0, MAX_EXCERPT) + "…";
  }

  /** Where, the record's id when it has one (to find it in the file), and why. */
  @Override
  public String toString() {
    return location + recordId.map(id -> " (id " + id + ")").orElse("") + ": " + reason;
  }
}
