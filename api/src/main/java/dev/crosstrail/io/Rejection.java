package dev.crosstrail.io;

import static java.util.Objects.requireNonNull;

import dev.crosstrail.model.RecordLocation;
import java.util.Optional;

/**
 * A record that could not be normalized, with where it is and why, for example
 * {@code trail.json record 3 line 41 byte 10233: missing required field eventTime}.
 *
 * @param location where the record is
 * @param reason what is wrong, in words that say what was expected and what was found
 * @param excerpt the start of the offending content, cut short (audit payloads are sensitive)
 */
public record Rejection(RecordLocation location, String reason, Optional<String> excerpt) {

  /** The longest excerpt kept. */
  public static final int MAX_EXCERPT = 80;

  public Rejection {
    requireNonNull(location, "location");
    requireNonNull(reason, "reason");
    excerpt = requireNonNull(excerpt, "excerpt").map(Rejection::cut);
  }

  private static String cut(String s) {
    return s.length() <= MAX_EXCERPT ? s : s.substring(0, MAX_EXCERPT) + "…";
  }

  @Override
  public String toString() {
    return location + ": " + reason;
  }
}
